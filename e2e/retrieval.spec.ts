import { expect, test } from '@playwright/test';
import { classifyExample, saveDrafts } from './support/app';

test('the retrieval benchmark runs on the memories the user saved', async ({ page }) => {
  await page.goto('/#/benchmark');
  await page.getByTestId('retrieval-run').click();
  await expect(page.getByText('no memory long enough')).toBeVisible();

  for (const title of ['Brand voice and values', 'This quarter\'s campaign', 'Tools and a campaign retro']) {
    await classifyExample(page, title);
    await saveDrafts(page);
  }
  await page.goto('/#/benchmark');
  await page.getByTestId('retrieval-run').click();
  const result = page.getByTestId('retrieval-result');
  await expect(result).toContainText(/\d+ queries over \d+ memories · your store/);
  const rows = result.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  const keyword = await result.locator('tr[data-mode="keyword"] td').allTextContents();
  expect(keyword[1]).toMatch(/^\d+\.\d%$/);
  expect(Number(keyword[3])).toBeGreaterThan(0);
});
