/**
 * Issue 13, finding 2: counts that were not true. A batch of near-duplicate lines was reported as
 * one stored memory per line; a merge import that wrote nothing said "Imported 1 memories … 1
 * re-hashed"; the Memories page said "0 memories" for a moment after every reload.
 */
import { expect, test } from '@playwright/test';
import { classifyExample, exportStore, listedTexts, openMemories, saveDrafts } from './support/app';

test.describe('counts tell the truth', () => {
  test('a batch of near-duplicate lines: the message counts memories, as many as the store holds, and lists the merges', async ({ page }) => {
    await page.goto('/#/classify');
    const line = (i: number) => JSON.stringify({ conversation: [{ role: 'user', content: `Our brand voice is warm and plain-spoken, and we never use jargon in campaign ${i}.` }] });
    const jsonl = Array.from({ length: 40 }, (_, i) => line(i + 1)).join('\n');
    await page.getByTestId('file-input').setInputFiles({ name: 'same-fact.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(jsonl) });
    await page.getByTestId('batch-start').click();
    await expect(page.getByTestId('batch-summary')).toContainText('40 routed');
    await page.getByTestId('batch-save').click();
    const result = page.getByTestId('batch-save-result');
    await expect(result).toBeVisible();
    const text = (await result.textContent()) ?? '';
    const m = /(\d+) memories stored or updated from 40 conversations: (\d+) new, (\d+) updated.*?(\d+) facts went into (\d+) memor/.exec(text);
    expect(m, text).not.toBeNull();
    const [, stored, added, updated, facts, into] = m!.map(Number);
    // Which facts went where is one click away.
    await result.getByTestId('save-merges').locator('summary').click();
    await expect(result.getByTestId('save-merges').locator('li').first()).toContainText('took in');

    await openMemories(page);
    const { data } = await exportStore(page);
    const rows = (data.memories as unknown[]).length;
    // The store was empty: every memory the batch made is new, and the message says how many there are.
    expect(updated).toBe(0);
    expect(added).toBe(rows);
    expect(stored).toBe(rows);
    expect(into).toBe(rows);
    expect(facts).toBeGreaterThan(rows);
    await expect(page.getByTestId('store-total')).toHaveText(String(rows));
  });

  test('a merge import that writes nothing says so, and counts no re-hash', async ({ page }) => {
    await classifyExample(page, 'Brand voice and values');
    await saveDrafts(page);
    await openMemories(page);
    const before = await listedTexts(page);
    const { data } = await exportStore(page);
    const memories = data.memories as Array<{ text: string; updatedAt: number }>;
    // An older copy of the first memory, its text edited by hand (so its hash no longer matches).
    memories[0] = { ...memories[0], text: `${memories[0].text} (older, edited)`, updatedAt: memories[0].updatedAt - 60_000 };
    await page.getByTestId('import-input').setInputFiles({ name: 'older.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(data)) });
    const message = page.getByTestId('store-message');
    await expect(message).toContainText('Nothing new in older.json: no memory was written');
    await expect(message).toContainText(`${memories.length} memor${memories.length === 1 ? 'y was' : 'ies were'} already here (1 kept because this browser's version is as new or newer)`);
    await expect(message).not.toContainText('re-hashed');
    expect(await listedTexts(page)).toEqual(before);
  });

  test('after a reload the count shows "counting", never 0, until it is known', async ({ page }) => {
    await classifyExample(page, 'Brand voice and values');
    await saveDrafts(page);
    await openMemories(page);
    const total = await page.getByTestId('store-total').textContent();
    expect(Number(total)).toBeGreaterThan(0);
    // Every value the count ever shows, from the first paint on.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __totals: string[] }).__totals = seen;
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="store-total"], [data-testid="store-total-loading"]');
        if (el && seen[seen.length - 1] !== el.textContent) seen.push(el.textContent ?? '');
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.reload();
    await expect(page.getByTestId('store-total')).toHaveText(total!);
    const seen = await page.evaluate(() => (window as unknown as { __totals: string[] }).__totals);
    expect(seen).not.toContain('0');
    expect(seen[seen.length - 1]).toBe(total);
  });
});
