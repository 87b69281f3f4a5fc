import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deleteChatConfigInCache, deleteModelInCache, deleteModelWasmInCache, hasModelInCache, isValidSRI, prebuiltAppConfig } from '@mlc-ai/web-llm';
import { fmtDuration, fmtMB, LoadProgressTracker, ModelManager, type CacheStorageLike, type WebLLMCacheApi } from '../../src/engines/webllm/model-manager';
import { buildCatalog } from '../../src/engines/webllm/registry';
import { resolveConfig } from '../../src/engines/webllm/config';

const MB = 2 ** 20;
const NO_DELETE = { deleteModelInCache: async () => undefined, deleteChatConfigInCache: async () => undefined, deleteModelWasmInCache: async () => undefined };
const catalog = (cacheBackend = 'cache') => buildCatalog(resolveConfig({}, { cacheBackend }, { origin: 'https://a.test', isValidSri: isValidSRI }), prebuiltAppConfig);

describe('LoadProgressTracker', () => {
  it('computes MB, total, elapsed and ETA per phase from WebLLM\'s reports', () => {
    let t = 1000;
    const tr = new LoadProgressTracker(() => t);
    expect(tr.update({ progress: 0, timeElapsed: 0, text: 'Start to fetch params' })).toMatchObject({ progress: 0, text: 'Downloading weights', elapsedMs: 0 });
    t = 11_000;
    const p = tr.update({ progress: 0.25, timeElapsed: 10, text: 'Fetching param cache[27/108]: 1100MB fetched. 25% completed, 10 secs elapsed. It can take a while.' });
    expect(p).toEqual({ progress: 0.25, text: 'Downloading weights: 1,100 MB of 4,400 MB', elapsedMs: 10_000, loadedBytes: 1100 * MB, totalBytes: 4400 * MB, etaMs: 30_000 });
    // A new phase restarts the ETA clock (WebLLM restarts progress at 0 too).
    t = 12_000;
    tr.update({ progress: 0.1, timeElapsed: 11, text: 'Loading model from cache[10/108]: 440MB loaded. 10% completed, 11 secs elapsed.' });
    t = 14_000;
    const q = tr.update({ progress: 0.5, timeElapsed: 13, text: 'Loading model from cache[54/108]: 2200MB loaded. 50% completed, 13 secs elapsed.' });
    expect(q.text).toBe('Loading weights onto the GPU: 2,200 MB of 4,400 MB');
    expect(q.etaMs).toBe(2000);
    expect(q.elapsedMs).toBe(13_000);
    expect(tr.update({ progress: 0.3, timeElapsed: 14, text: 'Loading GPU shader modules[30/100]: 30% completed, 14 secs elapsed.' }).text).toBe('Compiling GPU shaders: 30/100');
    const done = tr.update({ progress: 1, timeElapsed: 15, text: 'Finish loading on WebGPU - nvidia' });
    expect(done.text).toBe('Ready');
    expect(done.etaMs).toBeUndefined();
  });

  it('passes unknown texts through and clamps odd progress values', () => {
    const tr = new LoadProgressTracker(() => 0);
    expect(tr.update({ progress: Number.NaN, timeElapsed: 0, text: 'Something new' })).toMatchObject({ progress: 0, text: 'Something new' });
    expect(tr.update({ progress: 7, timeElapsed: 0, text: 'x' }).progress).toBe(1);
  });

  it('formats sizes and durations', () => {
    expect(fmtMB(4_400 * MB)).toBe('4,400 MB');
    expect([fmtDuration(4_400), fmtDuration(125_000), fmtDuration(3_725_000)]).toEqual(['4 s', '2 min 5 s', '1 h 2 min']);
  });
});

describe('ModelManager', () => {
  afterEach(() => vi.unstubAllGlobals());

  function fakeCaches(files: Record<string, unknown>): CacheStorageLike {
    return {
      has: async (name) => name === 'webllm/model',
      open: async () => ({ match: async (url: string) => (url in files ? { json: async () => files[url] } : undefined), keys: async () => [], delete: async () => false }),
    };
  }

  it('reports cached models with their weight size from the cached tensor-cache.json, using WebLLM\'s cache check', async () => {
    const cat = catalog();
    const asked: string[] = [];
    const api: WebLLMCacheApi = {
      hasModelInCache: async (id, appConfig) => { asked.push(id); expect(appConfig).toBe(cat.appConfig); return id === 'Llama-3.2-1B-Instruct-q4f32_1-MLC'; },
      ...NO_DELETE,
    };
    const caches = fakeCaches({ 'https://huggingface.co/mlc-ai/Llama-3.2-1B-Instruct-q4f32_1-MLC/resolve/main/tensor-cache.json': { records: [{ nbytes: 300 * MB }, { nbytes: 400 * MB }] } });
    const status = await new ModelManager(api, undefined, caches, 'https://a.test/').status(cat);
    expect(asked).toEqual(cat.entries.map((e) => e.id));
    expect(status.find((s) => s.cached)).toEqual({ id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC', cached: true, sizeBytes: 700 * MB });
    expect(status.filter((s) => !s.cached)).toHaveLength(cat.entries.length - 1);
  });

  it('one unreadable status does not hide the others; delete uses WebLLM\'s delete functions', async () => {
    const cat = catalog();
    const deleted: string[] = [];
    const api: WebLLMCacheApi = {
      hasModelInCache: async (id) => { if (id.startsWith('Qwen')) throw new Error('SecurityError: cache blocked'); return id.startsWith('Llama-3.2-1B'); },
      deleteModelInCache: async (id: string) => { deleted.push(id); },
      deleteChatConfigInCache: async () => undefined,
      deleteModelWasmInCache: async () => undefined,
    };
    const m = new ModelManager(api, undefined, undefined, 'https://a.test/');
    const status = await m.status(cat);
    expect(status.filter((s) => s.error)).toHaveLength(2);
    await m.remove(cat, 'Llama-3.2-1B-Instruct-q4f32_1-MLC');
    expect(deleted).toEqual(['Llama-3.2-1B-Instruct-q4f32_1-MLC']);
    await m.remove(cat, 'Llama-3.1-8B-Instruct-q4f16_1-MLC'); // not cached: nothing to delete
    expect(deleted).toEqual(['Llama-3.2-1B-Instruct-q4f32_1-MLC']);
    const failing = new ModelManager({ ...api, deleteModelInCache: async () => { throw new Error('boom'); } }, undefined, undefined, 'https://a.test/');
    await expect(failing.remove(cat, 'Llama-3.2-1B-Instruct-q4f32_1-MLC')).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
  });

  it('reports storage and asks for persistence through navigator.storage', async () => {
    let persisted = false;
    const storage = { estimate: async () => ({ usage: 5 * MB, quota: 100 * MB }), persisted: async () => persisted, persist: async () => (persisted = true) };
    const m = new ModelManager({ hasModelInCache: async () => false, ...NO_DELETE }, storage, undefined, 'https://a.test/');
    expect(await m.storageStatus()).toEqual({ available: true, usageBytes: 5 * MB, quotaBytes: 100 * MB, persisted: false });
    expect(await m.persist()).toBe(true);
    expect((await m.storageStatus()).persisted).toBe(true);
    const none = new ModelManager({ hasModelInCache: async () => false, ...NO_DELETE }, undefined, undefined, 'https://a.test/');
    expect(await none.storageStatus()).toEqual({ available: false });
    expect(await none.persist()).toBe(false);
  });

  it('works with WebLLM\'s real cache functions (IndexedDB backend) on an empty cache', async () => {
    vi.stubGlobal('location', { origin: 'https://a.test', href: 'https://a.test/' });
    const fetchSpy = vi.fn(async () => { throw new TypeError('offline'); });
    vi.stubGlobal('fetch', fetchSpy);
    const cat = catalog('indexeddb');
    const m = new ModelManager({ hasModelInCache, deleteModelInCache, deleteChatConfigInCache, deleteModelWasmInCache }, undefined, undefined, 'https://a.test/');
    const status = await m.status(cat);
    expect(status.map((s) => s.cached)).toEqual(cat.entries.map(() => false));
    expect(status.every((s) => !s.error)).toBe(true);
    await m.remove(cat, 'Llama-3.2-1B-Instruct-q4f32_1-MLC');
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
