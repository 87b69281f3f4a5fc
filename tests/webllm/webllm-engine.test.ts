/**
 * The WebLLM engine end to end in Node: the real engine, WebLLM's real CreateWebWorkerMLCEngine
 * client and real worker handler (our subclass), talking through structured-cloned messages.
 * Only the MLCEngine inside the worker (model + GPU) is replaced, except in the 404 test, where
 * the real MLCEngine runs until its first download fails.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CreateWebWorkerMLCEngine, isValidSRI, prebuiltAppConfig, type ChatCompletionRequestNonStreaming } from '@mlc-ai/web-llm';
import { WebLLMEngine, type WebLLMEngineDeps } from '../../src/engines/webllm/webllm-engine';
import { buildCatalog, type Catalog } from '../../src/engines/webllm/registry';
import { resolveConfig } from '../../src/engines/webllm/config';
import { ROUTING_GRAMMAR } from '../../src/engines/webllm/grammar';
import { CLASSIFY_MAX_TOKENS } from '../../src/engines/webllm/request';
import { RouterError } from '../../src/core/errors';
import type { LoadProgress } from '../../src/core/contracts';
import { FakeGpuEngine, InProcessWorker } from './in-process-worker';
import type { FetchLike } from '../../src/engines/webllm/errors';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const FT_URL = `https://huggingface.co/acme/memory-router-missing/resolve/${COMMIT}/`;

function catalog(user: Record<string, string> = {}, cacheBackend = 'cache'): Catalog {
  return buildCatalog(resolveConfig({}, { cacheBackend, ...user }, { origin: 'https://app.test', isValidSri: isValidSRI, extraOrigins: ['https://huggingface.co/acme/'] }), prebuiltAppConfig);
}

function setup(gpu: FakeGpuEngine | null, cat: Catalog = catalog(), fetchImpl: FetchLike = async () => ({ ok: true, status: 200 })) {
  const workers: InProcessWorker[] = [];
  const deps: WebLLMEngineDeps = {
    loadCatalog: async () => cat,
    createWorker: () => { const w = new InProcessWorker(gpu ?? undefined); workers.push(w); return w; },
    createClient: (worker, modelId, config) => CreateWebWorkerMLCEngine(worker, modelId, config),
    fetch: fetchImpl,
    baseUrl: 'https://app.test/',
  };
  const engine = new WebLLMEngine(deps);
  const progress: LoadProgress[] = [];
  const statuses: string[] = [];
  engine.on('progress', (p) => progress.push(p));
  engine.on('status', (s) => statuses.push(s));
  return { engine, workers, progress, statuses };
}

async function rejection(p: Promise<unknown>): Promise<RouterError> {
  try { await p; } catch (e) { return e as RouterError; }
  throw new Error('expected a rejection');
}

afterEach(() => vi.unstubAllGlobals());

describe('WebLLMEngine over the worker protocol', () => {
  it('loads the default model with progress (percent, MB) and classifies with the constrained request', async () => {
    const gpu = new FakeGpuEngine(() => 'user.role_context, company.brand_core');
    const { engine, progress, statuses } = setup(gpu);
    await engine.load();
    expect(engine.status).toBe('ready');
    expect(engine.loadedModelId).toBe('Llama-3.1-8B-Instruct-q4f16_1-MLC');
    expect(gpu.reloads).toEqual(['Llama-3.1-8B-Instruct-q4f16_1-MLC']);
    expect((gpu.appConfig as { model_list: unknown[] }).model_list).toHaveLength(catalog().entries.length);
    expect(statuses.filter((x) => x !== 'idle')).toEqual(['loading', 'ready']);
    const download = progress.find((p) => p.text.startsWith('Downloading weights: 2,048 MB'));
    expect(download).toMatchObject({ progress: 0.5, loadedBytes: 2048 * 2 ** 20, totalBytes: 4096 * 2 ** 20 });
    expect(progress.at(-1)?.text).toBe('Ready');

    const r = await engine.classify('USER: I am the CMO. Our brand voice is plain.');
    expect(r.categories).toEqual(['company.brand_core', 'user.role_context']);
    expect(r.engine).toBe('webllm');
    expect(r.timings).toMatchObject({ prefillTokens: 700, decodeTokens: 6, prefillTokensPerSec: 1400, decodeTokensPerSec: 30, timeToFirstTokenMs: 500 });
    const req = gpu.requests[0] as ChatCompletionRequestNonStreaming;
    expect(req).toMatchObject({ temperature: 0, max_tokens: CLASSIFY_MAX_TOKENS, response_format: { type: 'grammar', grammar: ROUTING_GRAMMAR } });
    expect(req.messages.length).toBeGreaterThan(2); // stock model: few-shot examples
  });

  it('loads a fine-tune from the configured URL and sends it the plain training prompt', async () => {
    const gpu = new FakeGpuEngine(() => 'none');
    const { engine } = setup(gpu, catalog({ fineTuneUrl: FT_URL }));
    await engine.load();
    expect(gpu.reloads).toEqual(['memory-router-llama-3.1-8b-q4f16_1']);
    const list = (gpu.appConfig as { model_list: { model_id: string; model: string }[] }).model_list;
    expect(list.find((m) => m.model_id === 'memory-router-llama-3.1-8b-q4f16_1')?.model).toBe(FT_URL);
    expect((await engine.classify('USER: thanks!')).categories).toEqual(['none']);
    expect((gpu.requests[0] as ChatCompletionRequestNonStreaming).messages).toHaveLength(2);
  });

  it('streams chat replies through the worker', async () => {
    const gpu = new FakeGpuEngine(() => 'Hello there friend.');
    const { engine } = setup(gpu);
    await engine.load();
    const tokens: string[] = [];
    const reply = await engine.chat([{ role: 'user', content: 'hi' }], { onToken: (t) => tokens.push(t) });
    expect(reply.text).toBe('Hello there friend.');
    expect(tokens).toEqual(['Hello ', 'there ', 'friend.']);
    expect(reply.timings.decodeTokens).toBe(6);
  });

  it('sends a worker-side failure across as {name, code, message} and rebuilds a RouterError', async () => {
    const lost = Object.assign(new Error('The WebGPU device was lost while loading the model.'), { name: 'DeviceLostError' });
    const { engine, workers, statuses } = setup(new FakeGpuEngine(undefined, { reloadFails: lost }));
    const err = await rejection(engine.load());
    expect(err).toBeInstanceOf(RouterError);
    expect(err.code).toBe('DEVICE_LOST');
    expect(err.message).toMatch(/smaller model/);
    const thrown = workers[0].posted.find((m) => m.kind === 'throw');
    expect(thrown?.content).toEqual({ name: 'RouterError', code: 'DEVICE_LOST', message: err.message, details: { original: 'DeviceLostError: The WebGPU device was lost while loading the model.' } });
    expect(workers[0].terminated).toBe(true);
    expect(statuses.at(-1)).toBe('error');
    expect(engine.status).toBe('error');
  });

  it('a model URL that 404s ends in a readable error naming the file (real MLCEngine, real download code)', async () => {
    vi.stubGlobal('location', { origin: 'https://app.test', href: 'https://app.test/' });
    const fetched: string[] = [];
    const notFound = async (url: string | URL | Request) => { fetched.push(String(url)); return new Response('Entry not found', { status: 404 }); };
    vi.stubGlobal('fetch', notFound);
    const { engine, workers } = setup(null, catalog({ fineTuneUrl: FT_URL }, 'indexeddb'), notFound as unknown as FetchLike);
    const err = await rejection(engine.load());
    expect(err.code).toBe('MODEL_NOT_FOUND');
    expect(err.message).toBe(`The model file ${FT_URL}mlc-chat-config.json is not found (HTTP 404). Check the model URL on the Models tab: it must point at the converted model folder (see docs/model-conversion.md).`);
    expect(fetched[0]).toBe(`${FT_URL}mlc-chat-config.json`);
    // The worker really sent WebLLM's own failure, mapped and serialized.
    expect(workers[0].posted.find((m) => m.kind === 'throw')?.content).toMatchObject({ code: 'MODEL_NOT_FOUND', details: { fetchFailure: true, original: expect.stringContaining('Network response was not ok') } });
    expect(engine.status).toBe('error');
  }, 20_000);

  it('a self-hosted fine-tune: the folder the app shows is the one WebLLM fetches from (real MLCEngine)', async () => {
    vi.stubGlobal('location', { origin: 'https://app.test', href: 'https://app.test/' });
    const fetched: string[] = [];
    const notFound = async (url: string | URL | Request) => { fetched.push(String(url)); return new Response('not here', { status: 404 }); };
    vi.stubGlobal('fetch', notFound);
    const cat = catalog({ fineTuneUrl: '/models/memory-router-8b-q4f16_1-MLC/' }, 'indexeddb');
    const shown = cat.config.fineTune!.url;
    expect(shown).toBe('https://app.test/models/memory-router-8b-q4f16_1-MLC/resolve/main/');
    const { engine } = setup(null, cat, notFound as unknown as FetchLike);
    const err = await rejection(engine.load());
    // WebLLM's own first request is the config in the folder shown in the settings.
    expect(fetched[0]).toBe(`${shown}mlc-chat-config.json`);
    expect(err.message).toContain(`${shown}mlc-chat-config.json is not found (HTTP 404)`);
  }, 20_000);

  it('cancelling a download rejects at once with CANCELLED, stops the worker, and a later load works', async () => {
    const hanging = new FakeGpuEngine(() => 'none', { reloadHangs: true });
    const { engine, workers, statuses } = setup(hanging);
    const ctrl = new AbortController();
    const loading = engine.load({ signal: ctrl.signal });
    await vi.waitFor(() => expect(hanging.reloads).toHaveLength(1));
    ctrl.abort();
    const err = await rejection(loading);
    expect(err.code).toBe('CANCELLED');
    expect(err.message).toMatch(/stay cached/);
    expect(workers[0].terminated).toBe(true);
    expect(engine.status).toBe('idle');
    expect(statuses.slice(-2)).toEqual(['loading', 'idle']);
    hanging.opts.reloadHangs = false;
    await engine.load();
    expect(engine.status).toBe('ready');
    expect(workers).toHaveLength(2);
  });

  it('a worker that dies while loading ends the load with a clear error, not a hang', async () => {
    const { engine, workers } = setup(new FakeGpuEngine(() => 'none', { reloadHangs: true }));
    const loading = engine.load();
    await vi.waitFor(() => expect(workers).toHaveLength(1));
    workers[0].fire('error', { message: 'Uncaught RangeError: out of memory' });
    const err = await rejection(loading);
    expect(err.code).toBe('MODEL_LOAD_FAILED');
    expect(err.message).toMatch(/model worker stopped \(Uncaught RangeError: out of memory\)/);
  });

  it('unload during a load supersedes it; unload after a load frees the model', async () => {
    const gpu = new FakeGpuEngine(() => 'none', { reloadHangs: true });
    const { engine, workers } = setup(gpu);
    const loading = engine.load();
    await vi.waitFor(() => expect(gpu.reloads).toHaveLength(1));
    await engine.unload();
    expect((await rejection(loading)).code).toBe('CANCELLED');
    expect(engine.status).toBe('unloaded');
    gpu.opts.reloadHangs = false;
    await engine.load();
    await engine.unload();
    expect(gpu.unloads).toBe(1);
    expect(workers.every((w) => w.terminated)).toBe(true);
    expect((await rejection(engine.classify('x'))).code).toBe('ENGINE_NOT_READY');
  });

  it('cancelling a classification interrupts generation in the worker', async () => {
    const gpu = new FakeGpuEngine(() => 'company.brand_core', { generationWaitsForInterrupt: true });
    const { engine } = setup(gpu);
    await engine.load();
    const ctrl = new AbortController();
    const running = engine.classify('USER: brand voice', { signal: ctrl.signal });
    await vi.waitFor(() => expect(gpu.requests).toHaveLength(1));
    ctrl.abort();
    expect((await rejection(running)).code).toBe('CANCELLED');
    expect(gpu.interrupts).toBe(1);
    expect(engine.status).toBe('ready');
  });

  it('a device lost while answering releases the model and asks for a reload', async () => {
    const gpu = new FakeGpuEngine(() => 'none', { chatFails: Object.assign(new Error('Device was lost'), { name: 'DeviceLostError' }) });
    const { engine, workers } = setup(gpu);
    await engine.load();
    const err = await rejection(engine.classify('USER: hi'));
    expect(err.code).toBe('DEVICE_LOST');
    expect(engine.status).toBe('error');
    expect(workers[0].terminated).toBe(true);
  });

  it('selecting another model loads it in place of the first', async () => {
    const gpu = new FakeGpuEngine(() => 'none');
    const { engine } = setup(gpu);
    await engine.load();
    await engine.selectModel('Llama-3.2-1B-Instruct-q4f32_1-MLC');
    expect(engine.loadedModelId).toBe('Llama-3.1-8B-Instruct-q4f16_1-MLC');
    await engine.load();
    expect(engine.loadedModelId).toBe('Llama-3.2-1B-Instruct-q4f32_1-MLC');
    expect(engine.label).toBe('WebLLM · Llama-3.2-1B-Instruct q4f32_1');
    expect(gpu.unloads).toBe(1);
    await expect(engine.selectModel('nope')).rejects.toThrow(/No model "nope"/);
  });

  it('a settings change while the catalog is being built yields the new catalog, not the stale one', async () => {
    const builds: Catalog[] = [catalog(), catalog({ fineTuneUrl: FT_URL })];
    let calls = 0;
    const engine = new WebLLMEngine({
      loadCatalog: () => new Promise((r) => setTimeout(() => r(builds[Math.min(calls++, 1)]), 5)),
      createWorker: () => new InProcessWorker(new FakeGpuEngine()),
      createClient: (worker, modelId, config) => CreateWebWorkerMLCEngine(worker, modelId, config),
      fetch: async () => ({ ok: true, status: 200 }),
      baseUrl: 'https://app.test/',
    });
    const first = engine.getCatalog();
    engine.setCatalog(null); // the user saved new settings meanwhile
    const second = engine.getCatalog();
    expect((await first).defaultId).toBe('memory-router-llama-3.1-8b-q4f16_1');
    expect((await second).defaultId).toBe('memory-router-llama-3.1-8b-q4f16_1');
    expect(engine.selectedEntry?.kind).toBe('fine-tune');
  });
});

describe('a GPU lost after the model loaded', () => {
  it('the next request says the device was lost (not "Loading the model failed"), the engine is in error, and loading again recovers', async () => {
    const gpu = new FakeGpuEngine(() => 'company.brand_core');
    const { engine, workers, statuses } = setup(gpu);
    await engine.load();
    expect((await engine.classify('USER: brand voice')).categories).toEqual(['company.brand_core']);

    gpu.loseDevice();
    const err = await rejection(engine.classify('USER: brand voice'));
    expect(err.code).toBe('DEVICE_LOST');
    expect(err.message).toMatch(/no longer on the GPU/);
    expect(err.details).toMatchObject({ afterLoad: true, original: expect.stringContaining('ModelNotLoadedError') });
    // What crossed the worker is WebLLM's own error, mapped there.
    expect(workers[0].posted.find((m) => m.kind === 'throw')?.content).toMatchObject({ code: 'DEVICE_LOST' });
    expect(engine.status).toBe('error');
    expect(engine.error?.code).toBe('DEVICE_LOST');
    expect(workers[0].terminated).toBe(true);
    expect((await rejection(engine.classify('USER: hi'))).code).toBe('ENGINE_NOT_READY');

    // "Reload model": the same model, in a new worker.
    await engine.load();
    expect(engine.status).toBe('ready');
    expect(engine.error).toBeNull();
    expect(gpu.reloads).toEqual(['Llama-3.1-8B-Instruct-q4f16_1-MLC', 'Llama-3.1-8B-Instruct-q4f16_1-MLC']);
    expect((await engine.classify('USER: brand voice')).categories).toEqual(['company.brand_core']);
    expect(statuses.filter((s) => s !== 'idle')).toEqual(['loading', 'ready', 'error', 'loading', 'ready']);
  });

  it('a lost device during a streamed chat reply is reported the same way', async () => {
    const gpu = new FakeGpuEngine(() => 'Hello.');
    const { engine } = setup(gpu);
    await engine.load();
    gpu.loseDevice();
    const err = await rejection(engine.chat([{ role: 'user', content: 'hi' }]));
    expect(err.code).toBe('DEVICE_LOST');
    expect(engine.status).toBe('error');
  });
});

describe('worker failures are mapped in the phase they happened in', () => {
  it('an unknown failure while answering says the model failed to answer, not that loading failed', async () => {
    const gpu = new FakeGpuEngine(() => 'none', { chatFails: new TypeError('cannot read properties of undefined (reading "logits")') });
    const { engine, workers } = setup(gpu);
    await engine.load();
    const err = await rejection(engine.classify('USER: hi'));
    expect(err.code).toBe('INTERNAL');
    expect(err.message).toMatch(/^The model failed to answer: TypeError: cannot read properties/);
    expect(workers[0].posted.find((m) => m.kind === 'throw')?.content).toMatchObject({ code: 'INTERNAL' });
    expect(engine.status).toBe('ready');
  });

  it('an unknown failure while loading still says loading failed', async () => {
    const { engine } = setup(new FakeGpuEngine(() => 'none', { reloadFails: new TypeError('weird init') }));
    const err = await rejection(engine.load());
    expect(err.code).toBe('MODEL_LOAD_FAILED');
    expect(err.message).toMatch(/^Loading the model failed: TypeError: weird init/);
  });
});
