import { describe, expect, it } from 'vitest';
import { isValidSRI } from '@mlc-ai/web-llm';
import {
  buildModelOrigins, buildSettings, hostAllowed, loadSettings, parseIntegrity, resolveConfig, saveSettings,
  SETTINGS_STORAGE_KEY, validateModelUrl,
} from '../../src/engines/webllm/config';
import { modelFolderUrl } from '../../src/engines/webllm/model-files';
import { RouterError } from '../../src/core/errors';

const ORIGIN = 'https://app.example';
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const opts = { origin: ORIGIN, isValidSri: isValidSRI };
/** huggingface.co is a shared host: a fine-tune there must be in the CSP (a build-time URL adds its repository). */
const ACME = ['https://huggingface.co/acme/rt/'];

describe('validateModelUrl', () => {
  // [entered, the folder WebLLM downloads from, warnings]
  it.each([
    [`https://huggingface.co/acme/rt/resolve/${COMMIT}/`, `https://huggingface.co/acme/rt/resolve/${COMMIT}/`, []],
    [`https://huggingface.co/acme/rt/resolve/${COMMIT}`, `https://huggingface.co/acme/rt/resolve/${COMMIT}/`, []],
    ['https://huggingface.co/acme/rt/resolve/main/', 'https://huggingface.co/acme/rt/resolve/main/', [/Pin the URL to a commit/]],
    ['https://huggingface.co/acme/rt', 'https://huggingface.co/acme/rt/resolve/main/', [/adds resolve\/main\//, /Pin the URL to a commit/]],
    ['/models/router-8b/', `${ORIGIN}/models/router-8b/resolve/main/`, [/download from https:\/\/app\.example\/models\/router-8b\/resolve\/main\/: put the files in that folder/]],
    ['/models/router-8b/resolve/main/', `${ORIGIN}/models/router-8b/resolve/main/`, []],
    [`${ORIGIN}/models/x`, `${ORIGIN}/models/x/resolve/main/`, [/adds resolve\/main\//]],
    ['https://cdn-lfs.hf.co/x/resolve/v2/', 'https://cdn-lfs.hf.co/x/resolve/v2/', []],
  ] as const)('%s is accepted as the folder WebLLM uses', (input, url, warnings) => {
    const r = validateModelUrl(input, ORIGIN, ACME);
    expect(r.url).toBe(url);
    expect(r.warnings).toHaveLength(warnings.length);
    warnings.forEach((w, i) => expect(r.warnings[i]).toMatch(w));
    // WebLLM's own rule leaves the folder as it is: what is shown is what is fetched.
    expect(modelFolderUrl(r.url, ORIGIN)).toBe(r.url);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['ftp://huggingface.co/x/', /must start with https/],
    ['javascript:alert(1)', /must start with https/],
    ['http://huggingface.co/x/', /must use https/],
    ['https://evil.example/model/', /evil\.example is not an allowed model host/],
    ['https://huggingface.co.evil.example/x/', /not an allowed model host/],
    // Anyone can publish on huggingface.co: only the repositories the CSP names are allowed.
    ['https://huggingface.co/someone-else/rt/resolve/main/', /https:\/\/huggingface\.co\/someone-else\/rt\/resolve\/main\/ is not an allowed model path.*VITE_ROUTER_MODEL_URL/],
    ['https://raw.githubusercontent.com/evil/x/main/', /not an allowed model path/],
    ['http://[::1', /not a URL/],
    ['https://huggingface.co/acme/rt/resolve/main/?download=true', /without "\?…" or "#…"/],
    ['/models/router-8b/#x', /without "\?…" or "#…"/],
  ])('%j is refused with a message saying what to do', (input, message) => {
    const err = (() => { try { validateModelUrl(input, ORIGIN, ACME); } catch (e) { return e; } return null; })();
    expect(err).toBeInstanceOf(RouterError);
    expect((err as RouterError).message).toMatch(message);
  });

  it('allows the build-time model origin (the CSP includes it)', () => {
    expect(() => validateModelUrl('https://models.acme.test/rt/', ORIGIN)).toThrow();
    expect(validateModelUrl('https://models.acme.test/rt/resolve/main/', ORIGIN, ['https://models.acme.test']).url).toBe('https://models.acme.test/rt/resolve/main/');
    expect(buildModelOrigins({ VITE_ROUTER_MODEL_URL: 'https://models.acme.test/rt/' })).toEqual(['https://models.acme.test']);
    expect(buildModelOrigins({ VITE_ROUTER_MODEL_URL: 'not a url' })).toEqual([]);
    // On a shared host, only the repository.
    expect(buildModelOrigins({ VITE_ROUTER_MODEL_URL: `https://huggingface.co/acme/rt/resolve/${COMMIT}/` })).toEqual(['https://huggingface.co/acme/rt/']);
    expect(buildModelOrigins({ VITE_MODEL_SOURCES: 'https://huggingface.co/e2e-org/, https://mirror.test' })).toEqual(['https://huggingface.co/e2e-org/', 'https://mirror.test']);
    expect(buildModelOrigins({ VITE_MODEL_SOURCES: "https://x.test'; script-src *" })).toEqual([]);
  });

  it('matches CSP sources as the browser does: exact paths on shared hosts, wildcards only on subdomains', () => {
    expect(hostAllowed(new URL('https://cas-bridge.xethub.hf.co/x'), ORIGIN)).toBe(true);
    expect(hostAllowed(new URL('https://us.aws.cdn.hf.co/xet-bridge-us/abc'), ORIGIN)).toBe(true);
    expect(hostAllowed(new URL('https://huggingface.co/mlc-ai/Llama-3.1-8B-Instruct-q4f16_1-MLC/resolve/main/mlc-chat-config.json'), ORIGIN)).toBe(true);
    expect(hostAllowed(new URL('https://huggingface.co/mlc-ai/Someone-Elses-Model/resolve/main/x'), ORIGIN)).toBe(false);
    expect(hostAllowed(new URL('https://huggingface.co/x'), ORIGIN)).toBe(false);
    expect(hostAllowed(new URL('https://evil.hf.co/x'), ORIGIN)).toBe(false);
    expect(hostAllowed(new URL('https://raw.githubusercontent.com/evil/repo/main/x.wasm'), ORIGIN)).toBe(false);
    expect(hostAllowed(new URL('https://hf.co.evil.test/x'), ORIGIN)).toBe(false);
    expect(hostAllowed(new URL('http://huggingface.co/x'), ORIGIN)).toBe(false);
  });
});

describe('parseIntegrity', () => {
  const sri = 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';
  it('accepts WebLLM ModelIntegrity fields with valid SRI hashes', () => {
    expect(parseIntegrity(JSON.stringify({ config: sri, tokenizer: { 'tokenizer.json': sri }, onFailure: 'warn' }), isValidSRI))
      .toEqual({ config: sri, tokenizer: { 'tokenizer.json': sri }, onFailure: 'warn' });
  });
  it.each([
    ['{', /not valid JSON/],
    ['[]', /must be a JSON object/],
    [JSON.stringify({ config: 'md5-abc' }), /SRI hash/],
    [JSON.stringify({ model_lib: 42 }), /SRI hash/],
    [JSON.stringify({ tokenizer: ['x'] }), /map file names/],
    [JSON.stringify({ tokenizer: { 'tokenizer.json': 'nope' } }), /tokenizer\["tokenizer.json"\]/],
    [JSON.stringify({ onFailure: 'ignore' }), /"error" or "warn"/],
    [JSON.stringify({ weights: sri }), /Unknown integrity field "weights"/],
  ])('%s is refused', (text, message) => {
    expect(() => parseIntegrity(text, isValidSRI)).toThrow(message);
  });
});

describe('resolveConfig', () => {
  const build = buildSettings({ VITE_ROUTER_MODEL_URL: `https://huggingface.co/acme/rt/resolve/${COMMIT}/`, VITE_ROUTER_MODEL_QUANTIZATION: 'q4f32_1', VITE_WEBLLM_CACHE_BACKEND: 'opfs', OTHER: 'x' });

  it('reads the VITE_ variables', () => {
    expect(build).toEqual({ fineTuneUrl: `https://huggingface.co/acme/rt/resolve/${COMMIT}/`, fineTuneQuantization: 'q4f32_1', fineTuneIntegrity: undefined, cacheBackend: 'opfs' });
    expect(buildSettings({ VITE_ROUTER_MODEL_URL: '  ' })).toEqual({});
  });

  it('uses build settings when the user set nothing, and the user\'s field by field otherwise', () => {
    const a = resolveConfig(build, {}, opts);
    expect(a.fineTune).toMatchObject({ quantization: 'q4f32_1', source: 'build' });
    expect(a.cacheBackend).toBe('opfs');
    const b = resolveConfig(build, { fineTuneUrl: '/models/mine/', cacheBackend: 'cache', fineTuneQuantization: '' }, opts);
    expect(b.fineTune).toMatchObject({ url: `${ORIGIN}/models/mine/resolve/main/`, enteredUrl: `${ORIGIN}/models/mine/`, quantization: 'q4f32_1', source: 'settings' });
    expect(b.cacheBackend).toBe('cache');
  });

  it('defaults to no fine-tune, q4f16_1 and the Cache API', () => {
    expect(resolveConfig({}, {}, opts)).toEqual({ fineTune: null, cacheBackend: 'cache', warnings: [] });
    expect(resolveConfig({}, { fineTuneUrl: '/m/' }, opts).fineTune?.quantization).toBe('q4f16_1');
  });

  it('refuses unknown quantizations and cache backends, and warns about cross-origin', () => {
    expect(() => resolveConfig({}, { fineTuneUrl: '/m/', fineTuneQuantization: 'q3f16_1' }, opts)).toThrow(/Quantization "q3f16_1" is not one of q4f16_1, q4f32_1/);
    expect(() => resolveConfig({}, { cacheBackend: 'localstorage' }, opts)).toThrow(/Cache backend/);
    expect(resolveConfig({}, { cacheBackend: 'cross-origin' }, opts).warnings[0]).toMatch(/extension/);
  });
});

describe('settings storage', () => {
  function memory(initial?: string) {
    const map = new Map<string, string>(initial ? [[SETTINGS_STORAGE_KEY, initial]] : []);
    return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
  }
  it('round-trips and ignores junk', () => {
    const s = memory();
    saveSettings(s, { fineTuneUrl: '/m/', cacheBackend: 'indexeddb' });
    expect(loadSettings(s)).toEqual({ fineTuneUrl: '/m/', cacheBackend: 'indexeddb' });
    expect(loadSettings(memory('{nope'))).toEqual({});
    expect(loadSettings(memory('[1]'))).toEqual({});
    expect(loadSettings(memory(JSON.stringify({ fineTuneUrl: 3, cacheBackend: 'opfs' })))).toEqual({ cacheBackend: 'opfs' });
    expect(loadSettings(null)).toEqual({});
  });
  it('says when settings cannot be saved', () => {
    expect(() => saveSettings(null, {})).toThrow(/cannot be saved/);
  });
});
