/**
 * embed-lite as an Embedder: needs no download beyond its own file (public/models/embed-lite.bin,
 * served with the app), runs in plain TypeScript on any device, so search is semantic from the
 * first second. The neural embedder can replace it once loaded.
 */
import { RouterError, toRouterError } from '../core/errors';
import { fnv1aBytes } from '../core/util/random';
import { LiteEmbedModel } from './lite/model';
import { decodeEmbedLite } from './lite/model-format';
import { inflateIfGzip } from '../core/util/gzip';
import type { LoadProgress } from '../core/contracts';
import type { Embedder } from '../core/contracts';

/** Where the app serves the model (relative to the page; Vite copies public/ as is). */
export const EMBED_LITE_URL = 'models/embed-lite.bin';

export type EmbedLiteSource =
  /** A URL to fetch. */
  | string
  | URL
  /** Anything that yields the file's bytes (Node: read it from disk). */
  | (() => Promise<Uint8Array | ArrayBuffer>);

export class EmbedLiteEmbedder implements Embedder {
  private model: LiteEmbedModel | null = null;
  private version = '';
  private loading: Promise<void> | null = null;

  constructor(private readonly source: EmbedLiteSource = EMBED_LITE_URL) {}

  /** "embed-lite@<hash of the model file>" once loaded: vectors from another file are not comparable. */
  get id(): string {
    return this.version ? `embed-lite@${this.version}` : 'embed-lite';
  }

  /** 0 until loaded. */
  get dimension(): number {
    return this.model?.dimension ?? 0;
  }

  get loaded(): boolean {
    return this.model !== null;
  }

  load(onProgress?: (p: LoadProgress) => void): Promise<void> {
    if (this.model) return Promise.resolve();
    this.loading ??= this.doLoad(onProgress).catch((err: unknown) => {
      this.loading = null;
      throw toRouterError(err, 'MODEL_LOAD_FAILED');
    });
    return this.loading;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return this.embedSync(texts);
  }

  /** Synchronous form for callers that already awaited load() (CLIs, benchmarks, the worker). */
  embedSync(texts: readonly string[]): Float32Array[] {
    if (!this.model) throw new RouterError('ENGINE_NOT_READY', 'embed-lite is not loaded yet: call load() first.');
    const model = this.model;
    return texts.map((t) => model.embed(typeof t === 'string' ? t : String(t ?? '')));
  }

  async dispose(): Promise<void> {
    this.model = null;
    this.loading = null;
  }

  private async doLoad(onProgress?: (p: LoadProgress) => void): Promise<void> {
    onProgress?.({ text: 'Loading embed-lite', progress: 0, file: 'embed-lite.bin' });
    const raw = await this.read();
    const bytes = await inflateIfGzip(raw, 'The embed-lite model file', 're-run `npm run train:embed` or restore public/models/embed-lite.bin from git');
    const { parts } = decodeEmbedLite(bytes);
    this.model = new LiteEmbedModel(parts);
    this.version = fnv1aBytes(bytes).toString(16).padStart(8, '0');
    onProgress?.({ text: 'embed-lite ready', progress: 1, file: 'embed-lite.bin' });
  }

  private async read(): Promise<Uint8Array | ArrayBuffer> {
    if (typeof this.source === 'function') return this.source();
    const url = String(this.source);
    let res: Response;
    try {
      res = await fetch(url);
    } catch (err) {
      throw new RouterError('MODEL_LOAD_FAILED', `Could not fetch the embed-lite model from ${url}: ${(err as Error).message}. Check that the app serves public/models/.`);
    }
    if (!res.ok) {
      throw new RouterError(res.status === 404 ? 'MODEL_NOT_FOUND' : 'MODEL_LOAD_FAILED', `The embed-lite model at ${url} answered HTTP ${res.status}: run \`npm run train:embed\` or restore public/models/embed-lite.bin.`);
    }
    return res.arrayBuffer();
  }
}
