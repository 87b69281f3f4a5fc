/**
 * WebLLM's errors, turned into RouterErrors whose message says what to do. WebLLM's classes are
 * mostly not exported and its worker sends errors as `toString()` text, so matching is by error
 * name and message; the table below is the one place that knows them.
 */
import { RouterError, type ErrorCode, type SerializedError, deserializeError } from '../../core/errors';

interface Rule {
  /** Matches `name` or `name: message` text. */
  test: RegExp;
  code: ErrorCode;
  message: (original: string) => string;
  /** A failed download: the engine checks the URL to say which file is missing and why. */
  fetchFailure?: boolean;
  /** Facts for the page (e.g. that a model was lost after it loaded). */
  details?: Record<string, unknown>;
}

/** Where a failure happened: loading a model, or a request to a loaded one. */
export type ErrorPhase = 'load' | 'request';

const RULES: readonly Rule[] = [
  { test: /DeviceLostError|device (was )?lost/i, code: 'DEVICE_LOST',
    message: () => 'The GPU stopped (WebGPU device lost), most often because it ran out of memory. Close other GPU-heavy tabs or pick a smaller model on the Models tab, then load again.' },
  // WebLLM only throws DeviceLostError while loading. A loss after that is logged, the engine
  // unloads the model itself, and the next request finds none: its ModelNotLoadedError. The app
  // only sends requests to a model it loaded, so this error means the device was lost.
  { test: /\bModelNotLoadedError|Model not loaded before/, code: 'DEVICE_LOST', details: { afterLoad: true },
    message: () => 'The model is no longer on the GPU: WebGPU lost the device after the model had loaded (most often out of memory, a driver reset or a restarted GPU process), and WebLLM released the model. Reload the model to go on; if it happens again, pick a smaller model.' },
  { test: /ShaderF16SupportError|shader-f16/i, code: 'MODEL_LOAD_FAILED',
    message: () => 'This model needs the WebGPU feature shader-f16, which this browser/GPU does not offer: choose its q4f32_1 variant on the Models tab.' },
  { test: /FeatureSupportError/, code: 'MODEL_LOAD_FAILED',
    message: (m) => `This GPU lacks a WebGPU feature the model needs (${m.replace(/^.*?requires feature /, '').slice(0, 80)}): choose another model on the Models tab.` },
  { test: /WebGPUNotAvailableError|WebGPUNotFoundError|Unable to find a compatible GPU|navigator\.gpu/i, code: 'NO_WEBGPU',
    message: () => 'WebGPU is not available in this browser, so no LLM can run here. router-lite (CPU) still works; for the LLM use a recent Chrome or Edge with WebGPU enabled.' },
  { test: /Cannot initialize runtime because of requested|exceeds limit/i, code: 'MODEL_LOAD_FAILED',
    message: (m) => `This GPU's limits are below what WebLLM needs (${m.slice(0, 160)}). Use router-lite, or a browser/GPU with fuller WebGPU support.` },
  { test: /IntegrityError|Integrity verification failed/i, code: 'MODEL_FORMAT',
    message: (m) => `A downloaded model file does not match its integrity hash (${m.split('\n')[0].replace(/^\w+: /, '').slice(0, 200)}). Check the integrity setting against the hosted files, or delete the cached model and download again.` },
  { test: /QuotaExceededError|quota/i, code: 'STORAGE_FULL',
    message: () => 'The browser ran out of storage for model files. Delete cached models on the Models tab (or free disk space), then load again.' },
  { test: /ModelNotFoundError|Cannot find model record/i, code: 'MODEL_NOT_FOUND',
    message: () => 'This model is not in the app\'s model list: choose a model on the Models tab.' },
  { test: /MissingModelWasmError|model_lib/i, code: 'MODEL_FORMAT',
    message: () => 'The model record has no model library (model_lib): the catalog entry is incomplete.' },
  { test: /ContextWindowSizeExceededError|context window size/i, code: 'INPUT_TOO_LARGE',
    message: () => 'The conversation is too long for this model\'s context window: shorten it (keep the part that matters) and try again.' },
  { test: /AbortError|aborted/i, code: 'CANCELLED', message: () => 'Cancelled.' },
  { test: /Failed to execute 'add' on 'Cache'|Failed to store|Network response was not ok|Failed to fetch|NetworkError|Cannot fetch|Load failed/i, code: 'MODEL_NOT_FOUND', fetchFailure: true,
    message: () => 'A model file could not be downloaded: the model URL is wrong, the host is unreachable, or this device is offline.' },
  { test: /Unexpected token|is not valid JSON|JSON\.parse/i, code: 'MODEL_FORMAT',
    message: () => 'A model file is not what WebLLM expects (a JSON file could not be read): the model URL probably points at a web page instead of the converted model folder.' },
];

/** Text of anything thrown or rejected: WebLLM's worker rejects with `err.toString()` strings. */
export function errorText(err: unknown): string {
  if (typeof err === 'string') return err;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  if (err && typeof err === 'object' && 'message' in err) {
    const e = err as { name?: unknown; message?: unknown };
    return `${typeof e.name === 'string' ? e.name : 'Error'}: ${String(e.message)}`;
  }
  return String(err);
}

function isSerialized(err: unknown): err is SerializedError {
  return !!err && typeof err === 'object' && typeof (err as SerializedError).code === 'string' && typeof (err as SerializedError).message === 'string';
}

/**
 * Maps a WebLLM failure to a RouterError. `phase` picks the fallback code for unknown errors.
 * A RouterError (or its serialized form from our worker) passes through unchanged.
 */
export function mapWebLLMError(err: unknown, phase: ErrorPhase = 'load'): RouterError {
  if (err instanceof RouterError) return err;
  if (isSerialized(err) && !(err instanceof Error)) return deserializeError(err);
  const text = errorText(err);
  for (const rule of RULES) {
    if (rule.test.test(text)) {
      return new RouterError(rule.code, rule.message(text), { original: text.slice(0, 500), ...rule.details, ...(rule.fetchFailure ? { fetchFailure: true } : {}) });
    }
  }
  const fallback: ErrorCode = phase === 'load' ? 'MODEL_LOAD_FAILED' : 'INTERNAL';
  const what = phase === 'load' ? 'Loading the model failed' : 'The model failed to answer';
  return new RouterError(fallback, `${what}: ${text.slice(0, 300)}. Reload the page and try again; if it repeats, pick another model on the Models tab.`, { original: text.slice(0, 500) });
}

// Which file a failed download was missing is found by model-files.ts (kept importable from here).
export { diagnoseModelFolder, modelFolderUrl, type FetchLike } from './model-files';
