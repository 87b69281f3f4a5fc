import { describe, expect, it } from 'vitest';
import { diagnoseModelFolder, errorText, mapWebLLMError, modelFolderUrl, type FetchLike } from '../../src/engines/webllm/errors';
import { RouterError, serializeError } from '../../src/core/errors';

describe('mapWebLLMError', () => {
  // Texts as WebLLM produces them (its worker sends err.toString()).
  it.each([
    ['DeviceLostError: The WebGPU device was lost while loading the model.', 'DEVICE_LOST', /smaller model/],
    ['ShaderF16SupportError: This model requires WebGPU extension shader-f16', 'MODEL_LOAD_FAILED', /q4f32_1 variant/],
    ['FeatureSupportError: This model requires feature subgroups, which is not yet supported', 'MODEL_LOAD_FAILED', /lacks a WebGPU feature/],
    ['WebGPUNotAvailableError: WebGPU is not supported in your current environment', 'NO_WEBGPU', /router-lite \(CPU\) still works/],
    ['Error: Unable to find a compatible GPU.', 'NO_WEBGPU', /router-lite/],
    ['Error: Cannot initialize runtime because of requested maxBufferSize exceeds limit.', 'MODEL_LOAD_FAILED', /limits are below/],
    ['IntegrityError: Integrity verification failed for https://h/x.wasm\n  Expected: a', 'MODEL_FORMAT', /integrity hash \(Integrity verification failed for https:\/\/h\/x\.wasm\)/],
    ['QuotaExceededError: The quota has been exceeded.', 'STORAGE_FULL', /Delete cached models/],
    ['ModelNotFoundError: Cannot find model record in appConfig for x', 'MODEL_NOT_FOUND', /Models tab/],
    ['ContextWindowSizeExceededError: Prompt tokens exceed context window size', 'INPUT_TOO_LARGE', /shorten/],
    ["TypeError: Failed to execute 'add' on 'Cache': Request failed", 'MODEL_NOT_FOUND', /could not be downloaded/],
    ['Error: Failed to store https://h/m/mlc-chat-config.json with error: Error: Network response was not ok', 'MODEL_NOT_FOUND', /could not be downloaded/],
    ['TypeError: Failed to fetch', 'MODEL_NOT_FOUND', /offline/],
    ['SyntaxError: Unexpected token \'<\', "<!doctype "... is not valid JSON', 'MODEL_FORMAT', /web page/],
    ['AbortError: The operation was aborted.', 'CANCELLED', /Cancelled/],
    ['Error: something nobody expected', 'MODEL_LOAD_FAILED', /Loading the model failed: Error: something nobody expected/],
  ])('%s -> %s', (text, code, message) => {
    const err = mapWebLLMError(text);
    expect(err).toBeInstanceOf(RouterError);
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.details?.original).toBe(text.slice(0, 500));
  });

  it('marks download failures so the engine can diagnose the URL', () => {
    expect(mapWebLLMError('TypeError: Failed to fetch').details?.fetchFailure).toBe(true);
    expect(mapWebLLMError('DeviceLostError: x').details?.fetchFailure).toBeUndefined();
  });

  it('passes typed errors through, including their serialized form from the worker', () => {
    const typed = new RouterError('DEVICE_LOST', 'gone', { a: 1 });
    expect(mapWebLLMError(typed)).toBe(typed);
    const back = mapWebLLMError(serializeError(typed));
    expect(back).toBeInstanceOf(RouterError);
    expect([back.code, back.message, back.details]).toEqual(['DEVICE_LOST', 'gone', { a: 1 }]);
  });

  it('reads Error objects and odd values, with request-phase fallback', () => {
    const e = new Error('boom');
    e.name = 'DeviceLostError';
    expect(mapWebLLMError(e).code).toBe('DEVICE_LOST');
    expect(mapWebLLMError(42, 'request')).toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/The model failed to answer: 42/) });
    expect(errorText({ name: 'X', message: 'y' })).toBe('X: y');
  });
});

describe('modelFolderUrl (WebLLM\'s rule)', () => {
  it.each([
    ['https://huggingface.co/o/r', 'https://huggingface.co/o/r/resolve/main/'],
    ['https://huggingface.co/o/r/', 'https://huggingface.co/o/r/resolve/main/'],
    ['https://huggingface.co/o/r/resolve/abc', 'https://huggingface.co/o/r/resolve/abc/'],
    ['/models/m/resolve/main/', 'https://a.test/models/m/resolve/main/'],
  ])('%s -> %s', (input, out) => expect(modelFolderUrl(input, 'https://a.test/app/')).toBe(out));
});

describe('diagnoseModelFolder', () => {
  const folder = 'https://huggingface.co/o/r/resolve/abc/';
  const fetchWith = (table: Record<string, number | 'html' | 'throw'>): FetchLike => async (url) => {
    const v = table[url.slice(folder.length)] ?? 200;
    if (v === 'throw') throw new TypeError('Failed to fetch');
    if (v === 'html') return { ok: true, status: 200, headers: { get: () => 'text/html; charset=utf-8' } };
    return { ok: v < 400, status: v, headers: { get: () => 'application/json' } };
  };

  it.each([
    [{ 'mlc-chat-config.json': 404 }, 'MODEL_NOT_FOUND', /mlc-chat-config\.json is not found \(HTTP 404\)\. Check the model URL/],
    [{ 'mlc-chat-config.json': 401 }, 'MODEL_NOT_FOUND', /private or gated/],
    [{ 'mlc-chat-config.json': 503 }, 'MODEL_NOT_FOUND', /unavailable \(HTTP 503\)/],
    [{ 'mlc-chat-config.json': 'html' }, 'MODEL_FORMAT', /returned a web page/],
    [{ 'mlc-chat-config.json': 'throw' }, 'MODEL_NOT_FOUND', /Could not reach huggingface\.co/],
    [{ 'tensor-cache.json': 404, 'ndarray-cache.json': 404 }, 'MODEL_NOT_FOUND', /tensor-cache\.json is not found/],
    [{ 'tensor-cache.json': 404 }, 'MODEL_FORMAT', /older MLC-LLM .*ndarray-cache\.json/],
  ] as const)('%j -> %s', async (table, code, message) => {
    const err = await diagnoseModelFolder(folder, fetchWith(table as Record<string, number | 'html' | 'throw'>));
    expect(err?.code).toBe(code);
    expect(err?.message).toMatch(message);
  });

  it('checks the model library last, when given', async () => {
    const lib = 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v/x.wasm';
    const fetchLib: FetchLike = async (url) => ({ ok: url !== lib, status: url === lib ? 404 : 200, headers: { get: () => 'application/octet-stream' } });
    expect((await diagnoseModelFolder(folder, fetchLib, lib))?.message).toMatch(/model library .*x\.wasm is unavailable \(HTTP 404\)/);
    expect(await diagnoseModelFolder(folder, fetchLib)).toBeNull();
  });

  it('returns null when the folder looks fine', async () => {
    expect(await diagnoseModelFolder(folder, fetchWith({}))).toBeNull();
  });
});
