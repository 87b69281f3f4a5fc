/**
 * A loose guard of issue 12's budgets at 10,000 memories, so a regression fails CI: the full
 * figures come from `npm run bench:app` (a separate command). The store is seeded the way a person
 * would, by importing an export file; the file is generated here by the benchmarks' own generator
 * with embed-lite's vectors. Budgets doubled: search round trip p50 <= 200 ms, p95 <= 500 ms; the
 * list stays virtualized (a few dozen rows in the DOM, not 10,000); no main-thread task over 400 ms
 * while searching.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { benchExport, generateMemories, generateQueries } from '../scripts/lib/bench-corpus';
import { makeEmbedder } from '../scripts/lib/embedders';
import { LONG_TASK_PROBE } from '../scripts/lib/bench-app/page-probes';
import { searchRoundTrips } from '../scripts/lib/bench-app/steps';
import { openMemories } from './support/app';

const N = 10_000;
const FILE = resolve('test-results/scale/memories-10k.json');

test.describe('10,000 memories', () => {
  test.setTimeout(180_000);

  test.beforeAll(async () => {
    const embedder = makeEmbedder('lite');
    await embedder.load();
    mkdirSync(resolve('test-results/scale'), { recursive: true });
    writeFileSync(FILE, JSON.stringify(await benchExport(N, { embedder, now: Date.UTC(2025, 5, 1) })));
  });

  test('import, list and search stay within twice the budgets of issue 12', async ({ page }) => {
    await page.addInitScript(LONG_TASK_PROBE);
    await openMemories(page);
    await page.getByTestId('import-input').setInputFiles(FILE);
    const message = page.getByTestId('store-message');
    await expect(message).toContainText('Imported', { timeout: 120_000 });
    // The store shows what the import reports it wrote: every memory of the file is new (the
    // generator's texts are unique per user and category, so none merges by content hash).
    const reported = /Imported (\d+) memories from memories-10k\.json \((\d+) new, (\d+) updated[^,]*, (\d+) merged/.exec((await message.textContent()) ?? '');
    expect(reported, 'the import message counts what was written').not.toBeNull();
    const [written, added, updated, merged] = reported!.slice(1).map(Number);
    expect({ written, added, updated, merged }).toEqual({ written: N, added: N, updated: 0, merged: 0 });
    await expect(page.getByTestId('store-total')).toHaveText(String(added), { timeout: 60_000 });
    await expect(page.getByTestId('memory-count')).toContainText(`${added} shown`);

    const rows = await page.locator('[data-testid="memory-list"] [data-testid="memory"]').count();
    expect(rows).toBeGreaterThan(5);
    expect(rows).toBeLessThan(100);

    const queries = generateQueries(generateMemories(N), 11, 11);
    const search = await searchRoundTrips(page, queries, 30_000);
    console.log(`10k search round trip: p50 ${search.p50.toFixed(0)} ms, p95 ${search.p95.toFixed(0)} ms, first ${search.firstMs.toFixed(0)} ms; longest task ${search.longTasks.longestMs.toFixed(0)} ms`);
    expect(search.p50).toBeLessThanOrEqual(200);
    expect(search.p95).toBeLessThanOrEqual(500);
    expect(search.longTasks.longestMs).toBeLessThanOrEqual(400);
    await expect(page.getByTestId('search-results').getByTestId('memory').first()).toBeVisible();
  });
});
