import { expect, test } from '@playwright/test';
import { classifyExample, openMemories } from './support/app';

test('storage full: saving says what to do and keeps the drafts; with space again they save', async ({ page, context, baseURL }) => {
  // Chromium's own quota override, set before the app opens its database (it binds connections
  // opened after it): the site has 1 byte, so any write is refused with QuotaExceededError.
  const origin = new URL(baseURL!).origin;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });

  await classifyExample(page, 'Tools and a campaign retro');
  const boxes = page.getByTestId('memory-draft').locator('textarea');
  await expect(boxes.first()).toBeVisible();
  const values = () => boxes.evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
  const drafts = await values();
  await page.getByTestId('save-memories').click();

  const error = page.getByTestId('save-error');
  await expect(error).toContainText('Storage is full');
  await expect(error).toContainText('export your memories');
  // Nothing is lost: every draft is still in its box.
  expect(await values()).toEqual(drafts);

  // Space again: the same drafts save.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await page.getByTestId('save-memories').click();
  await expect(page.getByTestId('save-result')).toContainText(`Saved: ${drafts.length} new`);
  await openMemories(page);
  await expect(page.getByTestId('store-total')).toHaveText(String(drafts.length));
});
