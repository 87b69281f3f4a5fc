/**
 * The download paths rehearsed against intercepted hosts (Playwright routes answer before any
 * network; nothing leaves the machine): the neural embedder's "Download and use" from the model
 * host under `vite preview` with no local copy, the local copy preferred when the app serves one,
 * and a self-hosted fine-tune whose exact URLs are shown, checked and asked for by WebLLM.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type BrowserContext } from '@playwright/test';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';

const FIXTURE = join(process.cwd(), 'e2e/fixtures/models/fixture-embed');
const HUB = 'https://huggingface.co/';

/** Serves the fixture model's files as the hub would for `id` (revision main); records every request. */
async function serveFixtureAsHub(context: BrowserContext, id: string): Promise<string[]> {
  const asked: string[] = [];
  const prefix = `${HUB}${id}/resolve/main/`;
  await context.route(`${HUB}**`, (route) => {
    const url = route.request().url();
    asked.push(url);
    const file = url.startsWith(prefix) ? join(FIXTURE, decodeURIComponent(url.slice(prefix.length).split('?')[0])) : '';
    if (!file.startsWith(FIXTURE) || !existsSync(file)) return route.fulfill({ status: 404, contentType: 'text/plain', body: 'Entry not found' });
    return route.fulfill({ status: 200, contentType: file.endsWith('.json') ? 'application/json' : 'application/octet-stream', body: readFileSync(file) });
  });
  return asked;
}

test.describe('model hosting: the embedding model', () => {
  test('the preview server answers a missing model file with 404, not with index.html', async ({ request }) => {
    const missing = await request.get('/models/e2e-org/not-here/config.json');
    expect(missing.status()).toBe(404);
    const page = await request.get('/');
    expect(page.status()).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  });

  test('"Download and use" with no local copy downloads from the model host and ends in use', async ({ context, page }) => {
    const id = 'e2e-org/fixture-embed';
    const hub = await serveFixtureAsHub(context, id);
    const local: string[] = [];
    context.on('request', (r) => { if (r.url().includes(`/models/${id}/`) && r.url().startsWith('http://localhost')) local.push(r.url()); });

    await page.goto(`/?embed-model=${encodeURIComponent(id)}#/models`);
    const panel = page.getByTestId('embedder-panel');
    // The start-up switch to embed-lite is over before the person clicks.
    await expect(panel.getByTestId('embedder-active')).toContainText('embed-lite@');
    await panel.getByTestId('embedder-use-neural').click();
    await expect(panel.getByTestId('embedder-active')).toContainText(id, { timeout: 60_000 });
    await expect(panel.getByTestId('embedder-neural')).toContainText('160 dimensions');
    await expect(panel.getByTestId('embedder-error')).toHaveCount(0);

    // One look at the app's own folder (absent), then every file from the host.
    expect(local).toEqual([`${new URL(page.url()).origin}/models/${id}/config.json`]);
    for (const f of ['config.json', 'tokenizer.json', 'onnx/model.onnx']) expect(hub).toContain(`${HUB}${id}/resolve/main/${f}`);
  });

  test('a local copy served by the app is preferred: nothing is asked of the model host', async ({ context, page }) => {
    const hub = await serveFixtureAsHub(context, 'fixture-embed');
    await page.goto('/?embed-model=fixture-embed#/models');
    const panel = page.getByTestId('embedder-panel');
    // The start-up switch to embed-lite is over before the person clicks.
    await expect(panel.getByTestId('embedder-active')).toContainText('embed-lite@');
    await panel.getByTestId('embedder-use-neural').click();
    await expect(panel.getByTestId('embedder-active')).toContainText('fixture-embed', { timeout: 60_000 });
    await expect(panel.getByTestId('embedder-error')).toHaveCount(0);
    expect(hub).toEqual([]);
  });
});

test.describe('model hosting: a self-hosted fine-tune', () => {
  const ENTERED = '/models/memory-router-8b-q4f32_1-MLC/';
  const LIB = prebuiltAppConfig.model_list.find((m) => m.model_id === 'Llama-3.1-8B-Instruct-q4f32_1-MLC')!.model_lib;

  test('the page shows, checks and loads exactly the URLs WebLLM asks for, and a 404 names the file', async ({ context, page, baseURL }) => {
    const folder = `${baseURL}${ENTERED}resolve/main/`;
    const files: Record<string, { type: string; body: string | Buffer }> = {
      'mlc-chat-config.json': { type: 'application/json', body: JSON.stringify({ model_type: 'llama', tokenizer_files: ['tokenizer.json', 'tokenizer_config.json'] }) },
      'tokenizer.json': { type: 'application/json', body: '{}' },
      'tensor-cache.json': { type: 'application/json', body: JSON.stringify({ records: [{ dataPath: 'params_shard_0.bin' }, { dataPath: 'params_shard_1.bin' }] }) },
      'params_shard_0.bin': { type: 'application/octet-stream', body: Buffer.alloc(16) },
      // params_shard_1.bin was never uploaded.
    };
    const asked: string[] = [];
    await context.route(`${baseURL}${ENTERED}**`, (route) => {
      const req = route.request();
      asked.push(`${req.method()} ${req.url()}`);
      const f = req.url().startsWith(folder) ? files[req.url().slice(folder.length)] : undefined;
      return f ? route.fulfill({ status: 200, contentType: f.type, body: f.body }) : route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' });
    });
    let libAvailable = true;
    const libAsked: string[] = [];
    await context.route('https://raw.githubusercontent.com/**', (route) => {
      libAsked.push(`${route.request().method()} ${route.request().url()}`);
      return route.fulfill(libAvailable ? { status: 200, contentType: 'application/wasm', body: '' } : { status: 404, body: '404: Not Found' });
    });

    await page.goto('/#/models');
    await page.getByTestId('fine-tune-url-input').fill(ENTERED);
    await page.getByTestId('fine-tune-quant').selectOption('q4f32_1');
    // WebLLM's rule, shown before anything is saved or downloaded.
    await expect(page.getByTestId('fine-tune-folder')).toHaveText(folder);
    await expect(page.getByTestId('fine-tune-url-rewritten')).toContainText('adds resolve/main/');
    const urls = page.getByTestId('fine-tune-file-urls');
    for (const u of [`${folder}mlc-chat-config.json`, LIB, `${folder}tokenizer.json`, `${folder}tensor-cache.json`, `${folder}params_shard_*.bin`]) await expect(urls).toContainText(u);

    await page.getByTestId('fine-tune-check').click();
    await expect(page.getByTestId('fine-tune-check-error')).toContainText(`${folder}params_shard_1.bin is not found (HTTP 404)`);
    expect(asked).toEqual([
      `GET ${folder}mlc-chat-config.json`,
      `HEAD ${folder}tokenizer.json`,
      `GET ${folder}tensor-cache.json`,
      `HEAD ${folder}params_shard_0.bin`,
      `HEAD ${folder}params_shard_1.bin`,
    ]);
    expect(libAsked).toEqual([`HEAD ${LIB}`]);

    // Saved and loaded: WebLLM itself asks for the config in the folder shown, then the library.
    await page.getByTestId('model-settings-save').click();
    await expect(page.getByTestId('fine-tune-url')).toHaveText(folder);
    asked.length = 0;
    libAsked.length = 0;
    libAvailable = false;
    const row = page.getByTestId('model-row-memory-router-llama-3.1-8b-q4f32_1');
    await row.getByTestId('model-load').click();
    await expect(page.getByTestId('model-load-error')).toContainText(`model library ${LIB} is unavailable (HTTP 404)`, { timeout: 30_000 });
    expect(asked[0]).toBe(`GET ${folder}mlc-chat-config.json`);
    expect(asked.every((a) => a.startsWith(`GET ${folder}`) || a.startsWith(`HEAD ${folder}`))).toBe(true);
    expect(libAsked[0]).toBe(`GET ${LIB}`);
  });
});
