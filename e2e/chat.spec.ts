import { expect, test } from '@playwright/test';
import { classifyExample, saveDrafts } from './support/app';

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

  test('with an LLM loaded (the labelled test stand-in): the reply is grounded in retrieved memories, and the message is routed and stored', async ({ page }) => {
    const query = '?llm=stand-in';
    await classifyExample(page, 'Brand voice and values', query);
    await saveDrafts(page);

    await page.goto(`/${query}#/models`);
    const manager = page.getByTestId('model-manager-stand-in');
    await manager.getByTestId('model-load').click();
    await expect(manager.getByTestId('model-loaded')).toBeVisible();
    // Same document: the loaded engine stays loaded.
    await page.getByRole('link', { name: 'Chat' }).click();

    await expect(page.getByTestId('chat-no-llm')).toHaveCount(0);
    await expect(page.getByText('Model: stand-in (test only)')).toBeVisible();
    const message = 'Write a tagline in our brand voice. I am the head of growth and I prefer bullet points.';
    await page.getByRole('textbox', { name: 'Message' }).fill(message);
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');

    const log = page.getByTestId('chat-log');
    const reply = log.locator('.chat-assistant').first();
    await expect(reply).toContainText('Stand-in reply (test only, no model ran)');
    // Grounding: the memory saved from the example was retrieved and is shown with its category.
    await reply.getByText(/Grounded in \d+ memor/).click();
    await expect(reply.locator('[data-category="company.brand_core"]').first()).toBeVisible();
    await expect(reply).toContainText('brand voice is warm');
    // Routing and storing of the user's message.
    const sent = log.locator('.chat-user').first();
    await expect(sent).toContainText('Routed to');
    await expect(sent).toContainText(/[1-9]\d* memor(y|ies) stored/);
  });
});
