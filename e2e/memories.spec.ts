import { expect, test } from '@playwright/test';
import { classifyExample, classifyText, exportStore, listedTexts, openMemories, saveDrafts, search } from './support/app';

test.describe('memories', () => {
  test('a single paste is saved with its conversation and routing: the export holds the conversation and links its memories', async ({ page }) => {
    const pasted = [
      'USER: We use HubSpot as our CRM and Looker for every dashboard.',
      'ASSISTANT: Got it.',
      'USER: Please keep your answers short, in bullet points.',
    ].join('\n');
    await classifyText(page, pasted);
    await saveDrafts(page);
    await openMemories(page);
    const { data } = await exportStore(page);
    const conversations = data.conversations as Array<{ text: string; turns: unknown[]; routing: { categories: string[] } | null; engine: string; memoryIds: string[] }>;
    const memories = data.memories as Array<{ id: string; sourceConversationId: string | null }>;
    expect(conversations).toHaveLength(1);
    expect(conversations[0].text).toBe(pasted);
    expect(conversations[0].turns).toHaveLength(3);
    expect(conversations[0].engine).toBe('router-lite');
    expect(conversations[0].routing?.categories.length).toBeGreaterThan(0);
    expect(memories.length).toBeGreaterThan(0);
    expect(conversations[0].memoryIds.sort()).toEqual(memories.map((m) => m.id).sort());
    expect(memories.every((m) => m.sourceConversationId !== null)).toBe(true);
  });

  test('paste, classify with router-lite, save, and search finds it; after a reload it is still there', async ({ page }) => {
    await classifyText(page, [
      'USER: Our brand voice is warm, plain-spoken and a little playful; we never use jargon.',
      'ASSISTANT: Noted.',
    ].join('\n'));
    await expect(page.getByTestId('routing-engine')).toContainText('router-lite');
    const saved = await saveDrafts(page);
    expect(saved).toMatch(/Saved: [1-9]\d* new/);

    await openMemories(page);
    await expect(page.getByTestId('scope-company')).toBeVisible();
    const before = await listedTexts(page);
    expect(before.some((t) => /brand voice is warm/i.test(t))).toBe(true);

    await search(page, 'brand voice warm playful');
    const results = page.getByTestId('search-results');
    await expect(results.getByTestId('memory-text').first()).toContainText(/brand voice is warm/i);

    await page.reload();
    await expect(page.getByTestId('store-tools')).toBeVisible();
    await expect.poll(() => listedTexts(page)).toEqual(before);
  });

  test('a second search never shows the first one\'s results under its own heading', async ({ page }) => {
    await classifyText(page, [
      'USER: Our brand voice is warm and plain-spoken.',
      'USER: We use HubSpot for email and Salesforce as our CRM.',
    ].join('\n'));
    await saveDrafts(page);
    await openMemories(page);
    await search(page, 'brand voice warm');
    const results = page.getByTestId('search-results');
    await expect(results.getByTestId('memory-text').first()).toContainText(/brand voice/i);
    // Every state the results go through on the way to the next answer, as painted.
    await page.evaluate(() => {
      const w = window as unknown as { seen: Array<[string, string]> };
      w.seen = [];
      const box = document.querySelector('[data-testid="search-results"]')!.parentElement!;
      const note = () => {
        const r = document.querySelector('[data-testid="search-results"]');
        w.seen.push([r?.querySelector('h2')?.textContent ?? '', r?.querySelector('[data-testid="memory-text"]')?.textContent ?? '']);
      };
      new MutationObserver(note).observe(box, { subtree: true, childList: true, characterData: true });
    });
    await search(page, 'email tool HubSpot');
    await expect(results.getByTestId('memory-text').first()).toContainText(/HubSpot/);
    const seen = await page.evaluate(() => (window as unknown as { seen: Array<[string, string]> }).seen);
    expect(seen.length).toBeGreaterThan(0);
    for (const [heading, first] of seen) {
      if (heading.includes('email tool HubSpot')) expect(first).toMatch(/HubSpot/);
    }
  });

  test('edit, pin and delete are kept in the history', async ({ page }) => {
    await classifyExample(page, 'How I like answers');
    await saveDrafts(page);
    await openMemories(page);
    const first = page.getByTestId('memory').first();
    const id = await first.getAttribute('data-memory-id');
    const row = page.locator(`[data-memory-id="${id}"]`).first();

    await row.getByRole('button', { name: 'Edit' }).click();
    await row.getByLabel('Memory text').fill('Keep answers short: recommendation first, then bullets.');
    await row.getByRole('button', { name: 'Save' }).click();
    await expect(row.getByTestId('memory-text')).toHaveText('Keep answers short: recommendation first, then bullets.');

    await row.getByRole('button', { name: 'Pin' }).click();
    await expect(row.getByTestId('expiry-badge')).toHaveText('pinned · kept');

    await row.getByRole('button', { name: 'History' }).click();
    await expect(row.getByTestId('memory-history')).toContainText('ADD');
    await expect(row.getByTestId('memory-history')).toContainText(/UPDATE \(edit\)/);

    const total = Number(await page.getByTestId('store-total').textContent());
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
    await row.getByRole('button', { name: 'Delete for good' }).click();
    await expect(page.locator(`[data-memory-id="${id}"]`)).toHaveCount(0);
    await expect(page.getByTestId('store-total')).toHaveText(String(total - 1));
  });

  test('export, forget everything, import: the store is identical', async ({ page }) => {
    await classifyExample(page, 'Brand voice and values');
    await saveDrafts(page);
    await classifyExample(page, 'Tools and a campaign retro');
    await saveDrafts(page);
    await openMemories(page);
    const texts = await listedTexts(page);
    expect(texts.length).toBeGreaterThan(1);

    const first = await exportStore(page);
    expect((first.data.memories as unknown[]).length).toBe(texts.length);
    expect((first.data.history as unknown[]).length).toBeGreaterThanOrEqual(texts.length);

    await page.getByTestId('forget-everything').click();
    await expect(page.getByRole('dialog', { name: 'Forget everything?' })).toBeVisible();
    await page.getByTestId('confirm-forget').click();
    await expect(page.getByTestId('memories-empty')).toBeVisible();
    await expect(page.getByTestId('store-total')).toHaveText('0');

    await page.getByTestId('import-input').setInputFiles(first.path);
    await expect(page.getByTestId('store-message')).toContainText(`Imported ${texts.length} memories`);
    await expect.poll(() => listedTexts(page)).toEqual(texts);

    const second = await exportStore(page);
    const strip = (d: Record<string, unknown>) => ({ ...d, exportedAt: undefined });
    expect(strip(second.data)).toEqual(strip(first.data));
  });

  test('forget everything asks first, and Cancel keeps everything', async ({ page }) => {
    await classifyExample(page, 'Brand voice and values');
    await saveDrafts(page);
    await openMemories(page);
    const total = await page.getByTestId('store-total').textContent();
    await page.getByTestId('forget-everything').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('dialog')).toBeHidden();
    await expect(page.getByTestId('store-total')).toHaveText(total!);
  });

  test('a file that is not an export is refused and nothing changes', async ({ page }) => {
    await classifyExample(page, 'Brand voice and values');
    await saveDrafts(page);
    await openMemories(page);
    const before = await listedTexts(page);
    await page.getByTestId('import-input').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"memories": [{"id": 1}]}') });
    await expect(page.getByTestId('store-error')).toContainText('notes.json');
    await page.getByTestId('import-input').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"memories": [') });
    await expect(page.getByTestId('store-error')).toContainText('broken.json is not valid JSON');
    expect(await listedTexts(page)).toEqual(before);
  });

  test('a second tab sees a write at once', async ({ context }) => {
    const viewer = await context.newPage();
    await openMemories(viewer);
    await expect(viewer.getByTestId('memories-empty')).toBeVisible();

    const writer = await context.newPage();
    await classifyExample(writer, 'This quarter\'s campaign');
    await saveDrafts(writer);

    await expect(viewer.getByTestId('memories-empty')).toHaveCount(0);
    await expect.poll(() => listedTexts(viewer)).toContainEqual(expect.stringMatching(/back-to-school/i));

    // And a delete in the viewer reaches the writer's Memories page.
    await openMemories(writer);
    const n = (await listedTexts(writer)).length;
    const row = viewer.getByTestId('memory').first();
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
    await row.getByRole('button', { name: 'Delete for good' }).click();
    await expect.poll(async () => (await listedTexts(writer)).length).toBe(n - 1);
  });
});
