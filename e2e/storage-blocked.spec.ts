import { expect, test } from '@playwright/test';

test('when the browser blocks storage, the pages say so and what to do, and classify still works', async ({ page }) => {
  // What a private window or "block site data" does to IndexedDB.
  await page.addInitScript(() => {
    IDBFactory.prototype.open = function open(): IDBOpenDBRequest {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  await page.goto('/#/memories');
  const error = page.getByTestId('store-error');
  await expect(error).toContainText('Your memory store could not be opened');
  await expect(error).toContainText('allow site storage');
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();

  await page.getByRole('link', { name: 'Classify' }).click();
  await page.getByLabel('Example').selectOption({ label: 'Brand voice and values' });
  await page.getByTestId('classify-button').click();
  await expect(page.getByTestId('routing-engine')).toContainText('router-lite');
  await expect(page.getByTestId('store-error')).toContainText('could not be opened');
});
