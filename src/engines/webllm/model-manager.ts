/**
 * What the Models tab needs besides loading: download progress in human terms (percent, MB,
 * elapsed, ETA) computed from WebLLM's own progress reports, which models WebLLM has cached (or
 * partly downloaded) and their size, deleting them with WebLLM's own cache functions, and
 * persistent storage.
 */
import type { AppConfig, InitProgressReport } from '@mlc-ai/web-llm';
import type { LoadProgress } from '../../core/contracts';
import { toRouterError } from '../../core/errors';
import type { Catalog, CatalogEntry } from './registry';
import { modelFolderUrl } from './model-files';

const MB = 1 << 20;

type Phase = 'download' | 'cache-load' | 'shaders' | 'ready' | 'other';

const PHASES: readonly { test: RegExp; phase: Phase; label: string }[] = [
  { test: /^Fetching param cache\[(\d+)\/(\d+)\]/, phase: 'download', label: 'Downloading weights' },
  { test: /^Start to fetch params/, phase: 'download', label: 'Downloading weights' },
  { test: /^Loading model from cache\[(\d+)\/(\d+)\]/, phase: 'cache-load', label: 'Loading weights onto the GPU' },
  { test: /^Loading GPU shader modules\[(\d+)\/(\d+)\]/, phase: 'shaders', label: 'Compiling GPU shaders' },
  { test: /^Finish loading/, phase: 'ready', label: 'Ready' },
];

/**
 * Turns WebLLM's InitProgressReports into LoadProgress. WebLLM restarts `progress` at 0 for each
 * phase (download, then loading from cache, then shaders), so elapsed time and ETA are per phase,
 * measured on this side's clock when each report arrives.
 */
export class LoadProgressTracker {
  private phase: Phase | null = null;
  private phaseStart = 0;
  private readonly start: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.start = now();
  }

  update(report: InitProgressReport): LoadProgress {
    const t = this.now();
    const match = PHASES.find((p) => p.test.test(report.text));
    const phase = match?.phase ?? 'other';
    if (phase !== this.phase) {
      this.phase = phase;
      this.phaseStart = t;
    }
    const progress = Math.min(1, Math.max(0, Number.isFinite(report.progress) ? report.progress : 0));
    const out: LoadProgress = { progress, text: match?.label ?? report.text, elapsedMs: t - this.start };
    const mb = /(\d+(?:\.\d+)?)MB (?:fetched|loaded)/.exec(report.text);
    if (mb) {
      out.loadedBytes = Number(mb[1]) * MB;
      if (progress > 0) out.totalBytes = out.loadedBytes / progress;
    }
    const phaseElapsed = t - this.phaseStart;
    if (phase !== 'ready' && progress > 0.01 && progress < 1 && phaseElapsed > 0) {
      out.etaMs = (phaseElapsed * (1 - progress)) / progress;
    }
    const shards = /\[(\d+)\/(\d+)\]/.exec(report.text);
    const parts = [out.text];
    if (out.loadedBytes !== undefined) parts.push(`${fmtMB(out.loadedBytes)}${out.totalBytes ? ` of ${fmtMB(out.totalBytes)}` : ''}`);
    else if (shards) parts.push(`${shards[1]}/${shards[2]}`);
    out.text = parts.join(': ');
    return out;
  }
}

export function fmtMB(bytes: number): string {
  return `${Math.round(bytes / MB).toLocaleString('en-US')} MB`;
}

export function fmtDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The WebLLM cache functions this module uses (the real ones from @mlc-ai/web-llm, or fakes). */
export interface WebLLMCacheApi {
  hasModelInCache(modelId: string, appConfig?: AppConfig): Promise<boolean>;
  /** Weights (every shard tensor-cache.json lists) and tokenizer files. */
  deleteModelInCache(modelId: string, appConfig?: AppConfig): Promise<void>;
  deleteChatConfigInCache(modelId: string, appConfig?: AppConfig): Promise<void>;
  /** The compiled model library (model_lib), which models of one architecture share. */
  deleteModelWasmInCache(modelId: string, appConfig?: AppConfig): Promise<void>;
}

/** WebLLM's Cache API scopes (its ArtifactCache names) for weights and tokenizer, and for configs. */
const MODEL_SCOPES = ['webllm/model', 'webllm/config'] as const;

export interface StorageApi {
  estimate?(): Promise<{ usage?: number; quota?: number }>;
  persist?(): Promise<boolean>;
  persisted?(): Promise<boolean>;
}

/** The slice of the Cache API used to read a cached model's size and find partial downloads. */
export interface CacheStorageLike {
  has(name: string): Promise<boolean>;
  open(name: string): Promise<{
    match(url: string): Promise<{ json(): Promise<unknown> } | undefined>;
    keys(): Promise<readonly { url: string }[]>;
    delete(url: string): Promise<boolean>;
  }>;
}

export interface ModelCacheStatus {
  id: string;
  cached: boolean;
  /** Files of an unfinished download still in the cache (Cache API backend); absent when none. */
  partialFiles?: number;
  /** Bytes of weights, from the cached tensor-cache.json (Cache API backend only). */
  sizeBytes?: number;
  /** Why the status could not be read, if it could not. */
  error?: string;
}

export interface StorageStatus {
  usageBytes?: number;
  quotaBytes?: number;
  persisted?: boolean;
  /** False when the browser has no StorageManager (e.g. some private modes). */
  available: boolean;
}

export class ModelManager {
  constructor(
    private readonly api: WebLLMCacheApi,
    private readonly storage: StorageApi | undefined,
    private readonly caches: CacheStorageLike | undefined,
    private readonly baseUrl: string,
  ) {}

  /** Cached or not, per model; one unreadable entry does not hide the others. */
  async status(catalog: Catalog): Promise<ModelCacheStatus[]> {
    return Promise.all(
      catalog.entries.map(async (e): Promise<ModelCacheStatus> => {
        try {
          const cached = await this.api.hasModelInCache(e.id, catalog.appConfig);
          if (cached) return { id: e.id, cached, sizeBytes: await this.weightBytes(e.record.model, catalog.appConfig) };
          const partial = await this.cachedFiles(e, catalog.appConfig);
          return partial.length ? { id: e.id, cached, partialFiles: partial.length } : { id: e.id, cached };
        } catch (err) {
          return { id: e.id, cached: false, error: toRouterError(err).message };
        }
      }),
    );
  }

  /** Sum of shard sizes listed in the cached tensor-cache.json; undefined when not readable. */
  private async weightBytes(model: string, appConfig: AppConfig): Promise<number | undefined> {
    if ((appConfig.cacheBackend ?? 'cache') !== 'cache' || !this.caches) return undefined;
    try {
      if (!(await this.caches.has('webllm/model'))) return undefined;
      const cache = await this.caches.open('webllm/model');
      const res = await cache.match(new URL('tensor-cache.json', modelFolderUrl(model, this.baseUrl)).href);
      if (!res) return undefined;
      const data = (await res.json()) as { records?: { nbytes?: unknown }[] };
      if (!Array.isArray(data.records)) return undefined;
      return data.records.reduce((a, r) => a + (typeof r.nbytes === 'number' ? r.nbytes : 0), 0);
    } catch {
      return undefined;
    }
  }

  /**
   * Every file of this model in WebLLM's Cache API caches (config, tokenizer, tensor-cache.json,
   * shards), complete or not. Other backends keep no such index the page can read, so only a
   * complete model (hasModelInCache) is known there.
   */
  private async cachedFiles(entry: CatalogEntry, appConfig: AppConfig): Promise<{ scope: string; url: string }[]> {
    if ((appConfig.cacheBackend ?? 'cache') !== 'cache' || !this.caches) return [];
    const folder = modelFolderUrl(entry.record.model, this.baseUrl);
    const out: { scope: string; url: string }[] = [];
    for (const scope of MODEL_SCOPES) {
      if (!(await this.caches.has(scope))) continue;
      const cache = await this.caches.open(scope);
      for (const key of await cache.keys()) if (key.url.startsWith(folder)) out.push({ scope, url: key.url });
    }
    return out;
  }

  private async inCache(entry: CatalogEntry, appConfig: AppConfig): Promise<boolean> {
    return (await this.api.hasModelInCache(entry.id, appConfig)) || (await this.cachedFiles(entry, appConfig)).length > 0;
  }

  /**
   * Deletes a model's files, complete or partly downloaded. Its model library is kept while another
   * model in the cache uses the same one (the fine-tune reuses the stock Llama-3.1-8B library).
   * A model with nothing cached is left alone: WebLLM's delete first reads the model's
   * tensor-cache.json, and for a model that is not cached that read would go to the network.
   * Returns the ids of cached models whose library was kept for them.
   */
  async remove(catalog: Catalog, id: string): Promise<{ libraryKeptFor: string[] }> {
    const { appConfig } = catalog;
    const entry = catalog.entries.find((e) => e.id === id);
    if (!entry) return { libraryKeptFor: [] };
    try {
      const complete = await this.api.hasModelInCache(id, appConfig);
      const partial = complete ? [] : await this.cachedFiles(entry, appConfig);
      if (!complete && !partial.length) return { libraryKeptFor: [] };
      if (complete) {
        await this.api.deleteModelInCache(id, appConfig);
        await this.api.deleteChatConfigInCache(id, appConfig);
      }
      // What WebLLM's functions cannot reach without the network: an unfinished download's files.
      for (const f of [...partial, ...(complete ? await this.cachedFiles(entry, appConfig) : [])]) {
        await (await this.caches!.open(f.scope)).delete(f.url);
      }
      const sharing = catalog.entries.filter((e) => e.id !== id && e.record.model_lib === entry.record.model_lib);
      const libraryKeptFor: string[] = [];
      for (const e of sharing) if (await this.inCache(e, appConfig)) libraryKeptFor.push(e.id);
      if (!libraryKeptFor.length) await this.api.deleteModelWasmInCache(id, appConfig);
      return { libraryKeptFor };
    } catch (err) {
      throw toRouterError(err, 'STORAGE_UNAVAILABLE');
    }
  }

  async storageStatus(): Promise<StorageStatus> {
    if (!this.storage?.estimate) return { available: false };
    const [estimate, persisted] = await Promise.all([
      this.storage.estimate().catch(() => ({} as { usage?: number; quota?: number })),
      this.storage.persisted ? this.storage.persisted().catch(() => undefined) : Promise.resolve(undefined),
    ]);
    return { available: true, usageBytes: estimate.usage, quotaBytes: estimate.quota, persisted };
  }

  /** Asks the browser to keep this site's storage (models) when space runs low. */
  async persist(): Promise<boolean> {
    if (!this.storage?.persist) return false;
    return this.storage.persist();
  }
}
