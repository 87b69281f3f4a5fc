import { expect, test } from '@playwright/test';
import { classifyText, openMemories, saveDrafts, search } from './support/app';

function isLocal(raw: string): boolean {
  const url = new URL(raw);
  if (url.protocol === 'data:' || url.protocol === 'blob:') return true;
  return (url.protocol === 'http:' || url.protocol === 'ws:') && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
}

test.describe('privacy', () => {
  test('no request leaves localhost while a conversation is classified, saved and searched', async ({ context, page }) => {
    const requests: string[] = [];
    const attemptedOutside: string[] = [];
    // Every request of every page and worker of this context, including ones routed below.
    context.on('request', (r) => requests.push(r.url()));
    // The internet is "off": anything not local is aborted, and recorded if it was even tried.
    await context.route((url) => !isLocal(url.href), (route) => {
      attemptedOutside.push(route.request().url());
      return route.abort('blockedbyclient');
    });

    const secret = 'USER: Our confidential Q3 plan: launch Project Nightingale to 40,000 accounts, budget 1.2M. Keep it short in bullet points.';
    await classifyText(page, secret);
    await saveDrafts(page);
    await openMemories(page);
    // Search with vectors too (embed-lite ships with the app), so the embedder is covered.
    await expect(page.getByTestId('privacy-badge')).toHaveAttribute('data-embedder', /^embed-lite@/);
    await search(page, 'Project Nightingale launch');
    await expect(page.getByTestId('search-results')).toContainText('hybrid search');
    await expect(page.getByTestId('search-results').getByTestId('memory-text').first()).toContainText('Nightingale');

    // The recording saw the app's own traffic (so it was working) ...
    expect(requests.some((u) => u.endsWith('/models/router.bin'))).toBe(true);
    expect(requests.some((u) => u.endsWith('/models/embed-lite.bin'))).toBe(true);
    // ... and nothing else.
    expect(requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(attemptedOutside).toEqual([]);

    // The badge agrees, from inside the page.
    await expect(page.getByTestId('privacy-badge')).toHaveText(/On-device · 0 network requests with your data/);
    await page.getByTestId('privacy-badge').click();
    await expect(page.getByTestId('tally-other')).toHaveText('0');
    await expect(page.getByTestId('tally-model')).toHaveText('0');
  });
});
