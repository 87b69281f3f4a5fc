/**
 * Issue 13, finding 1: a large import locked the page (Export, Import and Forget disabled, the list
 * redrawn per batch) with no way to stop it. The same code path at 5,000 memories: progress shows,
 * Export and Forget stay usable, and Cancel leaves the store as it was (before the write commits)
 * or fully written (during the re-embedding that follows).
 */
import { expect, test } from '@playwright/test';
import { openMemories } from './support/app';
import { asUpload, brandMemories } from './support/export-file';

const N = 5_000;

test.describe('long work stays operable and can be cancelled', () => {
  test('a 5,000-memory import: progress, Export works meanwhile, Forget reachable, Cancel during re-embedding keeps the import', async ({ page }) => {
    test.setTimeout(120_000);
    await openMemories(page);
    await expect(page.getByTestId('store-total')).toHaveText('0');
    await page.getByTestId('import-input').setInputFiles(asUpload(brandMemories(N), 'big.json'));
    const progress = page.getByTestId('import-progress');
    await expect(progress).toBeVisible();
    await expect(page.getByTestId('export')).toBeEnabled();
    await expect(page.getByTestId('forget-everything')).toBeEnabled();

    // Written, now embedding (tens of seconds for 5,000 here).
    await expect(progress.getByRole('progressbar')).toHaveAccessibleName(/Embedding memories/, { timeout: 60_000 });
    // Forget is reachable, and says what it does to the running import.
    await page.getByTestId('forget-everything').click();
    await expect(page.getByRole('dialog', { name: 'Forget everything?' })).toContainText(`all ${N} memories`);
    await expect(page.getByRole('dialog')).toContainText('The running import of big.json is cancelled first.');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
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
    await expect(message).toContainText(/Re-embedding was stopped after \d+ of 5000 memories: the import is written/);
    await expect(page.getByTestId('store-total')).toHaveText(String(N));
  });

  test('Cancel before the write commits: nothing of the file is written', async ({ page }) => {
    await openMemories(page);
    await expect(page.getByTestId('store-total')).toHaveText('0');
    // 20,000 memories take seconds to check and write; the click is dispatched as soon as Cancel exists.
    await page.getByTestId('import-input').setInputFiles(asUpload(brandMemories(20_000), 'bigger.json'));
    await page.getByTestId('import-cancel').dispatchEvent('click');
    await expect(page.getByTestId('store-error')).toContainText('Import cancelled before it was written: nothing was changed.', { timeout: 30_000 });
    await expect(page.getByTestId('import-progress')).toHaveCount(0);
    await expect(page.getByTestId('store-total')).toHaveText('0');
    await expect(page.getByTestId('memories-empty')).toBeVisible();
  });

  test('re-embedding the rest at the next page load shows progress on the Memories page and can be stopped', async ({ page }) => {
    test.setTimeout(120_000);
    await openMemories(page);
    await page.getByTestId('import-input').setInputFiles(asUpload(brandMemories(N), 'big.json'));
    const progress = page.getByTestId('import-progress');
    await expect(progress.getByRole('progressbar')).toHaveAccessibleName(/Embedding memories/, { timeout: 60_000 });
    await page.getByTestId('import-cancel').click();
    await expect(page.getByTestId('store-message')).toContainText('Re-embedding was stopped');

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
