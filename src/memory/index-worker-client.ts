/**
 * The store's search index in a worker (the page's IndexBackend): every call is a message to
 * src/memory/search.worker.ts, answered in order. The worker reads the rows itself, so loading
 * 100k memories costs the page nothing; the page keeps only the last figures it was told.
 */
import { deserializeError, RouterError } from '../core/errors';
import type { WorkProgress } from '../core/contracts';
import type { ImportRequest, IndexBackend, IndexChange, IndexListener } from './index-backend';
import type { IndexWorkerRequest, IndexWorkerResponse } from './index-protocol';
import type { EmbeddingSpace, FilterSpec, IndexStats, NearestQuery, Overview, SearchAnswer, SearchRequest } from './memory-index';
import type { SearchHit } from './search';
import type { ImportSummary } from './store-types';

/** The part of a Worker this client uses (a real Worker, or an in-process stand-in in tests). */
export interface IndexWorkerLike {
  postMessage(message: IndexWorkerRequest, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { data: IndexWorkerResponse }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
  terminate(): void;
}

export function createSearchWorker(): IndexWorkerLike {
  return new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module', name: 'memory-search' }) as unknown as IndexWorkerLike;
}

interface Pending {
  resolve: (response: Extract<IndexWorkerResponse, { type: 'done' }>) => void;
  reject: (error: RouterError) => void;
  onProgress?: (p: WorkProgress) => void;
}

type Request = IndexWorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

const EMPTY: IndexStats = { size: 0, vectorCount: 0, vectorBytes: 0, precision: null };

export class WorkerIndexBackend implements IndexBackend {
  readonly followsWrites = true;
  private readonly worker: IndexWorkerLike;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<IndexListener>();
  private nextId = 1;
  private opened = false;
  private statsValue: IndexStats = EMPTY;
  private spaceValue: EmbeddingSpace | null = null;
  private broken: RouterError | null = null;

  constructor(private readonly dbName: string, createWorker: () => IndexWorkerLike = createSearchWorker) {
    this.worker = createWorker();
    this.worker.addEventListener('message', (event) => this.onMessage(event.data));
    this.worker.addEventListener('error', (event) => {
      this.broken = new RouterError('STORAGE_UNAVAILABLE', `The search worker stopped: ${event.message ?? 'unknown error'}. Reload the page.`);
      for (const p of this.pending.values()) p.reject(this.broken);
      this.pending.clear();
    });
  }

  get stats(): IndexStats {
    return this.statsValue;
  }

  get space(): EmbeddingSpace | null {
    return this.spaceValue;
  }

  async load(space: EmbeddingSpace | null): Promise<void> {
    if (!this.opened) {
      await this.request({ type: 'open', dbName: this.dbName, space });
      this.opened = true;
      return;
    }
    await this.request({ type: 'load', space });
  }

  async setSpace(space: EmbeddingSpace | null): Promise<void> {
    if (!this.opened) return this.load(space);
    await this.request({ type: 'space', space });
  }

  async apply(change: IndexChange): Promise<void> {
    await this.request({ type: 'apply', change });
  }

  async search(req: SearchRequest): Promise<SearchAnswer> {
    return (await this.request({ type: 'search', req })).result as SearchAnswer;
  }

  async nearest(queries: readonly NearestQuery[]): Promise<SearchHit[][]> {
    if (!queries.length) return [];
    return (await this.request({ type: 'nearest', queries: [...queries] })).result as SearchHit[][];
  }

  async staleIds(): Promise<string[]> {
    return (await this.request({ type: 'stale' })).result as string[];
  }

  async overview(spec: FilterSpec): Promise<Overview> {
    return (await this.request({ type: 'overview', spec })).result as Overview;
  }

  async importFile(input: Blob | string | object, opts: ImportRequest): Promise<ImportSummary> {
    const { onProgress, signal, ...rest } = opts;
    const id = this.nextId;
    const cancel = () => this.worker.postMessage({ type: 'cancel', id: 0, target: id });
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      return (await this.request({ type: 'import', input, opts: rest }, onProgress, rest.embed ? [rest.embed.port] : [])).result as ImportSummary;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  subscribe(listener: IndexListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  close(): void {
    this.listeners.clear();
    void this.request({ type: 'close' }).catch(() => {}).finally(() => this.worker.terminate());
  }

  private request(message: Request, onProgress?: (p: WorkProgress) => void, transfer: Transferable[] = []): Promise<Extract<IndexWorkerResponse, { type: 'done' }>> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ ...message, id } as IndexWorkerRequest, transfer);
    });
  }

  private onMessage(res: IndexWorkerResponse): void {
    if (res.type === 'changed') {
      this.update(res.stats, res.space, res.listChanged);
      return;
    }
    const p = this.pending.get(res.id);
    if (!p) return;
    if (res.type === 'progress') {
      p.onProgress?.(res.progress);
      return;
    }
    this.pending.delete(res.id);
    if (res.type === 'error') {
      p.reject(deserializeError(res.error));
      return;
    }
    this.update(res.stats, res.space, res.listChanged);
    p.resolve(res);
  }

  private update(stats: IndexStats, space: EmbeddingSpace | null, listChanged: boolean | undefined): void {
    this.statsValue = stats;
    this.spaceValue = space;
    if (listChanged === undefined) return;
    const event = { listChanged, stats };
    for (const l of [...this.listeners]) l(event);
  }
}
