/**
 * MemoryStore: the framework-free memory API (mem0-like) over the Dexie database. This file is the
 * front: it opens the database, holds the search index and the embedder, and hands each job to
 * its own module:
 *
 *   ingest.ts      the one way in: conversations + routing + facts, deduplicated, one transaction
 *   edits.ts       update / delete / deleteAll / reset          transfer.ts   export / import
 *   reembed.ts     vectors after an embedder switch             tab-sync.ts   other tabs' writes
 *   write-queue.ts one queue, one transaction per write          records.ts    how rows are made
 *   index-backend.ts the search index: in the page a worker (index-worker-*.ts), in Node in-process
 */
import { RouterError, toRouterError } from '../core/errors';
import type { ClassifyFn, Embedder, WorkProgress } from '../core/contracts';
import type { MemoryCategory } from '../core/taxonomy';
import { DEFAULT_CATEGORY_PRIOR_WEIGHT } from './search';
import { createMemoryDb, DEFAULT_DB_NAME, type ConversationRecord, type HistoryRecord, type MemoryDexie } from './db';
import { isExpired } from './expiry';
import { dedupThresholdFor } from './dedup';
import { Ingest, type IngestItem, type IngestOptions } from './ingest';
import { deleteMemory, deleteWhere, resetAll, updateMemory, type EditContext } from './edits';
import { reembedStale, staleEmbeddingIds } from './reembed';
import { followOtherTabs } from './tab-sync';
import { watchConnection, type ConnectionWatch, type StoreLoss } from './db-watch';
import { exportStore, exportStoreFile } from './transfer';
import { importAllInto } from './import-all';
import * as reads from './reads';
import { matchesFilters, type FilterSpec, type IndexStats, type Overview } from './memory-index';
import { LocalIndexBackend, type IndexBackend, type IndexListener } from './index-backend';
import { WorkerIndexBackend } from './index-worker-client';
import { toItem } from './records';
import { categoryFor, DEFAULT_USER_ID, ingestItemFor, loadedEmbedder } from './store-input';
import { bulkScope, optionalUserId } from './scope';
import { STORAGE_FULL_MESSAGE, WriteQueue } from './write-queue';
import type { MemoryExport } from './export-import';
import type {
  AddManyOptions, AddManyResult, AddOptions, AddResult, DeleteAllOptions, ExportFile, ImportOptions, ImportSummary, ListOptions, MemoryItem,
  MemoryPatch, MemoryStoreOptions, MessagesOrText, ResetOptions, RouteQueryFn, SearchOptions, SearchResult, UpdateOptions,
} from './store-types';

export type * from './store-types';
export { STORAGE_FULL_MESSAGE };
export { MAX_MEMORY_CHARS } from './ingest';
export { DEFAULT_USER_ID };

export class MemoryStore {
  readonly dbName: string;
  private readonly db: MemoryDexie;
  private embedderValue: Embedder | null;
  private readonly classify: ClassifyFn | null;
  private readonly routeQuery: RouteQueryFn | null;
  private readonly priorWeight: number;
  private readonly thresholdOverride: number | undefined;
  private readonly awaitEmbedder: (() => Promise<void>) | null;
  private readonly now: () => number;
  private readonly index: IndexBackend;
  private readonly queue: WriteQueue;
  /** An embedder switch in progress: saves wait for it, so their vectors are the new embedder's. */
  private switching: Promise<void> | null = null;
  private reembedding: Promise<number> | null = null;
  /** An import writing in this thread (it re-indexes everything itself afterwards). */
  private importing = false;
  private readonly ctx: EditContext & { dedupThreshold(): number };
  private readonly ingestPath: Ingest;
  private stopSync: (() => void) | null = null;
  private watch: ConnectionWatch | null = null;
  private lostValue: StoreLoss | null = null;
  private readonly lossListeners = new Set<(loss: StoreLoss) => void>();

  private constructor(db: MemoryDexie, opts: MemoryStoreOptions) {
    this.db = db;
    this.dbName = db.name;
    this.embedderValue = opts.embedder ?? null;
    this.classify = opts.classify ?? null;
    this.routeQuery = opts.routeQuery ?? null;
    this.priorWeight = opts.categoryPriorWeight ?? DEFAULT_CATEGORY_PRIOR_WEIGHT;
    this.thresholdOverride = opts.dedupThreshold;
    this.awaitEmbedder = opts.awaitEmbedder ?? null;
    this.now = opts.now ?? Date.now;
    this.queue = new WriteQueue(db);
    this.index = opts.searchWorker ? new WorkerIndexBackend(db.name, opts.searchWorker) : new LocalIndexBackend(db);
    let last = 0;
    this.ctx = {
      db, queue: this.queue, index: this.index,
      embedder: () => this.embedderValue, now: () => this.now(), dedupThreshold: () => this.dedupThreshold,
      // History is read in time order: two entries of one memory in the same millisecond must not tie.
      stamp: () => (last = Math.max(this.now(), last + 1)),
    };
    this.ingestPath = new Ingest(this.ctx);
  }

  /** Opens the database (upgrading it if needed) and builds the search index from it. */
  static async open(opts: MemoryStoreOptions = {}): Promise<MemoryStore> {
    const db = opts.db ?? createMemoryDb(opts.dbName ?? DEFAULT_DB_NAME, opts.dbOptions);
    const store = new MemoryStore(db, opts);
    try {
      await db.open();
    } catch (e) {
      store.index.close();
      const err = toRouterError(e, 'STORAGE_UNAVAILABLE');
      if (err.code === 'STORAGE_FULL') throw new RouterError('STORAGE_FULL', STORAGE_FULL_MESSAGE);
      throw new RouterError(err.code, `The memory database could not be opened (${err.message}). Private windows and some browser settings block IndexedDB: allow site storage and reload.`);
    }
    store.watch = watchConnection(db, (loss) => store.markLost(loss));
    try {
      if (store.embedderValue) await loadedEmbedder(store.embedderValue);
      await store.rebuildIndex();
    } catch (e) {
      store.close();
      throw e;
    }
    if (opts.syncAcrossTabs !== false && !store.index.followsWrites) store.stopSync = followOtherTabs({ ...store.ctx, muted: () => store.importing });
    if (opts.reembedOnOpen !== false && store.embedderValue) await store.reembedStale();
    return store;
  }

  get embedder(): Embedder | null {
    return this.embedderValue;
  }

  /** Near-duplicate threshold in use: measured per embedder (dedup.ts) unless overridden. */
  get dedupThreshold(): number {
    return this.thresholdOverride ?? dedupThresholdFor(this.embedderValue?.id);
  }

  /** Memories in the search index (all users, expired included). */
  get size(): number {
    return this.index.stats.size;
  }

  /** The index's figures: memories, vectors, bytes held for vectors and their precision. */
  get indexStats(): IndexStats {
    return this.index.stats;
  }

  /** Stops following other tabs and closes the database (and the search worker). */
  close(): void {
    this.watch?.closingOnPurpose();
    this.stopSync?.();
    this.stopSync = null;
    this.index.close();
    this.db.close();
  }

  /**
   * Set when the database was deleted or upgraded in another tab, or closed by the browser: the
   * store is closed for good (nothing is reopened or recreated behind the caller's back).
   */
  get lost(): StoreLoss | null {
    return this.lostValue;
  }

  /** Called once if the store is lost; returns the function that unsubscribes. */
  onLost(listener: (loss: StoreLoss) => void): () => void {
    this.lossListeners.add(listener);
    return () => { this.lossListeners.delete(listener); };
  }

  private markLost(loss: StoreLoss): void {
    this.lostValue = loss;
    this.stopSync?.();
    this.stopSync = null;
    // The search index goes too (in the page, its worker and the worker's own connection, which
    // watches for the same loss): nothing it holds may be shown, and nothing may reopen the database.
    this.index.close();
    for (const l of [...this.lossListeners]) l(loss);
  }

  /**
   * Called after every change of the search index (this store's writes, other tabs', imports);
   * `listChanged` says whether what overview() lists may differ. Returns the unsubscribe function.
   */
  subscribe(listener: IndexListener): () => void {
    return this.index.subscribe(listener);
  }

  // ------------------------------------------------------------------ embedder

  /**
   * Switches the embedder. Vectors of another model id or dimension are ignored by search from
   * now on, and (by default) re-embedded with the new one.
   */
  async setEmbedder(embedder: Embedder | null, opts: { reembed?: boolean; onProgress?: (p: WorkProgress) => void; signal?: AbortSignal } = {}): Promise<void> {
    const switching = (async () => {
      if (embedder) await loadedEmbedder(embedder);
      this.embedderValue = embedder;
      await this.queue.exclusive(() => this.index.setSpace(embedder ? { id: embedder.id, dimension: embedder.dimension } : null));
    })();
    const gate = switching.catch(() => undefined);
    this.switching = gate;
    try {
      await switching;
    } finally {
      if (this.switching === gate) this.switching = null;
    }
    if (embedder && opts.reembed !== false) await this.reembedStale(opts);
  }

  staleEmbeddingIds(): Promise<string[]> {
    return staleEmbeddingIds(this.ctx);
  }

  /**
   * Embeds the memories without a vector of the current embedder. One pass at a time: a call made
   * while another runs waits for it, then embeds what is still stale (what arrived meanwhile).
   */
  async reembedStale(opts: { onProgress?: (p: WorkProgress) => void; signal?: AbortSignal } = {}): Promise<number> {
    while (this.reembedding) await this.reembedding.catch(() => undefined);
    const run = reembedStale(this.ctx, opts);
    this.reembedding = run;
    try {
      return await run;
    } finally {
      if (this.reembedding === run) this.reembedding = null;
    }
  }

  // ------------------------------------------------------------------ in

  /**
   * Saves conversations with their routing and the facts chosen from them, in one transaction:
   * what every save in the app (paste, batch, chat, imported transcripts) goes through.
   */
  async ingest(items: readonly IngestItem[], opts: IngestOptions = {}): Promise<AddResult[]> {
    if (!this.embedderValue && !this.switching && this.awaitEmbedder) await this.awaitEmbedder().catch(() => undefined);
    if (this.switching) await this.switching;
    return this.ingestPath.run(items, opts);
  }

  /**
   * mem0-style add. infer=false stores the text as one memory (category from the options, else the
   * router's best); otherwise the conversation is routed and the memories it proposes are stored
   * with it.
   */
  async add(messagesOrText: MessagesOrText, opts: AddOptions = {}): Promise<AddResult> {
    return (await this.ingest([await this.itemFor(messagesOrText, opts)], { signal: opts.signal }))[0];
  }

  /** Many conversations (a batch file) in ONE transaction; unreadable items are reported in `errors`. */
  async addMany(items: ReadonlyArray<{ messages: MessagesOrText; options?: AddOptions }>, opts: AddManyOptions = {}): Promise<AddManyResult> {
    const ready: IngestItem[] = [];
    const at: number[] = [];
    const errors: AddManyResult['errors'] = [];
    for (let i = 0; i < items.length; i++) {
      opts.signal?.throwIfAborted();
      try {
        ready.push(await this.itemFor(items[i].messages, { ...items[i].options, signal: opts.signal }));
        at.push(i);
      } catch (e) {
        const error = toRouterError(e);
        if (error.code === 'CANCELLED' || opts.signal?.aborted) throw error;
        errors.push({ index: i, error });
      }
      opts.onProgress?.({ done: i + 1, total: items.length });
    }
    const stored = ready.length ? await this.ingest(ready, { signal: opts.signal }) : [];
    const results: Array<AddResult | null> = items.map(() => null);
    stored.forEach((r, j) => { results[at[j]] = r; });
    return { results, errors };
  }

  private itemFor(input: MessagesOrText, opts: AddOptions): Promise<IngestItem> {
    return ingestItemFor(this.classify, input, opts);
  }

  /**
   * The category a text is stored under when added as one memory: `category`, else
   * metadata.category, else the classifier's best-scored storable category; refused without any.
   */
  categoryOf(text: string, opts: Pick<AddOptions, 'category' | 'metadata' | 'signal'> = {}): Promise<MemoryCategory> {
    return categoryFor(this.classify, text, opts);
  }

  // ------------------------------------------------------------------ read (reads.ts)

  get(id: string): Promise<MemoryItem | null> {
    return reads.getOne(this.ctx, id);
  }

  /** Memories of a user (or everyone), newest first; expired ones only with filters.includeExpired. */
  getAll(opts: ListOptions = {}): Promise<MemoryItem[]> {
    return reads.getAll(this.ctx, opts);
  }

  /** These memories, in this order; ids no longer stored are left out. */
  getMany(ids: readonly string[]): Promise<MemoryItem[]> {
    return reads.getMany(this.ctx, ids);
  }

  /**
   * What a list of the store shows, computed by the search index (in its worker in the page):
   * the ids that pass the filters, grouped by category in taxonomy order, newest update first.
   * The rows themselves are read with getMany, a screenful at a time.
   */
  async overview(opts: Pick<ListOptions, 'userId' | 'filters'> = {}): Promise<Overview> {
    return this.index.overview({ ...opts.filters, userId: optionalUserId(opts.userId), now: this.now() });
  }

  /** Rows per table (all users), read from the database. */
  counts(): Promise<{ memories: number; history: number; conversations: number }> {
    return reads.counts(this.ctx);
  }

  search(query: string, opts: SearchOptions = {}): Promise<SearchResult> {
    return reads.search({ ...this.ctx, embedder: this.embedderValue, routeQuery: this.routeQuery, priorWeight: this.priorWeight }, query, opts);
  }

  history(memoryId: string): Promise<HistoryRecord[]> {
    return reads.historyOf(this.ctx, memoryId);
  }

  getConversation(id: string): Promise<ConversationRecord | null> {
    return reads.conversationOf(this.ctx, id);
  }

  /** Evolving memories (interaction preferences) whose review date has passed. */
  dueForReview(opts: { userId?: string } = {}): Promise<MemoryItem[]> {
    return reads.dueForReview(this.ctx, opts);
  }

  // ------------------------------------------------------------------ change

  /** With `expectedUpdatedAt`, refused (CONFLICT) when the memory changed since that version. */
  async update(id: string, patch: string | MemoryPatch, opts: UpdateOptions = {}): Promise<MemoryItem> {
    return toItem(await updateMemory(this.ctx, id, patch, opts), this.now());
  }

  /** Pinned memories never expire. */
  pin(id: string, pinned = true): Promise<MemoryItem> {
    return this.update(id, { pinned });
  }

  delete(id: string): Promise<void> {
    return deleteMemory(this.ctx, id);
  }

  /**
   * Deletes every memory of a user, or of every user with `{ all: true }` (a call without either
   * is refused and deletes nothing); `filters` narrow it. The history log keeps a DELETE per memory.
   */
  async deleteAll(opts: DeleteAllOptions = {}): Promise<number> {
    const scope = bulkScope(opts, 'deleteAll');
    const spec: FilterSpec = { ...opts.filters, includeExpired: true, userId: scope?.userId, now: this.now() };
    return deleteWhere(this.ctx, (m) => matchesFilters(m, spec), 'delete-all');
  }

  /** Deletes expired memories of a user, or of everyone with `{ all: true }`; returns how many. */
  async purgeExpired(opts: { userId?: string; all?: boolean } = {}): Promise<number> {
    const scope = bulkScope(opts, 'purgeExpired');
    const now = this.now();
    return deleteWhere(this.ctx, (m) => (!scope || m.userId === scope.userId) && isExpired(m, now), 'expired');
  }

  /**
   * `{ all: true }` empties every table (memories, history, conversations); `{ userId }` removes
   * that user's memories, history and conversations. Without either it is refused.
   */
  async reset(opts: ResetOptions): Promise<void> {
    const scope = bulkScope(opts, 'reset');
    return resetAll(this.ctx, scope?.userId ?? null);
  }

  exportAll(): Promise<MemoryExport> {
    return exportStore(this.db, this.now());
  }

  /** The export as a file to download; in the page the search worker reads and writes it. */
  exportFile(): Promise<ExportFile> {
    return this.index.exportFile?.(this.now()) ?? exportStoreFile(this.db, this.now());
  }

  /**
   * Validates the whole file, writes it in one transaction (merged with what is stored: see
   * import-merge.ts), then re-indexes and re-embeds. The summary counts what was written. `input`
   * is the file (a Blob: in the page it is read, parsed and written in the search worker), its text,
   * or the parsed value. A cancel (opts.signal) before the commit changes nothing; during the
   * re-embedding it leaves the import written and the rest of the vectors for later
   * (`embedding.stopped`), as does an embedder error.
   */
  importAll(input: unknown, opts: ImportOptions = {}): Promise<ImportSummary> {
    return importAllInto({
      db: this.db, queue: this.queue, index: this.index, stamp: this.ctx.stamp,
      embedder: () => this.embedderValue,
      embedderSettled: async () => {
        if (!this.embedderValue && !this.switching && this.awaitEmbedder) await this.awaitEmbedder().catch(() => undefined);
        if (this.switching) await this.switching.catch(() => undefined);
      },
      setImporting: (on) => { this.importing = on; },
      rebuildIndex: () => this.rebuildIndex(),
      reembedStale: (o) => this.reembedStale(o),
    }, input, opts);
  }

  private async rebuildIndex(): Promise<void> {
    const embedder = this.embedderValue;
    await this.index.load(embedder ? { id: embedder.id, dimension: embedder.dimension } : null);
  }
}

