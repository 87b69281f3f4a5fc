/**
 * Where the store's search index lives, behind one asynchronous interface: in the page it is a
 * search worker (index-worker-client.ts), so building it from 100k rows, keeping it in step with
 * writes, searching it and listing it never block the main thread; in Node and the tests it is the
 * same MemoryIndex in-process (LocalIndexBackend). The store awaits every change before its write
 * resolves, so a search after `await add(...)` sees the new memory in both.
 */
import type { MemoryDexie, MemoryRecord } from './db';
import { exactVectorsFrom, loadIndex, refreshIds } from './index-load';
import {
  MemoryIndex, type EmbeddingSpace, type FilterSpec, type IndexStats, type NearestQuery, type Overview, type SearchAnswer, type SearchRequest,
} from './memory-index';
import type { SearchHit } from './search';
import type { ExportFile, ImportOptions, ImportSummary } from './store-types';

/** A change to apply after a write committed (rows in hand), or rows to re-read (writes seen elsewhere). */
export interface IndexChange {
  upsert?: readonly MemoryRecord[];
  remove?: readonly string[];
  refresh?: readonly string[] | 'all';
  clear?: boolean;
}

export interface IndexEvent {
  /** True when the Memories page's list (membership, order, shown fields) may have changed. */
  listChanged: boolean;
  stats: IndexStats;
}

export type IndexListener = (event: IndexEvent) => void;

export interface ImportRequest extends Pick<ImportOptions, 'mode' | 'all' | 'source'> {
  onProgress?: ImportOptions['onProgress'];
  /** Stops the import while it is still embedding (nothing is written then). */
  signal?: AbortSignal;
  /** Embeds memories that come without a vector of this space before writing them (Embedder.connect's port). */
  embed?: { port: MessagePort; space: EmbeddingSpace };
}

export interface IndexBackend {
  /** Last known figures (the worker's arrive with each answer). */
  readonly stats: IndexStats;
  readonly space: EmbeddingSpace | null;
  /** True when the backend follows other tabs' writes itself (the worker does; in-process the store does). */
  readonly followsWrites: boolean;
  /** (Re)builds the index from the database for this embedding space. */
  load(space: EmbeddingSpace | null): Promise<void>;
  /** The embedder changed: keeps vectors already held for this space, else reloads (switchSpace). */
  setSpace(space: EmbeddingSpace | null): Promise<void>;
  apply(change: IndexChange): Promise<void>;
  search(req: SearchRequest): Promise<SearchAnswer>;
  nearest(queries: readonly NearestQuery[]): Promise<SearchHit[][]>;
  staleIds(): Promise<string[]>;
  overview(spec: FilterSpec): Promise<Overview>;
  /**
   * Reads, validates and writes an export file away from the page (the worker), then reloads the
   * index. Absent in-process: the store imports on its own thread.
   */
  importFile?(input: Blob | string | object, opts: ImportRequest): Promise<ImportSummary>;
  /**
   * Reads every row and writes the export file away from the page (the worker), beside whatever
   * else it is doing (an import still embedding). Absent in-process: the store exports itself.
   */
  exportFile?(now: number): Promise<ExportFile>;
  subscribe(listener: IndexListener): () => void;
  close(): void;
}

/**
 * The index in this thread: Node, tests, and anywhere without Worker. Vectors as float32 by
 * default: exact without reading rows back (Node's fake-indexeddb reads slowly, and a Node
 * process is not short of memory); `precision: 'int8'` holds them as the page's worker does.
 */
export class LocalIndexBackend implements IndexBackend {
  readonly followsWrites = false;
  private index: MemoryIndex;
  private readonly listeners = new Set<IndexListener>();
  private readonly make: () => MemoryIndex;

  constructor(private readonly db: MemoryDexie, opts: { precision?: 'f32' | 'int8' } = {}) {
    this.make = () => new MemoryIndex(opts.precision === 'int8' ? { exactVectors: exactVectorsFrom(() => this.db) } : {});
    this.index = this.make();
  }

  /** A full load builds a new index and swaps it in: nobody reading `stats` meanwhile sees it half-built. */
  private async reload(space: EmbeddingSpace | null): Promise<void> {
    const fresh = this.make();
    await loadIndex(fresh, this.db, space);
    this.index = fresh;
  }

  get stats(): IndexStats {
    return this.index.stats;
  }

  get space(): EmbeddingSpace | null {
    return this.index.space;
  }

  async load(space: EmbeddingSpace | null): Promise<void> {
    await this.reload(space);
    this.emit(true);
  }

  async setSpace(space: EmbeddingSpace | null): Promise<void> {
    if (!space || !this.index.adopt(space)) await this.reload(space);
    this.emit(false); // the list does not depend on vectors
  }

  async apply(change: IndexChange): Promise<void> {
    let listChanged = false;
    if (change.clear) { listChanged = this.index.size > 0; this.index.clear(); }
    for (const m of change.upsert ?? []) listChanged = this.index.upsert(m) || listChanged;
    for (const id of change.remove ?? []) listChanged = this.index.remove(id) || listChanged;
    if (change.refresh === 'all') {
      await this.reload(this.index.space);
      listChanged = true;
    } else if (change.refresh?.length) {
      listChanged = (await refreshIds(this.index, this.db, change.refresh)) || listChanged;
    }
    this.emit(listChanged);
  }

  search(req: SearchRequest): Promise<SearchAnswer> {
    return this.index.search(req);
  }

  nearest(queries: readonly NearestQuery[]): Promise<SearchHit[][]> {
    return this.index.nearest(queries);
  }

  async staleIds(): Promise<string[]> {
    return this.index.staleIds();
  }

  async overview(spec: FilterSpec): Promise<Overview> {
    return this.index.overview(spec);
  }

  subscribe(listener: IndexListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  close(): void {
    this.listeners.clear();
  }

  private emit(listChanged: boolean): void {
    const event = { listChanged, stats: this.index.stats };
    for (const l of [...this.listeners]) l(event);
  }
}
