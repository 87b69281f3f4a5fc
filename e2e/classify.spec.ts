import { expect, test, type Page } from '@playwright/test';

async function openClassify(page: Page) {
  await page.goto('/#/classify');
  await expect(page.getByRole('heading', { level: 1, name: 'Classify a conversation' })).toBeVisible();
}

test.describe('classify', () => {
  test('an example is routed by router-lite with scope, horizon, score, engine and time', async ({ page }) => {
    await openClassify(page);
    await page.getByLabel('Example').selectOption({ label: 'Brand voice and values' });
    await expect(page.getByTestId('conversation-input')).toHaveValue(/brand voice is warm/);
    await page.getByTestId('classify-button').click();
    const chips = page.getByTestId('category-chips').locator('li');
    await expect(chips.first()).toBeVisible();
    await expect(page.locator('[data-testid="category-chips"] li[data-category="company.brand_core"]')).toContainText(/company.*Brand core.*Long >1y.*[01]\.\d\d/);
    await expect(page.getByTestId('routing-engine')).toHaveText(/Answered by router-lite in [\d.]+ ms/);
  });

  test('Ctrl+Enter classifies from the keyboard', async ({ page }) => {
    await openClassify(page);
    const box = page.getByTestId('conversation-input');
    await box.fill('USER: Please keep answers short and in bullet points, I read them on my phone.');
    await box.press('Control+Enter');
    await expect(page.getByTestId('routing-engine')).toBeVisible();
  });

  test('empty input gets a message and nothing happens', async ({ page }) => {
    await openClassify(page);
    await page.getByTestId('classify-button').click();
    await expect(page.getByTestId('classify-error')).toContainText('Nothing to classify');
    await expect(page.getByTestId('routing-result')).toHaveCount(0);
  });

  test('a 2 MB paste is refused with the limit and what to do, and the text is kept', async ({ page }) => {
    await openClassify(page);
    const big = `USER: ${'We care about our brand voice. '.repeat(70_000)}`.slice(0, 2 * 1024 * 1024);
    const box = page.getByTestId('conversation-input');
    await box.fill(big);
    await page.getByTestId('classify-button').click();
    await expect(page.getByTestId('classify-error')).toContainText('Too long: pasted text has 2,097,152 characters; the limit is 100,000');
    await expect(page.getByTestId('classify-error')).toContainText('batch mode');
    expect(await box.evaluate((el: HTMLTextAreaElement) => el.value.length)).toBe(big.length);
  });

  test('a binary file is refused as binary, and the pasted text stays', async ({ page }) => {
    await openClassify(page);
    const box = page.getByTestId('conversation-input');
    await box.fill('USER: keep me');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    await page.getByTestId('file-input').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
    await expect(page.getByTestId('classify-error')).toContainText('logo.png looks like a binary file');
    await expect(box).toHaveValue('USER: keep me');
  });

  test('a JSONL file with a malformed line: good lines are routed, the bad line is reported by number', async ({ page }) => {
    await openClassify(page);
    const line = (t: string) => JSON.stringify({ conversation: [{ role: 'user', content: t }] });
    const jsonl = [
      line('Our brand voice is warm and plain-spoken.'),
      line('This quarter the priority is the spring launch campaign.'),
      '{"conversation": [{"role": "user", "content": "oops"',
      line('I prefer short answers with bullet points.'),
    ].join('\n');
    await page.getByTestId('file-input').setInputFiles({ name: 'chats.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(jsonl) });
    const panel = page.getByTestId('batch-panel');
    await expect(panel).toContainText('3 conversations ready to route');
    await expect(page.getByTestId('batch-skipped')).toContainText('Line 3: not valid JSON');
    await page.getByTestId('batch-start').click();
    await expect(page.getByTestId('batch-summary')).toContainText('3 routed');
    await expect(panel.getByRole('progressbar')).toHaveAttribute('value', '100');

    // Save the batch: one transaction, then the memories are in the store.
    await page.getByTestId('batch-save').click();
    await expect(page.getByTestId('batch-save-result')).toContainText(/[1-9]\d* memories stored or updated from \d+ conversations/);
    await page.goto('/#/memories');
    await expect(page.locator('[data-testid="memory-text"]', { hasText: 'brand voice is warm' })).toBeVisible();
  });

  // Issue 13, finding 6: after a classification, a 207 KB paste showed the limit error while the
  // previous text's categories and drafts stayed on screen, and could still be saved.
  test('a new paste clears the previous answer first: an error never shows beside an older answer', async ({ page }) => {
    await openClassify(page);
    await page.getByLabel('Example').selectOption({ label: 'Brand voice and values' });
    await page.getByTestId('classify-button').click();
    await expect(page.getByTestId('routing-result')).toBeVisible();
    await expect(page.getByTestId('memory-draft').first()).toBeVisible();

    const box = page.getByTestId('conversation-input');
    await box.fill(`USER: ${'Our Q3 priority is the launch. '.repeat(7_000)}`.slice(0, 207 * 1024));
    await page.getByTestId('classify-button').click();
    await expect(page.getByTestId('classify-error')).toContainText('the limit is 100,000');
    await expect(page.getByTestId('routing-result')).toHaveCount(0);
    await expect(page.getByTestId('memory-draft')).toHaveCount(0);
    await expect(page.getByTestId('save-memories')).toHaveCount(0);
  });

  test('pasting new text clears the previous answer at once', async ({ page }) => {
    await openClassify(page);
    await page.getByLabel('Example').selectOption({ label: 'Brand voice and values' });
    await page.getByTestId('classify-button').click();
    await expect(page.getByTestId('routing-result')).toBeVisible();
    const box = page.getByTestId('conversation-input');
    await box.focus();
    await box.evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'USER: something else entirely');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect(page.getByTestId('routing-result')).toHaveCount(0);
    await expect(page.getByTestId('memory-draft')).toHaveCount(0);
  });

  // Issue 13, finding 7: German, Japanese and one-word inputs came back "None · Not stored" with no
  // word that the CPU router reads English only. The router attaches `ClassifyResult.notice`
  // (src/core/contracts/classify.ts); the page shows it.
  test('non-English or too-short input gets a plain hint about what the CPU router understands', async ({ page }) => {
    await openClassify(page);
    const box = page.getByTestId('conversation-input');
    for (const text of [
      'USER: Unsere Markenstimme ist warm und klar, wir verwenden keinen Fachjargon.',
      'USER: 私たちのブランドの声は温かく、専門用語を使いません。',
      'USER: Budget',
    ]) {
      await box.fill(text);
      await page.getByTestId('classify-button').click();
      await expect(page.getByTestId('routing-engine')).toBeVisible();
      await expect(page.getByTestId('classify-notice')).toContainText(/English|One or two words/i);
    }
  });
});
