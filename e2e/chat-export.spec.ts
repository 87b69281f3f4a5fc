import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { exportStore, openMemories } from './support/app';

/** A ChatGPT data export written for this project (e2e/fixtures/chatgpt-export.json): 4 conversations. */
const EXPORT = readFileSync(new URL('./fixtures/chatgpt-export.json', import.meta.url));

test.describe('bring your history', () => {
  test('a ChatGPT export dropped on Classify: conversations read with titles, routed, and the memories of two of them saved', async ({ page }) => {
    await page.goto('/#/classify');
    // A drop, as a person would do it: a DataTransfer holding the file, dispatched on the drop zone.
    const data = await page.evaluateHandle((bytes: number[]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'conversations.json', { type: 'application/json' }));
      return dt;
    }, [...EXPORT]);
    await page.locator('.dropzone-card').dispatchEvent('drop', { dataTransfer: data });

    await expect(page.getByTestId('classify-status')).toContainText('conversations.json: 3 conversations read (ChatGPT export); 1 skipped (conversation 3); 1 image not read');
    const panel = page.getByTestId('batch-panel');
    await expect(panel).toContainText('3 conversations ready to route');
    await expect(page.getByTestId('batch-skipped')).toContainText('Conversation 3: conversation "New chat": no text turns');
    await page.getByTestId('batch-start').click();
    await expect(page.getByTestId('batch-summary')).toContainText('3 routed');
    await panel.getByText(/First \d+ results/).click();
    await expect(panel).toContainText('Conversation 1 (Brand voice)');
    await expect(panel).toContainText('Conversation 4 (Thanks)');

    // Small talk routes to none: two conversations hold something worth keeping.
    await expect(page.getByTestId('batch-save')).toHaveText('Save memories of 2 conversations');
    await page.getByTestId('batch-save').click();
    await expect(page.getByTestId('batch-save-result')).toContainText(/[1-9]\d* memories stored or updated from 2 conversations/);

    await openMemories(page);
    await expect(page.locator('[data-testid="memory-text"]', { hasText: 'our brand voice is warm' })).toBeVisible();
    await expect(page.locator('[data-testid="memory-text"]', { hasText: 'bullet points only' })).toBeVisible();

    // Titles and times are kept as conversation metadata; the answer the person regenerated away is not in the text.
    const { data: file } = await exportStore(page);
    const conversations = file.conversations as Array<{ text: string; metadata?: Record<string, unknown>; memoryIds: string[] }>;
    expect(conversations.map((c) => c.metadata?.title).sort()).toEqual(['Brand voice', 'How I like answers']);
    const brand = conversations.find((c) => c.metadata?.title === 'Brand voice')!;
    expect(brand.metadata).toMatchObject({ format: 'chatgpt-export', conversation: 1, createdAt: 1740000000000 });
    expect(brand.text).toContain('ASSISTANT: Understood: warm, plain and playful, no jargon.');
    expect(brand.text).not.toContain('ASSISTANT: Sure.');
    const memories = file.memories as Array<{ id: string; metadata: Record<string, unknown> }>;
    expect(memories.find((m) => brand.memoryIds.includes(m.id))?.metadata).toMatchObject({ source: 'chatgpt-export', conversation: 1, conversationTitle: 'Brand voice' });

    // Forget everything still empties the store: the button asks for every user's memories ({ all: true }).
    await page.getByTestId('forget-everything').click();
    await page.getByTestId('confirm-forget').click();
    await expect(page.getByTestId('store-message')).toContainText('Everything is forgotten');
    await expect(page.getByTestId('store-total')).toHaveText('0');
  });
});
