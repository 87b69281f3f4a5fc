/**
 * Issue 13, finding 7: deleting the database from another tab left the open tab showing deleted
 * memories, then silently recreated an empty store. The open tab now says what happened, drops the
 * stale view, recreates nothing by itself, and reopens only when asked.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { classifyExample, openMemories, saveDrafts } from './support/app';

/**
 * A page of the same origin that does not run the app (so it holds no database connection):
 * answered by the test itself, so it depends on no file of the build.
 */
async function bystander(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.route('**/e2e-bystander.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bystander</title>' }));
  await page.goto('/e2e-bystander.html');
  return page;
}

const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));

test.describe('the database changed in another tab', () => {
  test('deleted elsewhere: the page says so, shows no stale memories, recreates nothing until asked', async ({ context, page }) => {
    await classifyExample(page, 'Brand voice and values');
    await saveDrafts(page);
    await openMemories(page);
    await expect(page.getByTestId('memory').first()).toBeVisible();

    const other = await bystander(context);
    expect(await databases(other)).toContain('memory-router');
    const deleted = await other.evaluate(() => new Promise<string>((resolve) => {
      const req = indexedDB.deleteDatabase('memory-router');
      req.onsuccess = () => resolve('deleted');
      req.onblocked = () => resolve('blocked');
      req.onerror = () => resolve('error');
    }));
    expect(deleted).toBe('deleted');

    const lost = page.getByTestId('store-lost');
    await expect(lost).toHaveAttribute('data-reason', 'deleted');
    await expect(lost).toContainText('Your memory database was deleted in another tab');
    await expect(page.getByTestId('memory')).toHaveCount(0);
    // Other pages say the same, and nothing has brought the database back.
    await page.goto('/#/classify');
    await page.goto('/#/memories');
    await page.waitForTimeout(500);
    expect(await databases(other)).not.toContain('memory-router');

    await lost.getByTestId('store-reopen').click();
    await expect(page.getByTestId('memories-empty')).toBeVisible();
    await expect(page.getByTestId('store-total')).toHaveText('0');
  });

  test('upgraded elsewhere by a newer app: the page says to reload', async ({ context, page }) => {
    await openMemories(page);
    const other = await bystander(context);
    const opened = await other.evaluate(() => new Promise<number>((resolve, reject) => {
      const req = indexedDB.open('memory-router', 10_000);
      req.onsuccess = () => { const v = req.result.version; req.result.close(); resolve(v); };
      req.onerror = () => reject(req.error);
    }));
    expect(opened).toBe(10_000);
    const lost = page.getByTestId('store-lost');
    await expect(lost).toHaveAttribute('data-reason', 'upgraded');
    await expect(lost).toContainText('newer version of this app');
    await expect(lost.getByRole('button', { name: 'Reload this page' })).toBeVisible();
  });
});
