/**
 * Deleting models with WebLLM's real cache functions over a Cache API (a Map-backed one: Node has
 * none), seeded with the keys WebLLM's ArtifactCache writes: a partly downloaded model can be
 * deleted, and a model library shared with another cached model is kept.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteChatConfigInCache, deleteModelInCache, deleteModelWasmInCache, hasModelInCache, isValidSRI, prebuiltAppConfig } from '@mlc-ai/web-llm';
import { ModelManager } from '../../src/engines/webllm/model-manager';
import { buildCatalog, catalogEntry, type Catalog } from '../../src/engines/webllm/registry';
import { resolveConfig } from '../../src/engines/webllm/config';
import { modelFolderUrl } from '../../src/engines/webllm/model-files';

class MapCache {
  readonly entries = new Map<string, Response>();
  async match(req: RequestInfo | URL) { return this.entries.get(typeof req === 'string' ? req : 'url' in req ? req.url : req.href)?.clone(); }
  async add(): Promise<void> { throw new Error('test cache: no network'); }
  async put(req: RequestInfo | URL, res: Response) { this.entries.set(typeof req === 'string' ? req : 'url' in req ? req.url : req.href, res); }
  async keys() { return [...this.entries.keys()].map((url) => new Request(url)); }
  async delete(req: RequestInfo | URL) { return this.entries.delete(typeof req === 'string' ? req : 'url' in req ? req.url : req.href); }
}

class MapCacheStorage {
  readonly caches = new Map<string, MapCache>();
  async has(name: string) { return this.caches.has(name); }
  async open(name: string) { if (!this.caches.has(name)) this.caches.set(name, new MapCache()); return this.caches.get(name)!; }
  /** Every cached URL, by scope. */
  dump(): Record<string, string[]> { return Object.fromEntries([...this.caches].map(([k, c]) => [k, [...c.entries.keys()].sort()])); }
}

const FINE_TUNE = 'memory-router-llama-3.1-8b-q4f32_1';
const STOCK = 'Llama-3.1-8B-Instruct-q4f32_1-MLC';
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
let storage: MapCacheStorage;
let catalog: Catalog;

/** What WebLLM leaves after downloading `shards` of a model's two shards. */
async function seed(id: string, shards: number): Promise<void> {
  const entry = catalogEntry(catalog, id);
  const folder = modelFolderUrl(entry.record.model, 'https://app.test/');
  const json = (v: unknown) => new Response(JSON.stringify(v), { headers: { 'content-type': 'application/json' } });
  await (await storage.open('webllm/config')).put(`${folder}mlc-chat-config.json`, json({ tokenizer_files: ['tokenizer.json'] }));
  await (await storage.open('webllm/wasm')).put(entry.record.model_lib, new Response(new Uint8Array(8)));
  const model = await storage.open('webllm/model');
  await model.put(`${folder}tokenizer.json`, json({}));
  await model.put(`${folder}tensor-cache.json`, json({ records: [{ dataPath: 'params_shard_0.bin', nbytes: 10 }, { dataPath: 'params_shard_1.bin', nbytes: 10 }] }));
  for (let i = 0; i < shards; i++) await model.put(`${folder}params_shard_${i}.bin`, new Response(new Uint8Array(10)));
}

beforeEach(() => {
  storage = new MapCacheStorage();
  vi.stubGlobal('caches', storage);
  vi.stubGlobal('fetch', async () => { throw new TypeError('offline: the test cache must answer everything'); });
  catalog = buildCatalog(resolveConfig({}, { fineTuneUrl: `https://huggingface.co/acme/router/resolve/${COMMIT}/`, fineTuneQuantization: 'q4f32_1' }, { origin: 'https://app.test', isValidSri: isValidSRI, extraOrigins: ['https://huggingface.co/acme/router/'] }), prebuiltAppConfig);
});
afterEach(() => vi.unstubAllGlobals());

const manager = () => new ModelManager({ hasModelInCache, deleteModelInCache, deleteChatConfigInCache, deleteModelWasmInCache }, undefined, storage, 'https://app.test/');

describe('model cache: partial downloads and shared libraries (WebLLM\'s real cache functions)', () => {
  it('the fine-tune and the stock 8B share one model library', () => {
    expect(catalogEntry(catalog, FINE_TUNE).record.model_lib).toBe(catalogEntry(catalog, STOCK).record.model_lib);
  });

  it('a partly downloaded model shows as partial and can be deleted, with nothing left behind', async () => {
    await seed(FINE_TUNE, 1);
    const m = manager();
    const status = (await m.status(catalog)).find((s) => s.id === FINE_TUNE);
    expect(status).toEqual({ id: FINE_TUNE, cached: false, partialFiles: 4 });
    await m.remove(catalog, FINE_TUNE);
    expect(storage.dump()).toEqual({ 'webllm/config': [], 'webllm/model': [], 'webllm/wasm': [] });
    expect((await m.status(catalog)).find((s) => s.id === FINE_TUNE)).toEqual({ id: FINE_TUNE, cached: false });
  });

  it('deleting the fine-tune keeps the library the cached stock 8B still needs; deleting the 8B then removes it', async () => {
    await seed(STOCK, 2);
    await seed(FINE_TUNE, 2);
    const lib = catalogEntry(catalog, STOCK).record.model_lib;
    const m = manager();
    expect(await hasModelInCache(FINE_TUNE, catalog.appConfig)).toBe(true);

    expect(await m.remove(catalog, FINE_TUNE)).toEqual({ libraryKeptFor: [STOCK] });
    expect(await hasModelInCache(FINE_TUNE, catalog.appConfig)).toBe(false);
    expect(await hasModelInCache(STOCK, catalog.appConfig)).toBe(true);
    expect(storage.dump()['webllm/wasm']).toEqual([lib]);
    expect(storage.dump()['webllm/model'].every((u) => u.startsWith('https://huggingface.co/mlc-ai/'))).toBe(true);

    expect(await m.remove(catalog, STOCK)).toEqual({ libraryKeptFor: [] });
    expect(storage.dump()).toEqual({ 'webllm/config': [], 'webllm/model': [], 'webllm/wasm': [] });
  });

  it('a model with nothing cached is left alone, without a network request', async () => {
    await seed(STOCK, 2);
    const before = storage.dump();
    expect(await manager().remove(catalog, FINE_TUNE)).toEqual({ libraryKeptFor: [] });
    expect(storage.dump()).toEqual(before);
  });
});
