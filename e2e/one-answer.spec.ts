/**
 * "Where it goes" and "Memories to keep" are one answer: every category shown has a memory draft,
 * and every draft's category is shown. With router-lite both come from the same segment scores;
 * with an LLM engine (here the labelled test stand-in) the drafts are found for its categories.
 */
import { expect, test, type Page } from '@playwright/test';

// Written for this test: a new head of growth states role, format, priority, tools and voice.
const PASTE = [
  "USER: Hi! I'm the new head of growth at Pennyworth, a B2C fintech app.",
  'ASSISTANT: Welcome! How can I help?',
  'USER: Please give me bullet points, I skim everything on my phone.',
  'USER: Our Q3 priority is getting CAC payback under 14 months.',
  'USER: We use HubSpot for CRM and Looker for dashboards, and our brand voice is confident but never arrogant.',
].join('\n');

async function shownAndDrafted(page: Page): Promise<{ shown: string[]; drafted: string[] }> {
  await expect(page.getByTestId('memory-draft').first()).toBeVisible();
  const shown = await page.locator('[data-testid="category-chips"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-category') ?? ''));
  const drafted = await page.getByTestId('memory-draft').locator('select').evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value));
  return { shown: [...new Set(shown)].sort(), drafted: [...new Set(drafted)].sort() };
}

test.describe('one answer', () => {
  test('router-lite: five facts give five categories and five drafts that agree, each with the turn it came from', async ({ page }) => {
    await page.goto('/#/classify');
    await page.getByTestId('conversation-input').fill(PASTE);
    await page.getByTestId('classify-button').click();
    const { shown, drafted } = await shownAndDrafted(page);
    expect(drafted).toEqual(shown);
    expect(shown).toEqual(['company.brand_core', 'company.business_priorities', 'company.tools_config', 'user.communication_style', 'user.role_context']);
    await expect(page.getByTestId('memory-draft')).toHaveCount(5);
    await expect(page.getByTestId('draft-meta').first()).toContainText(/from turn \d \(user\)/);
  });

  test('an LLM engine (the labelled test stand-in): its categories get drafts, and no draft has another category', async ({ page }) => {
    await page.goto('/?llm=stand-in#/models');
    const manager = page.getByTestId('model-manager-stand-in');
    await manager.getByTestId('model-load').click();
    await expect(manager.getByTestId('model-loaded')).toBeVisible();
    await page.getByRole('link', { name: 'Classify' }).click();
    await page.getByTestId('engine-select').selectOption('stand-in');
    await page.getByTestId('conversation-input').fill(PASTE);
    await page.getByTestId('classify-button').click();
    await expect(page.getByTestId('routing-engine')).toContainText('stand-in');
    const { shown, drafted } = await shownAndDrafted(page);
    expect(shown.length).toBeGreaterThan(0);
    expect(drafted).toEqual(shown);
  });

  test('small talk: none, and no draft at all', async ({ page }) => {
    await page.goto('/#/classify');
    await page.getByTestId('conversation-input').fill('USER: hi! thanks so much for yesterday\nASSISTANT: Anytime, have a great day!');
    await page.getByTestId('classify-button').click();
    await expect(page.locator('[data-testid="category-chips"] li[data-category="none"]')).toBeVisible();
    await expect(page.getByTestId('memory-drafts')).toContainText('Nothing in this conversation is worth storing');
    await expect(page.getByTestId('memory-draft')).toHaveCount(0);
  });
});
