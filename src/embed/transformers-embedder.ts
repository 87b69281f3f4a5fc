/**
 * The neural embedder: a transformers.js feature-extraction pipeline with mean pooling and
 * L2 normalisation. One class for every place it runs: inside the embed worker in the page
 * (WebGPU when an adapter exists, else WASM) and in-process in Node for the CLIs (onnxruntime-node,
 * CPU). Where models come from is configuration (remote host, local path, remote allowed or not);
 * the library is imported lazily so that merely importing this module costs nothing.
 */
import { RouterError, toRouterError } from '../core/errors';
import type { LoadProgress } from '../core/contracts';
import type { Embedder } from '../core/contracts';
import type { OrtWasmPaths } from './wasm-paths';
import { hasLocalCopy } from './local-copy';

/**
 * Default neural model: all-MiniLM-L6-v2 (sentence-transformers, ONNX export by Xenova).
 * 384 dimensions, 6 layers, ~23 MB as int8 (model_quantized.onnx, used on WASM) or ~90 MB fp32
 * (WebGPU); trained on 1B sentence pairs for semantic search; fast enough on a laptop CPU.
 * See docs/embeddings.md for the comparison with bge-small / e5-small.
 */
export const DEFAULT_NEURAL_MODEL = { model: 'Xenova/all-MiniLM-L6-v2', dimension: 384 } as const;

export type EmbedDevice = 'auto' | 'webgpu' | 'wasm' | 'cpu';

export interface TransformersEmbedderOptions {
  /** Hub id ("Xenova/all-MiniLM-L6-v2") or a folder under localModelPath ("fixture-embed"). */
  model: string;
  /** Known dimension (lets the store size its index before load); read from the model otherwise. */
  dimension?: number;
  /** 'auto' = WebGPU when an adapter exists, else WASM (browser) / CPU (Node). */
  device?: EmbedDevice;
  /** Weights variant (fp32, q8, fp16...); default: the model config's, else the library's per device. */
  dtype?: string;
  /** Where remote models come from (env.remoteHost), e.g. a self-hosted mirror. */
  remoteHost?: string;
  /** Where local models live (env.localModelPath): a URL path in the page, a folder in Node. */
  localModelPath?: string;
  /** env.allowRemoteModels; false = local files only (tests, offline installs). */
  allowRemoteModels?: boolean;
  /** env.allowLocalModels; defaults to true when localModelPath is given. */
  allowLocalModels?: boolean;
  /**
   * Browser: use localModelPath only when `<localModelPath><model>/config.json` answers with JSON
   * (see local-copy.ts), so a server that answers missing files with its index.html cannot stop
   * the download from the model host.
   */
  probeLocal?: boolean;
  /**
   * Where onnxruntime-web's .wasm/.mjs files are served from (the app itself, never a CDN):
   * see ortWasmPaths() in wasm-paths.ts. A string is a folder prefix.
   */
  wasmPaths?: string | OrtWasmPaths;
  /**
   * env.useWasmCache: transformers.js would pre-load the WASM factory into a blob: URL, which the
   * app's CSP (script-src 'self') refuses; default false when wasmPaths is given, since the files
   * are same-origin and the HTTP cache keeps them.
   */
  useWasmCache?: boolean;
  /** env.useBrowserCache: keep downloaded model files in the Cache API (default: library's, true). */
  useBrowserCache?: boolean;
  /** Node only: folder for downloaded files (env.cacheDir). */
  cacheDir?: string;
  /** Texts per forward pass (default 16): bounds memory on long inputs, keeps progress flowing. */
  batchSize?: number;
}

type FeatureExtractor = (texts: string[], opts: { pooling: 'mean'; normalize: boolean }) => Promise<{ data: ArrayLike<number>; dims: number[] }>;
type Transformers = typeof import('@huggingface/transformers');

export class TransformersEmbedder implements Embedder {
  readonly id: string;
  private dim: number;
  private extractor: (FeatureExtractor & { dispose?: () => Promise<void> }) | null = null;
  private loading: Promise<void> | null = null;
  private resolvedDevice: EmbedDevice | null = null;

  constructor(readonly options: TransformersEmbedderOptions) {
    if (!options.model || typeof options.model !== 'string') {
      throw new RouterError('MODEL_NOT_FOUND', 'No embedding model was named: pass a model id such as "Xenova/all-MiniLM-L6-v2".');
    }
    this.id = options.model;
    this.dim = options.dimension ?? 0;
  }

  /** 0 until loaded when not given up front. */
  get dimension(): number {
    return this.dim;
  }

  /** The device the model actually runs on, once loaded. */
  get device(): EmbedDevice | null {
    return this.resolvedDevice;
  }

  load(onProgress?: (p: LoadProgress) => void): Promise<void> {
    if (this.extractor) return Promise.resolve();
    this.loading ??= this.doLoad(onProgress).catch((err: unknown) => {
      this.loading = null;
      throw loadError(err, this.options);
    });
    return this.loading;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (!this.extractor) throw new RouterError('ENGINE_NOT_READY', `The embedding model ${this.id} is not loaded yet: call load() first.`);
    const out: Float32Array[] = [];
    const batch = Math.max(1, this.options.batchSize ?? 16);
    for (let i = 0; i < texts.length; i += batch) {
      // An empty string still yields [CLS] [SEP]; keep it so outputs stay aligned with inputs.
      const chunk = texts.slice(i, i + batch).map((t) => (typeof t === 'string' ? t : String(t ?? '')));
      let result: Awaited<ReturnType<FeatureExtractor>>;
      try {
        result = await this.extractor(chunk, { pooling: 'mean', normalize: true });
      } catch (err) {
        throw toRouterError(err, 'INTERNAL');
      }
      const [rows, dim] = result.dims;
      if (rows !== chunk.length) throw new RouterError('MODEL_FORMAT', `The model returned ${rows} vectors for ${chunk.length} texts.`);
      if (!this.dim) this.dim = dim;
      if (dim !== this.dim) {
        throw new RouterError('MODEL_FORMAT', `The model returned ${dim}-dimensional vectors, expected ${this.dim}: check the configured dimension.`);
      }
      const data = Float32Array.from(result.data);
      for (let r = 0; r < rows; r++) out.push(finiteOrZero(data.slice(r * dim, (r + 1) * dim)));
    }
    return out;
  }

  async dispose(): Promise<void> {
    const e = this.extractor;
    this.extractor = null;
    this.loading = null;
    await e?.dispose?.();
  }

  /** The options with allowLocalModels decided by asking the server, when probeLocal is set. */
  private async withLocalCopyKnown(): Promise<TransformersEmbedderOptions> {
    const o = this.options;
    const here = (globalThis as { location?: { href: string } }).location?.href;
    if (!o.probeLocal || !o.localModelPath || typeof fetch !== 'function' || !here) return o;
    return { ...o, allowLocalModels: await hasLocalCopy(o.localModelPath, o.model, here, fetch) };
  }

  private async doLoad(onProgress?: (p: LoadProgress) => void): Promise<void> {
    const lib: Transformers = await import('@huggingface/transformers');
    configureEnvironment(lib, await this.withLocalCopyKnown());
    const devices = await candidateDevices(this.options.device ?? 'auto');
    let lastError: unknown = null;
    for (const device of devices) {
      try {
        onProgress?.({ text: `Loading ${this.id} (${device})`, progress: 0 });
        const extractor = await lib.pipeline('feature-extraction', this.options.model, {
          device: device === 'auto' ? undefined : device,
          ...(this.options.dtype ? { dtype: this.options.dtype as never } : {}),
          progress_callback: (info: unknown) => {
            const p = toProgress(info);
            if (p && onProgress) onProgress(p);
          },
        });
        this.extractor = extractor as unknown as FeatureExtractor & { dispose?: () => Promise<void> };
        this.resolvedDevice = device;
        if (!this.dim) {
          const hidden = (extractor as unknown as { model?: { config?: { hidden_size?: number } } }).model?.config?.hidden_size;
          if (typeof hidden === 'number') this.dim = hidden;
        }
        onProgress?.({ text: `${this.id} ready on ${device}`, progress: 1 });
        return;
      } catch (err) {
        // WebGPU can fail late (driver, missing ops): fall back to the next device.
        lastError = err;
      }
    }
    throw lastError;
  }
}

/** Applies the options to transformers.js' global env (one model source per app). */
export function configureEnvironment(lib: Pick<Transformers, 'env'>, o: TransformersEmbedderOptions): void {
  const env = lib.env;
  if (o.allowRemoteModels !== undefined) env.allowRemoteModels = o.allowRemoteModels;
  if (o.remoteHost) env.remoteHost = o.remoteHost.endsWith('/') ? o.remoteHost : `${o.remoteHost}/`;
  if (o.localModelPath) {
    env.localModelPath = o.localModelPath;
    env.allowLocalModels = o.allowLocalModels ?? true;
  } else if (o.allowLocalModels !== undefined) {
    env.allowLocalModels = o.allowLocalModels;
  }
  if (o.cacheDir) env.cacheDir = o.cacheDir;
  if (o.useBrowserCache !== undefined) env.useBrowserCache = o.useBrowserCache;
  const wasm = (env.backends.onnx as { wasm?: { wasmPaths?: unknown } }).wasm;
  if (o.wasmPaths && wasm) {
    wasm.wasmPaths = typeof o.wasmPaths === 'string' ? o.wasmPaths : { ...o.wasmPaths };
    env.useWasmCache = o.useWasmCache ?? false;
  } else if (o.useWasmCache !== undefined) {
    env.useWasmCache = o.useWasmCache;
  }
}

/**
 * A text with no known token (possible with small vocabularies) pools to zeros and normalises to
 * NaN; it becomes the zero vector, which matches nothing, like embed-lite's unknown text.
 */
function finiteOrZero(v: Float32Array): Float32Array {
  for (let j = 0; j < v.length; j++) if (!Number.isFinite(v[j])) return new Float32Array(v.length);
  return v;
}

/** The devices to try, best first. */
export async function candidateDevices(device: EmbedDevice): Promise<EmbedDevice[]> {
  if (device !== 'auto') return [device];
  if (isNode()) return ['cpu'];
  return (await hasWebGpuAdapter()) ? ['webgpu', 'wasm'] : ['wasm'];
}

function isNode(): boolean {
  return typeof process !== 'undefined' && process.release?.name === 'node' && typeof window === 'undefined';
}

export async function hasWebGpuAdapter(): Promise<boolean> {
  const gpu = (globalThis.navigator as (Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }) | undefined)?.gpu;
  if (!gpu) return false;
  try {
    return (await gpu.requestAdapter()) != null;
  } catch {
    return false;
  }
}

/** transformers.js progress events -> LoadProgress (per-file bytes, or the aggregate when given). */
export function toProgress(info: unknown): LoadProgress | null {
  if (!info || typeof info !== 'object') return null;
  const i = info as { status?: string; file?: string; progress?: number; loaded?: number; total?: number; name?: string };
  switch (i.status) {
    case 'initiate':
      return { text: `Preparing ${i.file ?? 'model files'}`, file: i.file };
    case 'download':
      return { text: `Fetching ${i.file ?? 'model files'}`, file: i.file };
    case 'progress':
    case 'progress_total': {
      const fraction = typeof i.progress === 'number' ? Math.max(0, Math.min(1, i.progress / 100)) : undefined;
      const what = i.status === 'progress_total' ? 'model' : (i.file ?? 'model');
      return {
        text: `Loading ${what}${fraction !== undefined ? ` ${Math.round(fraction * 100)}%` : ''}`,
        progress: fraction,
        file: i.status === 'progress' ? i.file : undefined,
        loadedBytes: i.loaded,
        totalBytes: i.total,
      };
    }
    case 'done':
      return { text: `Loaded ${i.file ?? 'file'}`, file: i.file };
    case 'ready':
      return { text: 'Model ready', progress: 1 };
    default:
      return null;
  }
}

/** Load failures, with what to do about them. */
function loadError(err: unknown, o: TransformersEmbedderOptions): RouterError {
  if (err instanceof RouterError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/could not locate|not found|404|local_files_only|file was not found/i.test(message)) {
    const where = o.allowRemoteModels === false
      ? `remote models are disabled, so it must be under ${o.localModelPath ?? 'the local model path'}/${o.model}/`
      : `check the model id and that ${o.remoteHost ?? 'the model host'} is reachable`;
    return new RouterError('MODEL_NOT_FOUND', `Embedding model ${o.model} was not found (${where}). ${message}`, { model: o.model });
  }
  return new RouterError('MODEL_LOAD_FAILED', `Could not load embedding model ${o.model}: ${message}`, { model: o.model });
}
