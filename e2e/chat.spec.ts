import { expect, test } from '@playwright/test';

test.describe('chat', () => {
  test('without a loaded LLM the page says what to load and offers no fake reply', async ({ page }) => {
    await page.goto('/#/chat');
    await expect(page.getByRole('heading', { level: 1, name: 'Chat with memory' })).toBeVisible();
    const notice = page.getByTestId('chat-no-llm');
    await expect(notice).toContainText('No language model is loaded');
    await expect(notice).toContainText('does not make up replies');
    // No composer, so nothing can be "answered".
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
    await expect(page.getByTestId('chat-log')).toHaveCount(0);
  });
});
