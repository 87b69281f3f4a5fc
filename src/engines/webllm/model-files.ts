/**
 * The files WebLLM downloads for a model, by exact URL, and a check of each one. WebLLM 0.2.86
 * (MLCEngine.reloadInternal, in this order) reads `<folder>mlc-chat-config.json`, the model
 * library (`model_lib`), the tokenizer named by the config's `tokenizer_files` (tokenizer.json,
 * else tokenizer.model), `<folder>tensor-cache.json`, then every shard that file lists. The folder
 * is WebLLM's `cleanModelUrl` of the record's URL: "resolve/main/" is appended to any URL without
 * a `/resolve/<revision>/` segment, so a self-hosted folder must have that layout.
 */
import { RouterError } from '../../core/errors';

export const CONFIG_FILE = 'mlc-chat-config.json';
export const TENSOR_CACHE_FILE = 'tensor-cache.json';
/** What tensor-cache.json's records name (`dataPath`), as MLC-LLM writes them. */
export const SHARD_PATTERN = 'params_shard_*.bin';

export type FetchLike = (url: string, init?: { method?: string; signal?: AbortSignal }) => Promise<{
  ok: boolean;
  status: number;
  headers?: { get(name: string): string | null };
  json?(): Promise<unknown>;
}>;

/** WebLLM's rule for model URLs (its cleanModelUrl), resolved against the page. */
export function modelFolderUrl(model: string, base: string): string {
  let url = model.endsWith('/') ? model : `${model}/`;
  if (!/.+\/resolve\/.+\//.test(url)) url += 'resolve/main/';
  return new URL(url, base).href;
}

export type ModelFileKind = 'config' | 'library' | 'tokenizer' | 'tensor-cache' | 'shard';

/** The URLs a load asks for, before any file is read (the shards are known from tensor-cache.json). */
export function plannedModelFiles(folder: string, modelLib?: string): { kind: ModelFileKind; url: string }[] {
  return [
    { kind: 'config', url: new URL(CONFIG_FILE, folder).href },
    ...(modelLib ? [{ kind: 'library' as const, url: modelLib }] : []),
    { kind: 'tokenizer', url: new URL('tokenizer.json', folder).href },
    { kind: 'tensor-cache', url: new URL(TENSOR_CACHE_FILE, folder).href },
    { kind: 'shard', url: new URL(SHARD_PATTERN, folder).href.replace('%2A', '*') },
  ];
}

export interface FileCheck {
  kind: ModelFileKind;
  url: string;
  status?: number;
  ok: boolean;
}

export interface FolderCheck {
  /** Every file asked for, in order. */
  files: FileCheck[];
  /** The first problem, with the file's URL and what to do; null when every file answered. */
  error: RouterError | null;
}

interface CheckOptions {
  modelLib?: string;
  /** Check every shard listed in tensor-cache.json (HEAD requests); default true. */
  shards?: boolean;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function statusProblem(url: string, status: number): RouterError {
  const why = status === 404 ? 'not found (HTTP 404)' : status === 401 || status === 403 ? `refused (HTTP ${status}: the repository is private or gated)` : `unavailable (HTTP ${status})`;
  return new RouterError('MODEL_NOT_FOUND', `The model file ${url} is ${why}. Check the model URL on the Models tab: it must point at the converted model folder (see docs/model-conversion.md).`, { url, status });
}

/**
 * Asks for every file a load needs, in WebLLM's order, and stops at the first problem: a missing
 * file (named, with its HTTP status), a web page where JSON was expected, an old conversion, an
 * unreachable host. Small JSON files are read (GET); the tokenizer, library and shards only need
 * their status (HEAD).
 */
export async function checkModelFiles(folder: string, fetchImpl: FetchLike, opts: CheckOptions = {}): Promise<FolderCheck> {
  const files: FileCheck[] = [];
  const ask = async (kind: ModelFileKind, url: string, method: 'GET' | 'HEAD') => {
    const res = await fetchImpl(url, { method, signal: opts.signal });
    files.push({ kind, url, status: res.status, ok: res.ok });
    return res;
  };
  const readJson = async (kind: ModelFileKind, name: string): Promise<{ data: unknown } | RouterError> => {
    const url = new URL(name, folder).href;
    let res: Awaited<ReturnType<FetchLike>>;
    try {
      res = await ask(kind, url, 'GET');
    } catch (e) {
      return new RouterError('MODEL_NOT_FOUND', `Could not reach ${new URL(folder).host} (${errorText(e).slice(0, 120)}): check the connection, or that the host is one this app may contact.`, { url });
    }
    if (!res.ok) return statusProblem(url, res.status);
    if (/text\/html/i.test(res.headers?.get('content-type') ?? '')) {
      return new RouterError('MODEL_FORMAT', `${url} returned a web page, not the model file: the model URL must point at the folder holding ${CONFIG_FILE}, ${TENSOR_CACHE_FILE} and params_shard_*.bin (see docs/model-conversion.md).`, { url });
    }
    if (!res.json) return { data: undefined };
    try {
      return { data: await res.json() };
    } catch {
      return new RouterError('MODEL_FORMAT', `${url} is not valid JSON: the model folder holds a damaged or wrong file; convert and upload it again (see docs/model-conversion.md).`, { url });
    }
  };
  const head = async (kind: ModelFileKind, url: string): Promise<RouterError | null> => {
    try {
      const res = await ask(kind, url, 'HEAD');
      if (res.ok) return null;
      if (kind === 'library') {
        return new RouterError('MODEL_NOT_FOUND', `The model library ${url} is unavailable (HTTP ${res.status}): this WebLLM version's prebuilt library could not be downloaded; check the connection, or update the app.`, { url, status: res.status });
      }
      return statusProblem(url, res.status);
    } catch (e) {
      return new RouterError('MODEL_NOT_FOUND', `Could not reach ${new URL(url).host} (${errorText(e).slice(0, 120)}): check the connection, or that the host is one this app may contact.`, { url });
    }
  };
  const done = (error: RouterError | null): FolderCheck => ({ files, error });

  const config = await readJson('config', CONFIG_FILE);
  if (config instanceof RouterError) return done(config);
  if (opts.modelLib) {
    const lib = await head('library', opts.modelLib);
    if (lib) return done(lib);
  }
  const listed = (config.data as { tokenizer_files?: unknown } | undefined)?.tokenizer_files;
  const names = Array.isArray(listed) ? listed : ['tokenizer.json'];
  // WebLLM reads tokenizer.json when listed, else the SentencePiece tokenizer.model.
  const tokenizer = names.includes('tokenizer.json') ? 'tokenizer.json' : names.includes('tokenizer.model') ? 'tokenizer.model' : null;
  if (!tokenizer) {
    return done(new RouterError('MODEL_FORMAT', `${new URL(CONFIG_FILE, folder).href} lists no tokenizer WebLLM can read (tokenizer_files: ${JSON.stringify(listed)}): convert the model again with mlc_llm gen_config.`));
  }
  const tok = await head('tokenizer', new URL(tokenizer, folder).href);
  if (tok) return done(tok);

  const cache = await readJson('tensor-cache', TENSOR_CACHE_FILE);
  if (cache instanceof RouterError) {
    if (cache.details?.status === 404) {
      const legacy = await fetchImpl(new URL('ndarray-cache.json', folder).href, { method: 'GET', signal: opts.signal }).catch(() => null);
      if (legacy?.ok) {
        return done(new RouterError('MODEL_FORMAT', `${folder} was converted by an older MLC-LLM (it has ndarray-cache.json, but this WebLLM reads tensor-cache.json): upload a copy named tensor-cache.json, or convert again with a current mlc_llm.`, { url: cache.details.url, status: 404 }));
      }
    }
    return done(cache);
  }
  if (opts.shards === false) return done(null);
  const records = (cache.data as { records?: { dataPath?: unknown }[] } | undefined)?.records;
  const shards = [...new Set((Array.isArray(records) ? records : []).map((r) => r?.dataPath).filter((p): p is string => typeof p === 'string'))];
  for (let i = 0; i < shards.length; i++) {
    const problem = await head('shard', new URL(shards[i], folder).href);
    opts.onProgress?.(i + 1, shards.length);
    if (problem) return done(problem);
  }
  return done(null);
}

/**
 * After a failed download: which file is missing and why, so the message names the URL and the
 * HTTP status instead of the browser's bare "Request failed". Null when every file answered (the
 * failure was elsewhere, e.g. a flaky connection).
 */
export async function diagnoseModelFolder(folderUrl: string, fetchImpl: FetchLike, modelLibUrl?: string): Promise<RouterError | null> {
  return (await checkModelFiles(folderUrl, fetchImpl, { modelLib: modelLibUrl })).error;
}
