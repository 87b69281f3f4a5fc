/**
 * The Benchmark tab in headless Chromium. The benchmark and the published results are read from
 * the shared data folder at test time (never copied into the repository). The LLM path uses the
 * stand-in (?llm=stand-in, keyword rules behind the WebLLM engine interface): no GPU here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const DATA = resolve(process.env.ROUTER_DATA_DIR ?? resolve(process.cwd(), '../shared/data'));
const BENCH = resolve(DATA, 'marketing_routing_benchmark.json');
const PUBLISHED = resolve(DATA, 'published_results_rl8b_vs_cohere104b.json');

async function loadFiles(page: Page): Promise<void> {
  await page.getByTestId('bench-file').setInputFiles(BENCH);
  await page.getByTestId('bench-published-file').setInputFiles(PUBLISHED);
  await expect(page.getByTestId('bench-loaded')).toContainText('50 scenarios');
}

test.describe('benchmark page', () => {
  test.skip(!existsSync(BENCH) || !existsSync(PUBLISHED), `benchmark data not found in ${DATA} (set ROUTER_DATA_DIR)`);

  test('runs on the stand-in LLM: metrics beside the published 8B and 104B, chart, table, JSON download', async ({ page }) => {
    await page.goto('/?llm=stand-in#/benchmark');
    await page.getByTestId('bench-engine').selectOption('stand-in');
    await loadFiles(page);
    await page.getByTestId('bench-run').click();
    const results = page.getByTestId('bench-results');
    await expect(results).toBeVisible({ timeout: 60_000 });
    await expect(results).toContainText('stand-in (test only)');
    await expect(page.getByTestId('bench-summary-ours')).toBeVisible();
    await expect(page.getByTestId('bench-summary-rl_model')).toContainText('72%');
    await expect(page.getByTestId('bench-summary-rl_model')).toContainText('0.68');
    await expect(page.getByTestId('bench-summary-cohere')).toContainText('82%');
    await expect(page.getByTestId('bench-chart').locator('rect')).toHaveCount(9);
    await expect(page.getByTestId('bench-chart-difficulty').locator('rect')).toHaveCount(9);
    await expect(page.getByTestId('bench-rewards')).toContainText('R_total');
    await expect(page.getByTestId('bench-decode-tps')).not.toHaveText('—');
    await expect(page.getByTestId('bench-scenarios').locator('tbody tr')).toHaveCount(50);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bench-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^routing-benchmark-stand-in-.*\.json$/);
    const json = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(json.kind).toBe('memory-router.routing-benchmark');
    expect(json.report.count).toBe(50);
    expect(json.report.published.map((p: { key: string }) => p.key).sort()).toEqual(['cohere', 'rl_model']);
    expect(Object.keys(json.timings.byScenario)).toHaveLength(50);
    expect(json.timings.summary.withTokens).toBe(50);
    // What the page shows is what the file holds.
    await expect(page.getByTestId('bench-summary-ours')).toContainText(json.report.avg_f1.toFixed(2));
  });

  test('runs on router-lite without a GPU; no token figures are invented', async ({ page }) => {
    await page.goto('/#/benchmark');
    await page.getByTestId('bench-engine').selectOption('router-lite');
    await loadFiles(page);
    await page.getByTestId('bench-run').click();
    await expect(page.getByTestId('bench-results')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('bench-decode-tps')).toHaveText('—');
    await expect(page.getByTestId('bench-scenarios').locator('tbody tr')).toHaveCount(50);
  });

  test('a file that is not a benchmark gets a clear message and nothing runs', async ({ page }) => {
    await page.goto('/#/benchmark');
    await page.getByTestId('bench-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"scenarios": [') });
    await expect(page.getByTestId('bench-error')).toContainText('notes.json is not valid JSON');
    await expect(page.getByTestId('bench-run')).toBeDisabled();
  });
});
