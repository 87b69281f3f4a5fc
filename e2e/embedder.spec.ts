import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { classifyExample, saveDrafts, search } from './support/app';

/**
 * The neural-embedder path end to end, offline: ?embed=fixture makes the "neural" model the
 * project's own tiny ONNX fixture served by the app, run by transformers.js in its worker.
 */
test('download and switch the embedding model: memories are re-embedded, search stays hybrid, the choice is remembered', async ({ context, page }) => {
  const outside: string[] = [];
  context.on('request', (r) => { if (!/^(http:\/\/localhost|data:|blob:)/.test(r.url())) outside.push(r.url()); });

  await page.goto('/?embed=fixture#/classify');
  await classifyExample(page, 'Brand voice and values');
  await saveDrafts(page);

  await page.goto('/?embed=fixture#/models');
  const panel = page.getByTestId('embedder-panel');
  await expect(panel.getByTestId('embedder-active')).toContainText('embed-lite@');
  await panel.getByTestId('embedder-use-neural').click();
  await expect(panel.getByTestId('embedder-active')).toContainText('fixture-embed', { timeout: 60_000 });
  await expect(panel.getByTestId('embedder-neural')).toContainText('dimensions');
  await expect(panel.getByTestId('embedder-error')).toHaveCount(0);
  // With the neural model in use, the Models page measures retrieval on the user's own memories.
  const figures = panel.getByTestId('own-store-figures');
  await expect(figures.getByTestId('retrieval-result')).toBeVisible({ timeout: 60_000 });
  await expect(figures.locator('tr[data-mode="hybrid"]')).toContainText('%');

  await page.goto('/?embed=fixture#/memories');
  await expect(page.getByTestId('store-tools')).toBeVisible();
  // Every stored memory now carries a vector of the new model.
  const download = page.waitForEvent('download');
  await page.getByTestId('export').click();
  const exported = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as { memories: { embeddingModel: string | null; embedding: string | null }[] };
  expect(exported.memories.length).toBeGreaterThan(0);
  expect(exported.memories.every((m) => m.embeddingModel === 'fixture-embed' && m.embedding)).toBe(true);
  await search(page, 'brand voice');
  await expect(page.getByTestId('search-results')).toContainText('hybrid search');

  await page.reload();
  await page.goto('/?embed=fixture#/models');
  await expect(page.getByTestId('embedder-panel').getByTestId('embedder-active')).toContainText('fixture-embed', { timeout: 60_000 });

  // Back to the built-in model.
  await page.getByTestId('embedder-use-lite').click();
  await expect(page.getByTestId('embedder-panel').getByTestId('embedder-active')).toContainText('embed-lite@');
  expect(outside).toEqual([]);
});
