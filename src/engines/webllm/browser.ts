/**
 * The browser wiring of the WebLLM engine and model manager: settings from Vite's env and
 * localStorage, a real module worker, and @mlc-ai/web-llm imported only when first needed (it is
 * several MB, and a visitor who only uses router-lite never downloads it).
 */
import { toRouterError } from '../../core/errors';
import { buildCatalog, type Catalog } from './registry';
import { buildModelOrigins, buildSettings, loadSettings, resolveConfig, validateModelUrl, type KeyValueStorage, type WebLLMSettings } from './config';
import { checkModelFiles, type FolderCheck } from './model-files';
import { WebLLMEngine } from './webllm-engine';
import { ModelManager, type CacheStorageLike } from './model-manager';

const loadWebLLM = () => import('@mlc-ai/web-llm');

export function settingsStorage(): KeyValueStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

const ENV = import.meta.env as unknown as Record<string, unknown>;

export function buildTimeSettings(): WebLLMSettings {
  return buildSettings(ENV);
}

/**
 * Builds the catalog from build settings overridden by saved settings. Invalid saved settings do
 * not disable the LLM: the catalog falls back to the build settings and says why.
 */
export async function loadBrowserCatalog(user: WebLLMSettings = loadSettings(settingsStorage())): Promise<Catalog> {
  const webllm = await loadWebLLM();
  const opts = { origin: location.origin, extraOrigins: buildModelOrigins(ENV), isValidSri: webllm.isValidSRI };
  try {
    return buildCatalog(resolveConfig(buildSettings(ENV), user, opts), webllm.prebuiltAppConfig);
  } catch (err) {
    const settingsError = toRouterError(err).message;
    const catalog = buildCatalog(resolveConfig(buildSettings(ENV), {}, opts), webllm.prebuiltAppConfig);
    return { ...catalog, settingsError };
  }
}

/** Checks settings the way loading will, without saving them (for the settings form). */
export async function validateSettings(user: WebLLMSettings): Promise<void> {
  const webllm = await loadWebLLM();
  resolveConfig(buildSettings(ENV), user, { origin: location.origin, extraOrigins: buildModelOrigins(ENV), isValidSri: webllm.isValidSRI });
}

/**
 * The folder a typed fine-tune URL will be downloaded from (WebLLM's rule applied), for the
 * settings form to show before anything is saved; the error says what to fix.
 */
export function previewFineTuneUrl(raw: string): { url: string; entered?: string; warnings: string[] } | { error: string } {
  try {
    return validateModelUrl(raw, location.origin, buildModelOrigins(ENV));
  } catch (err) {
    return { error: toRouterError(err).message };
  }
}

/** Asks for every file a load of this folder needs (no cache, so the answer is the host's). */
export function checkBrowserModelFiles(folder: string, opts: { modelLib?: string; onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {}): Promise<FolderCheck> {
  return checkModelFiles(folder, (url, init) => fetch(url, { ...init, cache: 'no-store' }), opts);
}

export function createBrowserWebLLMEngine(): WebLLMEngine {
  return new WebLLMEngine({
    loadCatalog: () => loadBrowserCatalog(),
    createWorker: () => new Worker(new URL('./webllm.worker.ts', import.meta.url), { type: 'module', name: 'webllm' }),
    createClient: async (worker, modelId, config) => (await loadWebLLM()).CreateWebWorkerMLCEngine(worker, modelId, config),
    fetch: (url, init) => fetch(url, { ...init, cache: 'no-store' }),
    baseUrl: location.href,
  });
}

export async function createBrowserModelManager(): Promise<ModelManager> {
  const webllm = await loadWebLLM();
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  const caches = (globalThis as { caches?: CacheStorageLike }).caches;
  return new ModelManager(webllm, storage, caches, location.href);
}
