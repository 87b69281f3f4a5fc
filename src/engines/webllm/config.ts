/**
 * Where the fine-tuned model lives and how WebLLM caches models: build-time VITE_ variables,
 * overridden by the user's settings (saved in localStorage). Pure validation, so a bad URL or a
 * bad integrity field is refused here with a message that says what to fix, before any download.
 */
import { RouterError } from '../../core/errors';
import { MODEL_HOSTS } from '../../config/hosts';
import { modelUrlSource, sourceMatches } from '../../config/csp';
import { modelFolderUrl } from './model-files';

export const FINE_TUNE_QUANTIZATIONS = ['q4f16_1', 'q4f32_1'] as const;
export type FineTuneQuantization = (typeof FINE_TUNE_QUANTIZATIONS)[number];

/** WebLLM's `AppConfig.cacheBackend` values (see @mlc-ai/web-llm config.d.ts). */
export const CACHE_BACKENDS = ['cache', 'indexeddb', 'opfs', 'cross-origin'] as const;
export type CacheBackendName = (typeof CACHE_BACKENDS)[number];

/** The integrity fields WebLLM verifies (its `ModelIntegrity`): config, model_lib, tokenizer files. */
export interface IntegritySetting {
  config?: string;
  model_lib?: string;
  tokenizer?: Record<string, string>;
  onFailure?: 'error' | 'warn';
}

/** What a user (or the build) may set; every field optional, strings as typed. */
export interface WebLLMSettings {
  fineTuneUrl?: string;
  fineTuneQuantization?: string;
  /** JSON text of an IntegritySetting. */
  fineTuneIntegrity?: string;
  cacheBackend?: string;
}

export interface FineTuneConfig {
  /** The folder WebLLM downloads from (its cleanModelUrl of what was entered). */
  url: string;
  /** The URL as entered, when WebLLM's rule changed it (resolve/main/ appended). */
  enteredUrl?: string;
  quantization: FineTuneQuantization;
  integrity?: IntegritySetting;
  /** Where the URL came from, shown in the page. */
  source: 'settings' | 'build';
}

export interface WebLLMConfig {
  fineTune: FineTuneConfig | null;
  cacheBackend: CacheBackendName;
  /** Non-fatal advice (e.g. an unpinned URL), shown beside the settings. */
  warnings: string[];
}

export const SETTINGS_STORAGE_KEY = 'memory-router.webllm-settings';

/** Build-time settings from Vite's import.meta.env (or any env-like record in tests). */
export function buildSettings(env: Record<string, unknown>): WebLLMSettings {
  const str = (k: string) => (typeof env[k] === 'string' && (env[k] as string).trim() ? (env[k] as string).trim() : undefined);
  return {
    fineTuneUrl: str('VITE_ROUTER_MODEL_URL'),
    fineTuneQuantization: str('VITE_ROUTER_MODEL_QUANTIZATION'),
    fineTuneIntegrity: str('VITE_ROUTER_MODEL_INTEGRITY'),
    cacheBackend: str('VITE_WEBLLM_CACHE_BACKEND'),
  };
}

/**
 * CSP sources of build-time model settings (the CSP must allow them; see docs/privacy.md): the
 * fine-tune URL's repository folder on a shared host (its origin elsewhere), and any sources listed
 * in VITE_MODEL_SOURCES (comma or space separated, e.g. a mirror; the e2e build lists its test repositories).
 */
export function buildModelOrigins(env: Record<string, unknown>): string[] {
  const out: string[] = [];
  const url = buildSettings(env).fineTuneUrl;
  const fromUrl = url ? modelUrlSource(url) : null;
  if (fromUrl) out.push(fromUrl);
  const listed = typeof env.VITE_MODEL_SOURCES === 'string' ? env.VITE_MODEL_SOURCES.split(/[\s,]+/).filter(Boolean) : [];
  for (const s of listed) if (/^https?:\/\/[^\s;'"]+$/.test(s) && !out.includes(s)) out.push(s);
  return out;
}

/** True when the page's Content-Security-Policy lets it fetch this URL (before any redirect). */
export function hostAllowed(url: URL, origin: string, extraOrigins: readonly string[] = []): boolean {
  if (url.origin === origin) return true;
  return [...MODEL_HOSTS, ...extraOrigins].some((s) => sourceMatches(url, s));
}

const HF_RESOLVE = /^https:\/\/huggingface\.co\/[^/]+\/[^/]+\/resolve\/([^/]+)\//;

/**
 * Checks a model folder URL and turns it into the folder WebLLM will actually download from.
 * Relative paths are resolved against the page. WebLLM appends "resolve/main/" to any URL that has
 * no `/resolve/<revision>/` segment (cleanModelUrl, used by loading and by every cache function),
 * so `url` is that folder, and `entered` what was typed when the two differ. Throws RouterError
 * when the URL cannot work.
 */
export function validateModelUrl(
  raw: string,
  origin: string,
  extraOrigins: readonly string[] = [],
): { url: string; entered?: string; warnings: string[] } {
  const text = raw.trim();
  if (!text) throw new RouterError('WRONG_SCHEMA', 'The model URL is empty: enter the folder URL of the converted model (see docs/model-conversion.md).');
  let url: URL;
  try {
    url = new URL(text, origin);
  } catch {
    throw new RouterError('WRONG_SCHEMA', `"${text.slice(0, 120)}" is not a URL: enter e.g. https://huggingface.co/ORG/REPO/resolve/COMMIT/.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RouterError('WRONG_SCHEMA', `The model URL must start with https:// (got ${url.protocol}).`);
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol === 'http:' && !local && url.origin !== origin) {
    throw new RouterError('WRONG_SCHEMA', 'The model URL must use https:// (plain http is only allowed for localhost).');
  }
  if (url.search || url.hash) {
    throw new RouterError('WRONG_SCHEMA', `The model URL must be a plain folder URL, without "?…" or "#…": WebLLM appends file names to it (got ${url.href.slice(0, 160)}).`);
  }
  // Checked as the folder (with its trailing slash): a repository source "…/ORG/REPO/" allows ".../ORG/REPO".
  const folder = new URL(url.href.endsWith('/') ? url.href : `${url.href}/`);
  if (!hostAllowed(folder, origin, extraOrigins)) {
    // A host the policy names at some paths only (a shared host): say it is the path that is refused.
    const shared = [...MODEL_HOSTS, ...extraOrigins].some((s) => sourceMatches(new URL(url.origin), s.replace(/^(https?:\/\/[^/]+).*$/, '$1')));
    throw new RouterError(
      'WRONG_SCHEMA',
      shared
        ? `${url.href} is not an allowed model path: on ${url.host}, where anyone can publish, this app may only download the models it lists (its Content-Security-Policy names exact paths there). ` +
          'Rebuild with VITE_ROUTER_MODEL_URL set to this URL so its repository is added to the policy, or host the files on this app\'s own origin.'
        : `${url.host} is not an allowed model host. This app may only download from itself and the model sources of its Content-Security-Policy (src/config/hosts.ts); ` +
          'host the files on this app\'s origin, or rebuild with VITE_ROUTER_MODEL_URL set to this URL so its host is added to the policy.',
    );
  }
  const warnings: string[] = [];
  const entered = url.href.endsWith('/') ? url.href : `${url.href}/`;
  const href = modelFolderUrl(entered, origin);
  if (href !== entered) {
    warnings.push(
      `WebLLM adds resolve/main/ to a model URL without a /resolve/<revision>/ segment, so it will download from ${href}: ` +
        'put the files in that folder (for a self-hosted copy, a resolve/main/ subfolder of the one you entered).',
    );
  }
  const hf = HF_RESOLVE.exec(href);
  if (url.hostname === 'huggingface.co' && (!hf || !/^[0-9a-f]{40}$/.test(hf[1]))) {
    warnings.push(
      'Pin the URL to a commit (…/resolve/<40-character commit>/): WebLLM cannot verify weight shards, and cached shards of a moving branch can mix two versions.',
    );
  }
  return { url: href, ...(href !== entered ? { entered } : {}), warnings };
}

function isSri(value: unknown, isValidSri: (s: string) => boolean): boolean {
  return typeof value === 'string' && isValidSri(value);
}

/** Parses the integrity JSON; `isValidSri` is WebLLM's own `isValidSRI` (passed in to keep this pure). */
export function parseIntegrity(text: string, isValidSri: (s: string) => boolean): IntegritySetting {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new RouterError('MALFORMED_JSON', 'The integrity field is not valid JSON: use e.g. {"config": "sha256-…", "model_lib": "sha256-…"}.');
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new RouterError('WRONG_SCHEMA', 'The integrity field must be a JSON object with config, model_lib, tokenizer and onFailure fields.');
  }
  const obj = data as Record<string, unknown>;
  const out: IntegritySetting = {};
  for (const key of Object.keys(obj)) {
    if (!['config', 'model_lib', 'tokenizer', 'onFailure'].includes(key)) {
      throw new RouterError('WRONG_SCHEMA', `Unknown integrity field "${key}": allowed are config, model_lib, tokenizer, onFailure.`);
    }
  }
  for (const key of ['config', 'model_lib'] as const) {
    if (obj[key] === undefined) continue;
    if (!isSri(obj[key], isValidSri)) throw new RouterError('WRONG_SCHEMA', `integrity.${key} must be an SRI hash like "sha256-<base64>".`);
    out[key] = obj[key] as string;
  }
  if (obj.tokenizer !== undefined) {
    if (!obj.tokenizer || typeof obj.tokenizer !== 'object' || Array.isArray(obj.tokenizer)) {
      throw new RouterError('WRONG_SCHEMA', 'integrity.tokenizer must map file names (e.g. "tokenizer.json") to SRI hashes.');
    }
    out.tokenizer = {};
    for (const [file, sri] of Object.entries(obj.tokenizer as Record<string, unknown>)) {
      if (!isSri(sri, isValidSri)) throw new RouterError('WRONG_SCHEMA', `integrity.tokenizer["${file}"] must be an SRI hash like "sha256-<base64>".`);
      out.tokenizer[file] = sri as string;
    }
  }
  if (obj.onFailure !== undefined) {
    if (obj.onFailure !== 'error' && obj.onFailure !== 'warn') throw new RouterError('WRONG_SCHEMA', 'integrity.onFailure must be "error" or "warn".');
    out.onFailure = obj.onFailure;
  }
  return out;
}

function pickEnum<T extends string>(value: string | undefined, allowed: readonly T[], what: string, fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new RouterError('WRONG_SCHEMA', `${what} "${value}" is not one of ${allowed.join(', ')}.`);
}

export interface ResolveOptions {
  /** The page's origin (relative URLs and same-origin hosting). */
  origin: string;
  /** CSP sources beyond MODEL_HOSTS (buildModelOrigins: the build-time model URL's, VITE_MODEL_SOURCES). */
  extraOrigins?: readonly string[];
  isValidSri: (s: string) => boolean;
}

/** Build settings overridden field by field by the user's; a field the user left empty falls back. */
export function resolveConfig(build: WebLLMSettings, user: WebLLMSettings, opts: ResolveOptions): WebLLMConfig {
  const pick = (k: keyof WebLLMSettings) => (user[k]?.trim() ? { value: user[k]!.trim(), source: 'settings' as const } : build[k]?.trim() ? { value: build[k]!.trim(), source: 'build' as const } : null);
  const warnings: string[] = [];
  const cacheBackend = pickEnum(pick('cacheBackend')?.value, CACHE_BACKENDS, 'Cache backend', 'cache');
  if (cacheBackend === 'cross-origin') {
    // WebLLM's createArtifactCache falls back to the Cache API when the extension is absent.
    warnings.push('The cross-origin cache shares models between sites through the Cross-Origin Storage browser extension; without the extension WebLLM uses the Cache API instead, and cached models cannot be deleted from this page while the extension holds them.');
  }
  const urlSetting = pick('fineTuneUrl');
  let fineTune: FineTuneConfig | null = null;
  if (urlSetting) {
    // The build-time URL's repository is in the CSP (scripts/vite-plugin-csp.ts adds it).
    const fromBuild = build.fineTuneUrl ? modelUrlSource(build.fineTuneUrl) : null;
    const extra = [...(opts.extraOrigins ?? []), ...(fromBuild ? [fromBuild] : [])];
    const { url, entered, warnings: w } = validateModelUrl(urlSetting.value, opts.origin, extra);
    warnings.push(...w);
    const integrityText = pick('fineTuneIntegrity')?.value;
    fineTune = {
      url,
      ...(entered ? { enteredUrl: entered } : {}),
      quantization: pickEnum(pick('fineTuneQuantization')?.value, FINE_TUNE_QUANTIZATIONS, 'Quantization', 'q4f16_1'),
      integrity: integrityText ? parseIntegrity(integrityText, opts.isValidSri) : undefined,
      source: urlSetting.source,
    };
  }
  return { fineTune, cacheBackend, warnings };
}

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function loadSettings(storage: KeyValueStorage | null): WebLLMSettings {
  if (!storage) return {};
  try {
    const data: unknown = JSON.parse(storage.getItem(SETTINGS_STORAGE_KEY) ?? '{}');
    if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
    const out: WebLLMSettings = {};
    for (const k of ['fineTuneUrl', 'fineTuneQuantization', 'fineTuneIntegrity', 'cacheBackend'] as const) {
      const v = (data as Record<string, unknown>)[k];
      if (typeof v === 'string') out[k] = v;
    }
    return out;
  } catch {
    return {};
  }
}

export function saveSettings(storage: KeyValueStorage | null, settings: WebLLMSettings): void {
  if (!storage) throw new RouterError('STORAGE_UNAVAILABLE', 'Settings cannot be saved in this browser mode (storage is disabled); they last until the page is closed.');
  storage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify(settings));
}
