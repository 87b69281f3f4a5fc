/**
 * Issue 13, finding 9: the memories lived in best-effort storage and nothing asked for persistent
 * storage. The app asks once, at the first save, and the Memories page shows the browser's answer
 * (with an export suggested while it is best-effort).
 */
import { expect, test, type Page } from '@playwright/test';
import { classifyExample, openMemories, saveDrafts } from './support/app';

/** Counts the page's calls of navigator.storage.persist(). */
async function countPersistCalls(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const storage = navigator.storage;
    const original = storage.persist.bind(storage);
    (window as unknown as { __persistCalls: number }).__persistCalls = 0;
    storage.persist = () => { (window as unknown as { __persistCalls: number }).__persistCalls++; return original(); };
  });
}
const persistCalls = (page: Page) => page.evaluate(() => (window as unknown as { __persistCalls: number }).__persistCalls);

test.describe('persistent storage for the memories', () => {
  test('asked at the first save only; when the browser says no, the page says best-effort and suggests an export', async ({ page }) => {
    await countPersistCalls(page);
    await openMemories(page);
    await expect(page.getByTestId('persistence')).toHaveAttribute('data-state', 'best-effort');
    expect(await persistCalls(page)).toBe(0);

    await classifyExample(page, 'Brand voice and values');
    await saveDrafts(page);
    await expect.poll(() => persistCalls(page)).toBe(1);
    await classifyExample(page, 'Tools and a campaign retro');
    await saveDrafts(page);
    await openMemories(page);
    const granted = await page.evaluate(() => navigator.storage.persisted());
    const state = page.getByTestId('persistence');
    await expect(state).toHaveAttribute('data-state', granted ? 'persistent' : 'best-effort');
    if (!granted) await expect(state).toContainText('Export them now and then');
    // Asked once: the second save and the Memories page did not ask again (same document throughout).
    expect(await persistCalls(page)).toBe(1);
    expect(await page.evaluate(() => localStorage.getItem('memory-router.persistence'))).toBe(granted ? 'granted' : 'denied');
  });

  test('when the browser grants it, the Memories page says persistent', async ({ page, context, baseURL }) => {
    // Chromium's own permission for navigator.storage.persist(), granted to this test's browser context.
    const pageSession = await context.newCDPSession(page);
    const { targetInfo } = await pageSession.send('Target.getTargetInfo');
    const cdp = await context.browser()!.newBrowserCDPSession();
    await cdp.send('Browser.grantPermissions', { origin: new URL(baseURL!).origin, permissions: ['durableStorage'], browserContextId: targetInfo.browserContextId });
    await classifyExample(page, 'Brand voice and values');
    await saveDrafts(page);
    await openMemories(page);
    await expect(page.getByTestId('persistence')).toHaveAttribute('data-state', 'persistent');
    await expect(page.getByTestId('persistence')).toContainText('persistent');
    expect(await page.evaluate(() => navigator.storage.persisted())).toBe(true);
  });
});
