/**
 * Issue 13, findings 5 and 7 (Escape): tab A's editor vanished with the typed text when tab B
 * deleted the memory; two tabs saving one memory, the last write won silently; Escape did not
 * close the inline editor.
 */
import { expect, test, type Page } from '@playwright/test';
import { classifyExample, listedTexts, openMemories, saveDrafts } from './support/app';

/** A memory's row in the Memories page's list (not in search results). */
const listedRow = (page: Page, id: string) => page.locator(`[data-testid="memory-list"] [data-memory-id="${id}"]`);

async function firstMemory(page: Page) {
  const first = page.getByTestId('memory-list').getByTestId('memory').first();
  const id = (await first.getAttribute('data-memory-id'))!;
  return { id, row: listedRow(page, id) };
}

test.describe('edits that meet another tab', () => {
  test('the memory is deleted in another tab while I type: my text stays, and I can keep it as a new memory', async ({ context }) => {
    const a = await context.newPage();
    await classifyExample(a, 'Brand voice and values');
    await saveDrafts(a);
    await openMemories(a);
    const { id, row } = await firstMemory(a);
    await row.getByRole('button', { name: 'Edit' }).click();
    const typed = 'Our brand voice is warm, plain-spoken and never uses jargon (rewritten in tab A).';
    await row.getByLabel('Memory text').fill(typed);

    const b = await context.newPage();
    await openMemories(b);
    const rowB = listedRow(b, id);
    await rowB.getByRole('button', { name: 'Delete', exact: true }).click();
    await rowB.getByRole('button', { name: 'Delete for good' }).click();

    // Tab A: the row is gone from the list, the typed text is not.
    await expect(listedRow(a, id)).toHaveCount(0);
    const orphan = a.getByTestId('orphaned-edits');
    await expect(orphan).toContainText('This memory was deleted (in another tab?) while you were editing it.');
    await expect(orphan.getByLabel('Memory text')).toHaveValue(typed);
    await expect(orphan.getByRole('button', { name: 'Overwrite with mine' })).toHaveCount(0);
    await orphan.getByRole('button', { name: 'Save mine as a new memory' }).click();
    await expect(a.getByTestId('orphan-result')).toContainText('Saved as a new memory.');
    await expect.poll(() => listedTexts(a)).toContainEqual(typed);
    await expect.poll(() => listedTexts(b)).toContainEqual(typed);
  });

  test('two tabs save one memory: the second is asked, and chooses to overwrite; the history keeps both', async ({ context }) => {
    const a = await context.newPage();
    await classifyExample(a, 'Brand voice and values');
    await saveDrafts(a);
    await openMemories(a);
    const { id, row } = await firstMemory(a);
    await row.getByRole('button', { name: 'Edit' }).click();
    await row.getByLabel('Memory text').fill('Version from tab A.');

    const b = await context.newPage();
    await openMemories(b);
    const rowB = listedRow(b, id);
    await rowB.getByRole('button', { name: 'Edit' }).click();
    await rowB.getByLabel('Memory text').fill('Version from tab B.');
    await rowB.getByRole('button', { name: 'Save' }).click();
    await expect(rowB.getByTestId('memory-text')).toHaveText('Version from tab B.');

    // Tab A sees that the memory changed under its edit, and its save is refused, not silent.
    await expect(row.getByTestId('edit-changed')).toContainText('Version from tab B.');
    await row.getByRole('button', { name: 'Save' }).click();
    const conflict = row.getByTestId('edit-conflict');
    await expect(conflict).toContainText('It now reads “Version from tab B.”');
    await expect(row.getByLabel('Memory text')).toHaveValue('Version from tab A.');
    await conflict.getByRole('button', { name: 'Overwrite with mine' }).click();
    await expect(row.getByTestId('memory-text')).toHaveText('Version from tab A.');
    await expect(rowB.getByTestId('memory-text')).toHaveText('Version from tab A.');
    await row.getByRole('button', { name: 'History' }).click();
    await expect(row.getByTestId('memory-history')).toContainText('was “Version from tab B.”');
  });

  test('Escape closes the editor and keeps the memory as it was', async ({ page }) => {
    await classifyExample(page, 'Brand voice and values');
    await saveDrafts(page);
    await openMemories(page);
    const { row } = await firstMemory(page);
    const text = await row.getByTestId('memory-text').textContent();
    await row.getByRole('button', { name: 'Edit' }).click();
    await row.getByLabel('Memory text').fill('Typed, then abandoned');
    await row.getByLabel('Memory text').press('Escape');
    await expect(row.getByTestId('memory-editor')).toHaveCount(0);
    await expect(row.getByTestId('memory-text')).toHaveText(text!);
  });
});
