/**
 * The page's neural Embedder: forwards load/embed/dispose to the embed worker
 * (src/workers/embed.worker.ts) and turns its answers back into promises, progress callbacks
 * and RouterErrors. The worker is created on first load, so constructing this costs nothing.
 */
import { deserializeError, RouterError } from '../core/errors';
import type { EmbedDevice, TransformersEmbedderOptions } from './transformers-embedder';
import type { LoadProgress } from '../core/contracts';
import type { Embedder } from '../core/contracts';
import type { EmbedWorkerRequest, EmbedWorkerResponse } from './worker-protocol';

/** The part of a Worker this client uses (a real Worker, or an in-process stand-in in tests). */
export interface WorkerLike {
  postMessage(message: EmbedWorkerRequest): void;
  addEventListener(type: 'message', listener: (event: { data: EmbedWorkerResponse }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
  terminate(): void;
}

export function createEmbedWorker(): WorkerLike {
  return new Worker(new URL('./embed.worker.ts', import.meta.url), { type: 'module', name: 'embed' }) as unknown as WorkerLike;
}

interface Pending {
  resolve: (response: EmbedWorkerResponse) => void;
  reject: (error: RouterError) => void;
  onProgress?: (p: LoadProgress) => void;
}

export class WorkerEmbedder implements Embedder {
  readonly id: string;
  private dim: number;
  private resolvedDevice: EmbedDevice | null = null;
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private loading: Promise<void> | null = null;

  constructor(
    readonly options: TransformersEmbedderOptions,
    private readonly createWorker: () => WorkerLike = createEmbedWorker,
  ) {
    this.id = options.model;
    this.dim = options.dimension ?? 0;
  }

  get dimension(): number {
    return this.dim;
  }

  get device(): EmbedDevice | null {
    return this.resolvedDevice;
  }

  load(onProgress?: (p: LoadProgress) => void): Promise<void> {
    this.loading ??= this.request({ type: 'load', id: 0, options: this.options }, onProgress)
      .then((res) => {
        if (res.type === 'loaded') {
          this.dim = res.dimension;
          this.resolvedDevice = res.device as EmbedDevice | null;
        }
      })
      .catch((err: RouterError) => {
        this.loading = null;
        throw err;
      });
    return this.loading;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    if (!this.loading) throw new RouterError('ENGINE_NOT_READY', `The embedding model ${this.id} is not loaded yet: call load() first.`);
    await this.loading;
    const res = await this.request({ type: 'embed', id: 0, texts: [...texts] });
    return res.type === 'embedded' ? res.vectors : [];
  }

  async dispose(): Promise<void> {
    if (!this.worker) return;
    try {
      await this.request({ type: 'dispose', id: 0 });
    } finally {
      this.worker?.terminate();
      this.worker = null;
      this.loading = null;
      this.failAll(new RouterError('CANCELLED', 'The embedding worker was stopped.'));
    }
  }

  private request(message: EmbedWorkerRequest, onProgress?: (p: LoadProgress) => void): Promise<EmbedWorkerResponse> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      worker.postMessage({ ...message, id });
    });
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.addEventListener('message', (event) => this.onMessage(event.data));
    worker.addEventListener('error', (event) => {
      // A worker that cannot start (script blocked, syntax error) fails every waiting request.
      this.worker = null;
      this.loading = null;
      worker.terminate();
      this.failAll(new RouterError('MODEL_LOAD_FAILED', `The embedding worker stopped: ${event.message ?? 'unknown error'}. Reload the page to try again.`));
    });
    this.worker = worker;
    return worker;
  }

  private onMessage(res: EmbedWorkerResponse): void {
    const p = this.pending.get(res.id);
    if (!p) return;
    if (res.type === 'progress') {
      p.onProgress?.(res.progress);
      return;
    }
    this.pending.delete(res.id);
    if (res.type === 'error') p.reject(deserializeError(res.error));
    else p.resolve(res);
  }

  private failAll(error: RouterError): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
