/**
 * The page's neural Embedder: forwards load/embed/dispose to the embed worker
 * (src/workers/embed.worker.ts) and turns its answers back into promises, progress callbacks
 * and RouterErrors. The worker is created on first load, so constructing this costs nothing.
 */
import { RouterError } from '../core/errors';
import type { EmbedDevice, TransformersEmbedderOptions } from './transformers-embedder';
import type { LoadProgress } from '../core/contracts';
import type { Embedder } from '../core/contracts';
import type { WorkerPort } from '../core/util/worker-rpc';
import type { EmbedWorkerRequest, EmbedWorkerResponse } from './worker-protocol';
import { WorkerModel } from './worker-model';

/** The part of a Worker this client uses (a real Worker, or an in-process stand-in in tests). */
export type WorkerLike = WorkerPort<EmbedWorkerRequest, EmbedWorkerResponse>;

export function createEmbedWorker(): WorkerLike {
  return new Worker(new URL('./embed.worker.ts', import.meta.url), { type: 'module', name: 'embed' }) as unknown as WorkerLike;
}

export class WorkerEmbedder implements Embedder {
  readonly id: string;
  private dim: number;
  private resolvedDevice: EmbedDevice | null = null;
  private readonly model: WorkerModel<EmbedWorkerRequest, EmbedWorkerResponse>;

  constructor(
    readonly options: TransformersEmbedderOptions,
    createWorker: () => WorkerLike = createEmbedWorker,
  ) {
    this.id = options.model;
    this.dim = options.dimension ?? 0;
    // A worker that cannot start (script blocked, syntax error) fails every waiting request.
    this.model = new WorkerModel(createWorker, (message) =>
      new RouterError('MODEL_LOAD_FAILED', `The embedding worker stopped: ${message}. Reload the page to try again.`));
  }

  get dimension(): number {
    return this.dim;
  }

  get device(): EmbedDevice | null {
    return this.resolvedDevice;
  }

  load(onProgress?: (p: LoadProgress) => void): Promise<void> {
    return this.model.load({ type: 'load', options: this.options }, onProgress, (res) => {
      if (res.type === 'loaded') {
        this.dim = res.dimension;
        this.resolvedDevice = res.device as EmbedDevice | null;
      }
    });
  }

  embed(texts: readonly string[]): Promise<Float32Array[]> {
    return this.model.embed(texts, `The embedding model ${this.id}`, (all) => ({ type: 'embed', texts: [...all] }));
  }

  async dispose(): Promise<void> {
    if (!this.model.started) return;
    try {
      await this.model.request({ type: 'dispose' });
    } finally {
      this.model.stop(new RouterError('CANCELLED', 'The embedding worker was stopped.'));
    }
  }
}
