/**
 * embed-lite for the page: the same model as EmbedLiteEmbedder, run in its own worker
 * (src/embed/lite.worker.ts). The worker is created and the model fetched on the first load(),
 * so constructing this costs nothing; its id ("embed-lite@<file hash>") is known once loaded.
 */
import { RouterError } from '../core/errors';
import type { Embedder, LoadProgress } from '../core/contracts';
import type { WorkerPort } from '../core/util/worker-rpc';
import type { LiteWorkerRequest, LiteWorkerResponse } from './lite-worker-protocol';
import { WorkerModel } from './worker-model';

export type LiteWorkerLike = WorkerPort<LiteWorkerRequest, LiteWorkerResponse>;

export function createLiteEmbedWorker(): LiteWorkerLike {
  return new Worker(new URL('./lite.worker.ts', import.meta.url), { type: 'module', name: 'embed-lite' }) as unknown as LiteWorkerLike;
}

export class LiteWorkerEmbedder implements Embedder {
  private modelId = '';
  private dim = 0;
  private readonly model: WorkerModel<LiteWorkerRequest, LiteWorkerResponse>;

  /** `url`: where the model file is, absolute (a worker resolves relative URLs against its own script). */
  constructor(private readonly url: string, createWorker: () => LiteWorkerLike = createLiteEmbedWorker) {
    this.model = new WorkerModel(createWorker, (message) =>
      new RouterError('MODEL_LOAD_FAILED', `The embed-lite worker stopped: ${message}. Reload the page to try again.`));
  }

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
    return this.model.load({ type: 'load', url: this.url }, onProgress, (res) => {
      if (res.type === 'loaded') {
        this.modelId = res.modelId;
        this.dim = res.dimension;
      }
    });
  }

  embed(texts: readonly string[]): Promise<Float32Array[]> {
    return this.model.embed(texts, 'embed-lite', (all) => ({ type: 'embed', texts: all.map((t) => (typeof t === 'string' ? t : String(t ?? ''))) }));
  }

  /** A port the store's search worker embeds through (Embedder.connect); the model must be loaded. */
  async connect(): Promise<MessagePort> {
    await this.load();
    const channel = new MessageChannel();
    await this.model.request({ type: 'serve', port: channel.port2 }, [channel.port2]);
    return channel.port1;
  }

  async dispose(): Promise<void> {
    this.model.stop(new RouterError('CANCELLED', 'The embed-lite worker was stopped.'));
    this.dim = 0;
  }
}
