/**
 * Issue 13, findings 3 and 4: a merge import overwrote a history entry that had the same id (the
 * history is an audit trail: append-only), and stored a second copy of a memory whose text was
 * already stored under another id (every other way in dedups by content hash).
 */
import { expect, test } from '@playwright/test';
import { classifyExample, exportStore, listedTexts, openMemories, saveDrafts } from './support/app';

type Row = Record<string, unknown> & { id: string };

test.describe('import keeps the history append-only and merges by content', () => {
  test('a history entry with an existing id is kept as it was, and the import says so', async ({ page }) => {
    await classifyExample(page, 'Brand voice and values');
    await saveDrafts(page);
    await openMemories(page);
    const { data } = await exportStore(page);
    const original = structuredClone(data.history as Row[]);
    const forged = structuredClone(data);
    (forged.history as Row[])[0] = { ...original[0], event: 'UPDATE', oldText: 'x', newText: 'Rewritten by a file', reason: 'edit' };
    await page.getByTestId('import-input').setInputFiles({ name: 'forged.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(forged)) });
    await expect(page.getByTestId('store-message')).toContainText('1 kept as they were');
    await expect(page.getByTestId('import-notes')).toContainText(`the history is append-only, so the entries here were kept: ${original[0].id}`);

    const after = await exportStore(page);
    expect(after.data.history).toEqual(original);
  });

  test('a memory already stored, under a new id: merged into it, not stored twice', async ({ page }) => {
    await classifyExample(page, 'Brand voice and values');
    await saveDrafts(page);
    await openMemories(page);
    const before = await listedTexts(page);
    const total = await page.getByTestId('store-total').textContent();
    const { data } = await exportStore(page);
    const copy = structuredClone(data);
    const first = (copy.memories as Row[])[0];
    copy.memories = [{ ...first, id: 'from-another-device', text: String(first.text).toUpperCase() }];
    copy.history = [];
    copy.conversations = [];
    await page.getByTestId('import-input').setInputFiles({ name: 'copy.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(copy)) });
    const message = page.getByTestId('store-message');
    await expect(message).toContainText('Imported 1 memory from copy.json (0 new, 0 updated to the file\'s newer version, 1 merged into memories already here (same text))');
    await message.getByTestId('import-merges').locator('summary').click();
    await expect(message.getByTestId('import-merges')).toContainText(`(file id from-another-device) → memory ${first.id}`);
    await expect(page.getByTestId('store-total')).toHaveText(total!);
    expect((await listedTexts(page)).length).toBe(before.length);
  });
});
