/**
 * The Models tab in headless Chromium. Its WebGPU adapter is SwiftShader (software, no
 * shader-f16), so q4f16 models must be marked unavailable with the reason, and router-lite
 * recommended. Downloads never reach the internet: model URLs are answered by page routes.
 * The stand-in LLM (?llm=stand-in) is used only for the progress display of a completed load.
 */
import { expect, test, type Page } from '@playwright/test';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const MISSING = `https://huggingface.co/e2e-org/missing-model/resolve/${COMMIT}/`;
const STALLED = `https://huggingface.co/e2e-org/stalled-model/resolve/${COMMIT}/`;

async function openModels(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}#/models`);
  await expect(page.getByTestId('capability-panel')).toBeVisible();
}

async function configureFineTune(page: Page, url: string): Promise<void> {
  await page.getByTestId('fine-tune-url-input').fill(url);
  await page.getByTestId('fine-tune-quant').selectOption('q4f32_1');
  await page.getByTestId('model-settings-save').click();
  await expect(page.getByTestId('model-settings-saved')).toBeVisible();
  await expect(page.getByTestId('model-row-memory-router-llama-3.1-8b-q4f32_1')).toBeVisible();
}

test.describe('models: capability panel', () => {
  test('SwiftShader: q4f16 models are unavailable (no shader-f16), q4f32 ones run slowly, router-lite is recommended', async ({ page }) => {
    await openModels(page);
    await expect(page.getByTestId('capability-adapter')).toContainText('swiftshader');
    await expect(page.getByTestId('capability-adapter')).toContainText('software fallback');
    await expect(page.getByTestId('capability-f16')).toHaveText('no');
    await expect(page.getByTestId('capability-recommendation')).toContainText('router-lite');

    const rows = page.locator('[data-testid^="model-row-"]');
    await expect(rows.first()).toBeVisible();
    const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('model-row-'.length)));
    expect(ids.length).toBeGreaterThanOrEqual(8);
    for (const id of ids) {
      const row = page.getByTestId(`model-row-${id}`);
      if (id.includes('q4f16')) {
        await expect(row).toHaveAttribute('data-runnable', 'false');
        await expect(row.getByTestId('model-verdict')).toContainText('shader-f16');
        await expect(row.getByTestId('model-load')).toBeDisabled();
      } else {
        await expect(row).toHaveAttribute('data-runnable', 'true');
        await expect(row.getByTestId('model-verdict')).toContainText('software renderer');
      }
    }
    await expect(page.getByTestId('model-recommended')).toHaveCount(0);
  });

  test('without WebGPU the page says so plainly and router-lite keeps working', async ({ page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
    });
    await openModels(page);
    await expect(page.getByTestId('capability-no-webgpu')).toContainText('This browser has no WebGPU');
    await expect(page.getByTestId('capability-recommendation')).toContainText('router-lite');
    for (const row of await page.locator('[data-testid^="model-row-"]').all()) await expect(row).toHaveAttribute('data-runnable', 'false');
    // router-lite still routes on the CPU.
    await page.goto('/#/classify');
    await page.getByRole('textbox').first().fill('USER: Our brand voice is warm and plain, never salesy.');
    await page.getByRole('button', { name: /^(Classify|Route)/ }).first().click();
    await expect(page.locator('.chip').first()).toBeVisible();
  });
});

test.describe('models: model manager', () => {
  test('shows what WebLLM has cached (nothing here) and the storage state', async ({ page }) => {
    await openModels(page);
    const row = page.getByTestId('model-row-Llama-3.2-1B-Instruct-q4f32_1-MLC');
    await expect(row).toHaveAttribute('data-cached', 'false');
    await expect(row.getByTestId('model-cached')).toHaveText('no');
    await expect(row.getByTestId('model-load')).toHaveText('Download & load');
    await expect(row.getByTestId('model-delete')).toHaveCount(0);
    await expect(page.getByTestId('model-storage')).toContainText("WebLLM's Cache API cache");
  });

  test('a partly downloaded model can be deleted, and deleting the fine-tune keeps the library the cached stock 8B uses', async ({ page }) => {
    const ft = `https://huggingface.co/e2e-org/partial-model/resolve/${COMMIT}/`;
    const stock = prebuiltAppConfig.model_list.find((m) => m.model_id === 'Llama-3.1-8B-Instruct-q4f32_1-MLC')!;
    await openModels(page);
    await configureFineTune(page, ft);
    // WebLLM's Cache API caches as downloads leave them: the stock 8B complete, the fine-tune cut
    // after one of its two shards. Both need the same model library.
    await page.evaluate(async ({ ft, stockFolder, lib }) => {
      const json = (v: unknown) => new Response(JSON.stringify(v), { headers: { 'content-type': 'application/json' } });
      const index = () => json({ records: [{ dataPath: 'params_shard_0.bin', nbytes: 4 }, { dataPath: 'params_shard_1.bin', nbytes: 4 }] });
      const config = await caches.open('webllm/config');
      const model = await caches.open('webllm/model');
      await (await caches.open('webllm/wasm')).put(lib, new Response(new Uint8Array(4)));
      for (const [folder, shards] of [[stockFolder, 2], [ft, 1]] as const) {
        await config.put(`${folder}mlc-chat-config.json`, json({ tokenizer_files: ['tokenizer.json'] }));
        await model.put(`${folder}tokenizer.json`, json({}));
        await model.put(`${folder}tensor-cache.json`, index());
        for (let i = 0; i < shards; i++) await model.put(`${folder}params_shard_${i}.bin`, new Response(new Uint8Array(4)));
      }
    }, { ft, stockFolder: `${stock.model}/resolve/main/`, lib: stock.model_lib });
    await page.reload();
    const ftRow = page.getByTestId('model-row-memory-router-llama-3.1-8b-q4f32_1');
    const stockRow = page.getByTestId('model-row-Llama-3.1-8B-Instruct-q4f32_1-MLC');
    await expect(ftRow).toHaveAttribute('data-partial', 'true');
    await expect(ftRow.getByTestId('model-cached')).toContainText('partly (4 files');
    await expect(stockRow).toHaveAttribute('data-cached', 'true');

    page.on('dialog', (d) => { void d.accept(); });
    await ftRow.getByTestId('model-delete').click();
    await expect(page.getByTestId('model-notice')).toContainText('Deleted the partly downloaded files');
    await expect(page.getByTestId('model-notice')).toContainText('Kept its model library, which Llama-3.1-8B-Instruct q4f32_1 also uses');
    await expect(ftRow.getByTestId('model-cached')).toHaveText('no');
    await expect(ftRow.getByTestId('model-delete')).toHaveCount(0);
    await expect(stockRow).toHaveAttribute('data-cached', 'true');
    const left = await page.evaluate(async ({ ft, lib }) => ({
      lib: !!(await (await caches.open('webllm/wasm')).match(lib)),
      ft: [...await (await caches.open('webllm/model')).keys(), ...await (await caches.open('webllm/config')).keys()].filter((r) => r.url.startsWith(ft)).length,
    }), { ft, lib: stock.model_lib });
    expect(left).toEqual({ lib: true, ft: 0 });
  });

  test('a fine-tune whose URL 404s ends in a readable error naming the file, not a hang', async ({ page, context }) => {
    await context.route(`${MISSING}**`, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Entry not found' }));
    await openModels(page);
    await configureFineTune(page, MISSING);
    await expect(page.getByTestId('fine-tune-url')).toHaveText(MISSING);
    const row = page.getByTestId('model-row-memory-router-llama-3.1-8b-q4f32_1');
    await expect(row).toContainText('fine-tune');
    await row.getByTestId('model-load').click();
    const error = page.getByTestId('model-load-error');
    await expect(error).toContainText(`${MISSING}mlc-chat-config.json is not found (HTTP 404)`, { timeout: 30_000 });
    await expect(error).toContainText('Check the model URL');
    await expect(row.getByTestId('model-load')).toBeEnabled();
  });

  test('a download can be cancelled while it is running', async ({ page, context }) => {
    // The first file never answers: the load stays in progress until cancelled.
    await context.route(`${STALLED}**`, () => undefined);
    await openModels(page);
    await configureFineTune(page, STALLED);
    const row = page.getByTestId('model-row-memory-router-llama-3.1-8b-q4f32_1');
    await row.getByTestId('model-load').click();
    await expect(page.getByTestId('model-load-progress')).toBeVisible();
    await page.getByTestId('model-load-cancel').click();
    await expect(page.getByTestId('model-notice')).toContainText('cancelled');
    await expect(page.getByTestId('model-load-progress')).toHaveCount(0);
    await expect(page.getByTestId('model-load-error')).toHaveCount(0);
  });

  test('refuses a model host the app may not contact, before any download', async ({ page }) => {
    await openModels(page);
    await page.getByTestId('fine-tune-url-input').fill('https://models.evil.example/router/');
    await page.getByTestId('model-settings-save').click();
    await expect(page.getByTestId('model-settings-error')).toContainText('models.evil.example is not an allowed model host');
  });

  test('stand-in (test only): load shows progress in MB and ends loaded', async ({ page }) => {
    await openModels(page, '?llm=stand-in');
    const panel = page.getByTestId('model-manager-stand-in');
    await expect(panel).toContainText('stand-in (test only)');
    await panel.getByTestId('model-load').click();
    await expect(panel.getByTestId('model-loaded')).toBeVisible();
    await expect(panel.getByTestId('model-notice')).toContainText('now routes your conversations');
  });

  test('stand-in (test only): a GPU lost after loading is reported with "Reload model", and the reload recovers', async ({ page }) => {
    await openModels(page, '?llm=stand-in');
    const panel = page.getByTestId('model-manager-stand-in');
    await panel.getByTestId('model-load').click();
    await expect(panel.getByTestId('model-loaded')).toBeVisible();
    // The lowest layer loses the device, as WebLLM's engine does after a loss: it unloads the model.
    await page.evaluate(() => window.dispatchEvent(new Event('memory-router:stand-in-device-lost')));

    await page.getByRole('link', { name: 'Classify' }).click();
    await page.getByTestId('conversation-input').fill('USER: Our brand voice is warm and plain, never salesy.');
    await page.getByTestId('classify-button').click();
    await expect(page.getByTestId('classify-error')).toContainText('no longer on the GPU');
    await expect(page.getByTestId('classify-error')).not.toContainText('Loading the model failed');

    await page.getByRole('link', { name: 'Models' }).click();
    const lost = panel.getByTestId('model-device-lost');
    await expect(lost).toContainText('is no longer loaded');
    await expect(panel.getByTestId('model-loaded')).toHaveCount(0);
    await lost.getByTestId('model-reload').click();
    await expect(panel.getByTestId('model-loaded')).toBeVisible();
    await expect(panel.getByTestId('model-device-lost')).toHaveCount(0);

    await page.getByRole('link', { name: 'Classify' }).click();
    await page.getByTestId('conversation-input').fill('USER: Our brand voice is warm and plain, never salesy.');
    await page.getByTestId('classify-button').click();
    await expect(page.getByTestId('routing-engine')).toContainText('stand-in');
    await expect(page.getByTestId('classify-error')).toHaveCount(0);
  });
});
