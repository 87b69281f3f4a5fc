/**
 * embed-lite for the page: the same model as EmbedLiteEmbedder, run in its own worker
 * (src/embed/lite.worker.ts). The worker is created and the model fetched on the first load(),
 * so constructing this costs nothing; its id ("embed-lite@<file hash>") is known once loaded.
 */
import { deserializeError, RouterError } from '../core/errors';
import type { Embedder, LoadProgress } from '../core/contracts';
import type { LiteWorkerRequest, LiteWorkerResponse } from './lite-worker-protocol';

export interface LiteWorkerLike {
  postMessage(message: LiteWorkerRequest, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { data: LiteWorkerResponse }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
  terminate(): void;
}

export function createLiteEmbedWorker(): LiteWorkerLike {
  return new Worker(new URL('./lite.worker.ts', import.meta.url), { type: 'module', name: 'embed-lite' }) as unknown as LiteWorkerLike;
}

interface Pending {
  resolve: (response: LiteWorkerResponse) => void;
  reject: (error: RouterError) => void;
  onProgress?: (p: LoadProgress) => void;
}

export class LiteWorkerEmbedder implements Embedder {
  private modelId = '';
  private dim = 0;
  private worker: LiteWorkerLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private loading: Promise<void> | null = null;

  /** `url`: where the model file is, absolute (a worker resolves relative URLs against its own script). */
  constructor(private readonly url: string, private readonly createWorker: () => LiteWorkerLike = createLiteEmbedWorker) {}

  get id(): string {
    return this.modelId || 'embed-lite';
  }

  get dimension(): number {
    return this.dim;
  }

  get loaded(): boolean {
    return this.dim > 0;
  }

  load(onProgress?: (p: LoadProgress) => void): Promise<void> {
    this.loading ??= this.request({ type: 'load', id: 0, url: this.url }, onProgress)
      .then((res) => {
        if (res.type === 'loaded') {
          this.modelId = res.modelId;
          this.dim = res.dimension;
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
    if (!this.loading) throw new RouterError('ENGINE_NOT_READY', 'embed-lite is not loaded yet: call load() first.');
    await this.loading;
    const res = await this.request({ type: 'embed', id: 0, texts: texts.map((t) => (typeof t === 'string' ? t : String(t ?? ''))) });
    return res.type === 'embedded' ? res.vectors : [];
  }

  /** A port the store's search worker embeds through (Embedder.connect); the model must be loaded. */
  async connect(): Promise<MessagePort> {
    await this.load();
    const channel = new MessageChannel();
    await this.request({ type: 'serve', id: 0, port: channel.port2 }, undefined, [channel.port2]);
    return channel.port1;
  }

  async dispose(): Promise<void> {
    this.worker?.terminate();
    this.worker = null;
    this.loading = null;
    this.dim = 0;
    for (const p of this.pending.values()) p.reject(new RouterError('CANCELLED', 'The embed-lite worker was stopped.'));
    this.pending.clear();
  }

  private request(message: LiteWorkerRequest, onProgress?: (p: LoadProgress) => void, transfer?: Transferable[]): Promise<LiteWorkerResponse> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      worker.postMessage({ ...message, id }, transfer);
    });
  }

  private ensureWorker(): LiteWorkerLike {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.addEventListener('message', (event) => this.onMessage(event.data));
    worker.addEventListener('error', (event) => {
      this.worker = null;
      this.loading = null;
      worker.terminate();
      const err = new RouterError('MODEL_LOAD_FAILED', `The embed-lite worker stopped: ${event.message ?? 'unknown error'}. Reload the page to try again.`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
    this.worker = worker;
    return worker;
  }

  private onMessage(res: LiteWorkerResponse): void {
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
}
