/** The files a load asks for, by exact URL, and the check that names the first missing one. */
import { describe, expect, it } from 'vitest';
import { checkModelFiles, plannedModelFiles, type FetchLike } from '../../src/engines/webllm/model-files';

const FOLDER = 'https://app.test/models/memory-router-8b-q4f32_1-MLC/resolve/main/';
const LIB = 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_80/Llama-3.1-8B-Instruct-q4f32_1-ctx4k_cs1k-webgpu.wasm';

/** A host serving a converted model folder: file name -> body (JSON) or status. */
function host(files: Record<string, unknown>, calls: string[]): FetchLike {
  return async (url, init) => {
    calls.push(`${init?.method ?? 'GET'} ${url}`);
    const name = url.startsWith(FOLDER) ? url.slice(FOLDER.length) : url;
    if (!(name in files)) return { ok: false, status: 404, headers: { get: () => 'text/plain' } };
    const body = files[name];
    if (typeof body === 'number') return { ok: body < 400, status: body };
    return { ok: true, status: 200, headers: { get: () => 'application/json' }, json: async () => body };
  };
}

const CONVERTED = {
  'mlc-chat-config.json': { model_type: 'llama', tokenizer_files: ['tokenizer.json', 'tokenizer_config.json'] },
  'tokenizer.json': {},
  'tensor-cache.json': { records: [{ dataPath: 'params_shard_0.bin' }, { dataPath: 'params_shard_1.bin' }, { dataPath: 'params_shard_1.bin' }] },
  'params_shard_0.bin': 200,
  'params_shard_1.bin': 200,
  [LIB]: 200,
};

describe('checkModelFiles', () => {
  it('asks for exactly the files WebLLM loads, in its order: config, library, tokenizer, tensor cache, each shard once', async () => {
    const calls: string[] = [];
    const progress: string[] = [];
    const r = await checkModelFiles(FOLDER, host(CONVERTED, calls), { modelLib: LIB, onProgress: (d, t) => progress.push(`${d}/${t}`) });
    expect(r.error).toBeNull();
    expect(calls).toEqual([
      `GET ${FOLDER}mlc-chat-config.json`,
      `HEAD ${LIB}`,
      `HEAD ${FOLDER}tokenizer.json`,
      `GET ${FOLDER}tensor-cache.json`,
      `HEAD ${FOLDER}params_shard_0.bin`,
      `HEAD ${FOLDER}params_shard_1.bin`,
    ]);
    expect(r.files.map((f) => f.kind)).toEqual(['config', 'library', 'tokenizer', 'tensor-cache', 'shard', 'shard']);
    expect(progress).toEqual(['1/2', '2/2']);
  });

  it('a missing shard is named with its URL and status, and the check stops there', async () => {
    const calls: string[] = [];
    const { 'params_shard_0.bin': _, ...missingShard } = CONVERTED;
    const r = await checkModelFiles(FOLDER, host(missingShard, calls));
    expect(r.error?.code).toBe('MODEL_NOT_FOUND');
    expect(r.error?.message).toMatch(new RegExp(`^The model file ${FOLDER.replace(/[.]/g, '\\.')}params_shard_0\\.bin is not found \\(HTTP 404\\)`));
    expect(calls.at(-1)).toBe(`HEAD ${FOLDER}params_shard_0.bin`);
  });

  it('a missing tokenizer is named before the tensor cache is read', async () => {
    const calls: string[] = [];
    const { 'tokenizer.json': _, ...noTokenizer } = CONVERTED;
    const r = await checkModelFiles(FOLDER, host(noTokenizer, calls));
    expect(r.error?.message).toContain(`${FOLDER}tokenizer.json is not found (HTTP 404)`);
    expect(calls.some((c) => c.includes('tensor-cache.json'))).toBe(false);
  });

  it('reads a SentencePiece tokenizer when the config lists only tokenizer.model, and refuses a config listing none', async () => {
    const calls: string[] = [];
    const sp = { ...CONVERTED, 'mlc-chat-config.json': { tokenizer_files: ['tokenizer.model'] }, 'tokenizer.model': 200 };
    expect((await checkModelFiles(FOLDER, host(sp, calls), { shards: false })).error).toBeNull();
    expect(calls).toContain(`HEAD ${FOLDER}tokenizer.model`);
    const none = { ...CONVERTED, 'mlc-chat-config.json': { tokenizer_files: [] } };
    expect((await checkModelFiles(FOLDER, host(none, []))).error?.message).toMatch(/lists no tokenizer WebLLM can read/);
  });

  it('a config that is not JSON says so', async () => {
    const bad: FetchLike = async () => ({ ok: true, status: 200, headers: { get: () => 'application/json' }, json: async () => { throw new SyntaxError('Unexpected token'); } });
    expect((await checkModelFiles(FOLDER, bad)).error?.message).toMatch(/mlc-chat-config\.json is not valid JSON/);
  });
});

describe('plannedModelFiles', () => {
  it('lists the URLs a load will ask for before any file is read', () => {
    expect(plannedModelFiles(FOLDER, LIB).map((f) => f.url)).toEqual([
      `${FOLDER}mlc-chat-config.json`, LIB, `${FOLDER}tokenizer.json`, `${FOLDER}tensor-cache.json`, `${FOLDER}params_shard_*.bin`,
    ]);
  });
});
