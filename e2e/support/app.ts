/** Steps shared by the e2e specs, written as a person would do them. */
import { expect, type Page } from '@playwright/test';

/** `query` keeps page switches such as ?llm=stand-in across the navigation. */
export async function classifyExample(page: Page, title: string, query = ''): Promise<void> {
  await page.goto(`/${query}#/classify`);
  await page.getByLabel('Example').selectOption({ label: title });
  await page.getByTestId('classify-button').click();
  await expect(page.getByTestId('routing-engine')).toBeVisible();
}

export async function classifyText(page: Page, text: string): Promise<void> {
  await page.goto('/#/classify');
  await page.getByTestId('conversation-input').fill(text);
  await page.getByTestId('classify-button').click();
  await expect(page.getByTestId('routing-engine')).toBeVisible();
}

/** Saves the drafts of the last classification; returns the success line. */
export async function saveDrafts(page: Page): Promise<string> {
  await expect(page.getByTestId('memory-draft').first()).toBeVisible();
  await page.getByTestId('save-memories').click();
  const result = page.getByTestId('save-result');
  await expect(result).toBeVisible();
  return (await result.textContent()) ?? '';
}

export async function openMemories(page: Page): Promise<void> {
  await page.goto('/#/memories');
  await expect(page.getByTestId('store-tools')).toBeVisible();
}

/** Searches and waits for the results of this query (the heading names the query its results answer). */
export async function search(page: Page, query: string): Promise<void> {
  const box = page.getByRole('searchbox', { name: 'Search memories' });
  await box.fill(query);
  await box.press('Enter');
  await expect(page.getByTestId('search-results').getByRole('heading')).toContainText(`“${query}”`);
}

/** Memory texts of the Memories page's list (the rows it has rendered: a virtualized list), in page order. */
export async function listedTexts(page: Page): Promise<string[]> {
  return page.locator('[data-testid="memory-list"] [data-testid="memory-text"]').allTextContents();
}

/** Clicks Export on the Memories page and returns the parsed file. */
export async function exportStore(page: Page): Promise<{ path: string; data: Record<string, unknown> }> {
  const download = page.waitForEvent('download');
  await page.getByTestId('export').click();
  const file = await download;
  const path = (await file.path())!;
  const { readFileSync } = await import('node:fs');
  return { path, data: JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> };
}
