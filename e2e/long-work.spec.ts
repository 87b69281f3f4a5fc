/**
 * Issue 13, finding 1: a large import locked the page (Export, Import and Forget disabled, the list
 * redrawn per batch) with no way to stop it. Progress shows, Export and Forget stay usable, and
 * Cancel leaves the store as it was (before the write commits) or fully written (during the
 * re-embedding that follows).
 *
 * Since issue 12 the import runs in the search worker, and with embed-lite (the app's default) the
 * worker embeds the file's memories before it writes them (each row written once, with its vector):
 * a cancel while it embeds is a cancel before the write. The neural model embeds in its own worker
 * without a port to the search worker, so with it the import is written first and re-embedded after:
 * that is where a cancel keeps the import written (the e2e build's ?embed=fixture model stands in
 * for it). 20,000 memories: embedding them takes seconds here with either model.
 */
import { expect, test, type Page } from '@playwright/test';
import { openMemories } from './support/app';
import { asUpload, brandMemories } from './support/export-file';

const N = 20_000;

/** The Memories page with the neural model chosen (remembered as a person's choice is). */
async function openMemoriesWithNeuralModel(page: Page): Promise<void> {
  await page.addInitScript(() => localStorage.setItem('memory-router.embedder', 'neural'));
  await page.goto('/?embed=fixture#/memories');
  await expect(page.getByTestId('store-tools')).toBeVisible();
}

test.describe('long work stays operable and can be cancelled', () => {
  test('a 20,000-memory import: progress while it embeds before writing, Export works meanwhile, Forget reachable, Cancel leaves the store as it was', async ({ page }) => {
    test.setTimeout(120_000);
    await openMemories(page);
    await expect(page.getByTestId('store-total')).toHaveText('0');
    await page.getByTestId('import-input').setInputFiles(asUpload(brandMemories(N), 'big.json'));
    const progress = page.getByTestId('import-progress');
    await expect(progress).toBeVisible();
    await expect(page.getByTestId('export')).toBeEnabled();
    await expect(page.getByTestId('forget-everything')).toBeEnabled();

    // Embedding in the search worker, before the write: the page says what a cancel does now.
    await expect(progress.getByRole('progressbar')).toHaveAccessibleName(/Embedding memories/, { timeout: 60_000 });
    await expect(progress).toContainText('Cancel now and nothing of this file is written.');
    // Forget is reachable, and says what it does to the running import.
    await page.getByTestId('forget-everything').click();
    await expect(page.getByRole('dialog', { name: 'Forget everything?' })).toContainText('all 0 memories');
    await expect(page.getByRole('dialog')).toContainText('The running import of big.json is cancelled first.');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    // An export made meanwhile holds the store as it is: nothing of the file yet.
    const download = page.waitForEvent('download');
    await page.getByTestId('export').click();
    const stream = await (await download).createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    expect((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { memories: unknown[] }).memories).toHaveLength(0);
    await expect(progress.getByRole('progressbar')).toHaveAccessibleName(/Embedding memories/);
    await page.getByTestId('import-cancel').click();
    await expect(page.getByTestId('store-error')).toContainText('Import cancelled before it was written: nothing was changed.');
    await expect(progress).toHaveCount(0);
    await expect(page.getByTestId('store-total')).toHaveText('0');
    await expect(page.getByTestId('memories-empty')).toBeVisible();
  });

  test('Cancel before the write commits: nothing of the file is written', async ({ page }) => {
    await openMemories(page);
    await expect(page.getByTestId('store-total')).toHaveText('0');
    // 20,000 memories take seconds to read, embed, check and write; the click is dispatched as soon as Cancel exists.
    await page.getByTestId('import-input').setInputFiles(asUpload(brandMemories(20_000), 'bigger.json'));
    await page.getByTestId('import-cancel').dispatchEvent('click');
    await expect(page.getByTestId('store-error')).toContainText('Import cancelled before it was written: nothing was changed.', { timeout: 30_000 });
    await expect(page.getByTestId('import-progress')).toHaveCount(0);
    await expect(page.getByTestId('store-total')).toHaveText('0');
    await expect(page.getByTestId('memories-empty')).toBeVisible();
  });

  test('written first, then re-embedded (the neural model): Export meanwhile holds every memory, Cancel keeps the import, and the rest is re-embedded at the next page load with progress and a Stop', async ({ page }) => {
    test.setTimeout(180_000);
    await openMemoriesWithNeuralModel(page);
    await expect(page.getByTestId('store-total')).toHaveText('0');
    await page.getByTestId('import-input').setInputFiles(asUpload(brandMemories(N), 'big.json'));
    const progress = page.getByTestId('import-progress');
    // Written, now embedding.
    await expect(progress.getByRole('progressbar')).toHaveAccessibleName(/Embedding memories/, { timeout: 90_000 });
    await expect(progress).toContainText('The file is written; Cancel stops making vectors');
    await expect(page.getByTestId('export')).toBeEnabled();
    await expect(page.getByTestId('forget-everything')).toBeEnabled();
    // An export made meanwhile holds every written memory.
    const download = page.waitForEvent('download');
    await page.getByTestId('export').click();
    const stream = await (await download).createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    expect((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { memories: unknown[] }).memories).toHaveLength(N);
    await expect(progress).toBeVisible();
    await page.getByTestId('import-cancel').click();
    const message = page.getByTestId('store-message');
    await expect(message).toContainText(`Imported ${N} memories from big.json (${N} new`);
    await expect(message).toContainText(new RegExp(`Re-embedding was stopped after \\d+ of ${N} memories: the import is written`));
    await expect(page.getByTestId('store-total')).toHaveText(String(N));

    await page.reload();
    const reembed = page.getByTestId('reembed-progress');
    await expect(reembed).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('export')).toBeEnabled();
    await reembed.getByTestId('reembed-stop').click();
    await expect(page.getByTestId('reembed-stopped')).toContainText(/Re-embedding stopped after \d+ of \d+ memories/);
    await expect(page.getByTestId('store-total')).toHaveText(String(N));
  });

  test('a batch save shows progress and Stop leaves nothing of the batch stored', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/#/classify');
    const line = (i: number) => JSON.stringify({ conversation: [{ role: 'user', content: `Our Q${(i % 4) + 1} priority ${i} is the partner launch campaign with a budget of ${i * 1000} dollars. Keep answers short in bullet points.` }] });
    await page.getByTestId('file-input').setInputFiles({ name: 'many.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(Array.from({ length: 400 }, (_, i) => line(i)).join('\n')) });
    await page.getByTestId('batch-start').click();
    await expect(page.getByTestId('batch-summary')).toContainText('400 routed', { timeout: 90_000 });
    await page.getByTestId('batch-save').click();
    await page.getByTestId('batch-save-stop').dispatchEvent('click');
    await expect(page.getByText('The batch was not saved; nothing from it was stored')).toBeVisible();
    await expect(page.getByText('Stopped before saving: nothing from this batch was stored.')).toBeVisible();
    await openMemories(page);
    await expect(page.getByTestId('store-total')).toHaveText('0');
  });
});
