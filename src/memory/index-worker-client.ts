/**
 * The store's search index in a worker (the page's IndexBackend): every call is a message to
 * src/memory/search.worker.ts, answered in order. The worker reads the rows itself, so loading
 * 100k memories costs the page nothing; the page keeps only the last figures it was told.
 */
import { RouterError } from '../core/errors';
import type { WorkProgress } from '../core/contracts';
import { WorkerRpc, type Unnumbered, type WorkerPort } from '../core/util/worker-rpc';
import type { ImportRequest, IndexBackend, IndexChange, IndexListener } from './index-backend';
import type { IndexWorkerRequest, IndexWorkerResponse } from './index-protocol';
import { importCancelled } from './export-import';
import type { EmbeddingSpace, FilterSpec, IndexStats, NearestQuery, Overview, SearchAnswer, SearchRequest } from './memory-index';
import type { SearchHit } from './search';
import type { ExportFile, ImportProgress, ImportSummary } from './store-types';

/** The part of a Worker this client uses (a real Worker, or an in-process stand-in in tests). */
export type IndexWorkerLike = WorkerPort<IndexWorkerRequest, IndexWorkerResponse>;

export function createSearchWorker(): IndexWorkerLike {
  return new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module', name: 'memory-search' }) as unknown as IndexWorkerLike;
}

type Done = Extract<IndexWorkerResponse, { type: 'done' }>;

const EMPTY: IndexStats = { size: 0, vectorCount: 0, vectorBytes: 0, precision: null };

export class WorkerIndexBackend implements IndexBackend {
  readonly followsWrites = true;
  private readonly rpc: WorkerRpc<IndexWorkerRequest, IndexWorkerResponse>;
  private readonly listeners = new Set<IndexListener>();
  private opened = false;
  private closed = false;
  private statsValue: IndexStats = EMPTY;
  private spaceValue: EmbeddingSpace | null = null;

  constructor(private readonly dbName: string, createWorker: () => IndexWorkerLike = createSearchWorker) {
    // Answers and `changed` (the worker's own news, id 0) both carry the index's current figures.
    const note = (res: IndexWorkerResponse) => {
      if (res.type === 'done' || res.type === 'changed') this.update(res.stats, res.space, res.listChanged);
    };
    this.rpc = new WorkerRpc(createWorker, {
      restart: false,
      crashError: (message) => new RouterError('STORAGE_UNAVAILABLE', `The search worker stopped: ${message}. Reload the page.`),
      stray: note,
      answered: note,
    });
    this.rpc.start();
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
    // A cancel that came first: the worker is never asked (an abort listener would not fire).
    if (signal?.aborted) {
      rest.embed?.port.close();
      throw importCancelled();
    }
    const id = this.rpc.nextId;
    const cancel = () => this.rpc.post({ type: 'cancel', id: 0, target: id });
    signal?.addEventListener('abort', cancel, { once: true });
    // The worker says whether the file is written with each progress of the import.
    const progress = onProgress && ((p: WorkProgress) => onProgress({ ...p, written: (p as Partial<ImportProgress>).written === true }));
    try {
      return (await this.request({ type: 'import', input, opts: rest }, progress, rest.embed ? [rest.embed.port] : [])).result as ImportSummary;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  async exportFile(now: number): Promise<ExportFile> {
    return (await this.request({ type: 'export', now })).result as ExportFile;
  }

  subscribe(listener: IndexListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  close(): void {
    if (this.closed) return;
    this.listeners.clear();
    void this.request({ type: 'close' }).catch(() => {}).finally(() => {
      this.rpc.stop(new RouterError('STORAGE_UNAVAILABLE', 'The memory store was closed: reload the page.'));
    });
    this.closed = true;
  }

  private request(message: Unnumbered<IndexWorkerRequest>, onProgress?: (p: WorkProgress) => void, transfer: Transferable[] = []): Promise<Done> {
    // A closed index answers nothing: a request would wait forever on a stopped worker.
    if (this.closed) return Promise.reject(new RouterError('STORAGE_UNAVAILABLE', 'The memory store was closed: reload the page.'));
    // `changed` carries id 0, which no request has: only `done` answers one.
    return this.rpc.request(message, onProgress, transfer) as Promise<Done>;
  }

  private update(stats: IndexStats, space: EmbeddingSpace | null, listChanged: boolean | undefined): void {
    this.statsValue = stats;
    this.spaceValue = space;
    if (listChanged === undefined) return;
    const event = { listChanged, stats };
    for (const l of [...this.listeners]) l(event);
  }
}
