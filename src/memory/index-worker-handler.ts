/**
 * The search worker's logic, apart from the Worker global so it runs (and is tested) in Node too.
 * It opens its own connection to the store's database, loads every memory once into a MemoryIndex
 * (vectors as int8, re-ranked from the rows), applies the store's changes, answers searches,
 * dedup queries and the Memories page's list, imports export files, and follows writes made
 * elsewhere (other tabs) through Dexie's storagemutated event. Requests run one at a time, in order,
 * so a search never sees a half-applied change; an export, a read of the database in its own
 * transaction, runs beside them: it does not queue behind an import that is still reading or
 * embedding its file (IndexedDB itself orders it after a write transaction already running).
 */
import Dexie, { type ObservabilitySet } from 'dexie';
import { RouterError, serializeError, toRouterError } from '../core/errors';
import type { WorkProgress } from '../core/contracts';
import { decodeFileBytes } from '../core/input';
import { createMemoryDb, type MemoryDexie } from './db';
import { watchConnection, type ConnectionWatch, type StoreLoss } from './db-watch';
import { IMPORT_LIMITS, importCancelled } from './export-import';
import { exactVectorsFrom, loadIndex, refreshIds, switchSpace } from './index-load';
import { MemoryIndex } from './memory-index';
import type { IndexChange } from './index-backend';
import type { IndexWorkerRequest, PostIndexResponse } from './index-protocol';
import { changedMemoryKeys } from './tab-sync';
import { quickCanAnswer, quickOverview, readQuickList, type QuickList } from './quick-overview';
import { exportStoreFile, importStore } from './transfer';
import { WriteQueue } from './write-queue';
import { embedMissing } from './import-embed';
import { PortEmbedder } from './port-embedder';
import type { ImportSummary } from './store-types';

/** At most one progress message of an import's per-row steps this often (each one redraws the page's bar). */
const PROGRESS_MS = 100;

export interface IndexWorkerOptions {
  /** Dexie options for the worker's connection (Node tests pass fake-indexeddb). */
  openDb?: (name: string) => MemoryDexie;
}

export function createIndexWorkerHandler(post: PostIndexResponse, opts: IndexWorkerOptions = {}): (request: IndexWorkerRequest) => Promise<void> {
  const openDb = opts.openDb ?? ((name: string) => createMemoryDb(name));
  let db: MemoryDexie | null = null;
  let queue: WriteQueue | null = null;
  const index = new MemoryIndex({ exactVectors: exactVectorsFrom(() => openDatabase()) });
  let chain: Promise<unknown> = Promise.resolve();
  let ownWrites = false;
  let stopFollowing: (() => void) | null = null;
  /**
   * The worker's own connection is watched like the page's (db-watch.ts): deleted or upgraded in
   * another tab, or closed by the browser, it is closed for good, so no later request of this
   * worker reopens it (Dexie would, and recreate an empty database behind the page).
   */
  let watch: ConnectionWatch | null = null;
  let lost: StoreLoss | null = null;
  /** While the index first loads: the list read from the database's indexes, for the page. */
  let quick: QuickList | null = null;
  /** Requests asked to stop (an import still embedding checks between batches). */
  const cancelled = new Set<number>();
  /** Imports in flight, to abort their write when the page cancels. */
  const aborts = new Map<number, AbortController>();
  // History is read in time order: two entries of one memory in the same millisecond must not tie.
  let lastStamp = 0;
  const stamp = () => (lastStamp = Math.max(Date.now(), lastStamp + 1));

  const enqueue = <T>(job: () => Promise<T>): Promise<T> => {
    const run = chain.then(job, job);
    chain = run.catch(() => undefined);
    return run;
  };
  const meta = () => ({ stats: quick ? { ...index.stats, size: quick.total } : index.stats, space: index.space });

  async function apply(change: IndexChange): Promise<boolean> {
    let listChanged = false;
    if (change.clear) { listChanged = index.size > 0; index.clear(); }
    for (const m of change.upsert ?? []) listChanged = index.upsert(m) || listChanged;
    for (const id of change.remove ?? []) listChanged = index.remove(id) || listChanged;
    if (change.refresh === 'all') {
      await loadIndex(index, openDatabase(), index.space);
      listChanged = true;
    } else if (change.refresh?.length) {
      listChanged = (await refreshIds(index, openDatabase(), change.refresh)) || listChanged;
    }
    return listChanged;
  }

  /**
   * Writes committed elsewhere (another tab; this tab's writes too, which re-read as unchanged).
   * Keys of events that arrive while a refresh is waiting its turn join it: one read for a burst.
   */
  function follow(database: MemoryDexie): () => void {
    let waiting: Set<string> | 'all' | null = null;
    const onMutated = (parts: ObservabilitySet) => {
      if (ownWrites) return; // the import reloads the index itself
      const keys = changedMemoryKeys(parts, database.name);
      if (!keys) return;
      if (waiting) {
        if (keys === 'all') waiting = 'all';
        else if (waiting !== 'all') for (const k of keys) waiting.add(k);
        return;
      }
      waiting = keys === 'all' ? 'all' : new Set(keys);
      void enqueue(async () => {
        const refresh = waiting === 'all' ? 'all' : [...(waiting ?? [])];
        waiting = null;
        if (!database.isOpen()) return;
        const listChanged = await apply({ refresh });
        post({ type: 'changed', id: 0, listChanged, ...meta() });
      }).catch(() => {
        // A closed or deleted database: the store reopens and reloads the index.
      });
    };
    Dexie.on('storagemutated', onMutated);
    return () => Dexie.on('storagemutated').unsubscribe(onMutated);
  }

  /** Reads, parses, (embeds,) validates and writes an export file, then reloads the index. */
  async function runImport(request: Extract<IndexWorkerRequest, { type: 'import' }>): Promise<ImportSummary> {
    const { id, input, opts: importOpts } = request;
    const { embed, ...storeOpts } = importOpts;
    const source = importOpts.source ?? 'this file';
    const stop = () => { if (cancelled.has(id)) throw importCancelled(); };
    // Progress tells the page whether the file is written yet (what a cancel would do), and the
    // per-row steps of the check and the write reach it at most every PROGRESS_MS.
    let lastPost = 0;
    const progress = (p: WorkProgress, written: boolean, every = false) => {
      const now = Date.now();
      if (!every && p.done < p.total && now - lastPost < PROGRESS_MS) return;
      lastPost = now;
      post({ type: 'progress', id, progress: { ...p, written } });
    };
    stop();
    progress({ done: 0, total: 3, phase: 'Reading the file' }, false, true);
    let data: unknown = typeof Blob !== 'undefined' && input instanceof Blob
      ? parseFile(decodeFileBytes(new Uint8Array(await input.arrayBuffer()), source, IMPORT_LIMITS.fileChars), source)
      : input;
    if (embed) {
      const embedder = new PortEmbedder(embed.port);
      try {
        if (typeof data === 'string') data = parseFile(data, source);
        await embedMissing(data, embed.space, embedder, {
          onProgress: (p) => progress(p, false, true), // one per batch of 512
          cancelled: () => cancelled.has(id),
        }).catch((e: unknown) => {
          // An embedder that fails does not cost the import: what it could not embed is written
          // without a vector, and the store's re-embedding after the write tries again (and says so).
          if (cancelled.has(id)) throw importCancelled();
          if (toRouterError(e).code === 'CANCELLED') throw e;
        });
      } finally {
        embedder.close();
      }
    }
    stop();
    progress({ done: 1, total: 3, phase: 'Checking and saving' }, false, true);
    ownWrites = true;
    let summary: ImportSummary;
    const abort = new AbortController();
    aborts.set(id, abort);
    try {
      summary = await importStore(openDatabase(), need(queue), stamp, data, {
        ...storeOpts, signal: abort.signal, onProgress: (p) => progress(p, false),
      });
    } finally {
      ownWrites = false;
      aborts.delete(id);
    }
    progress({ done: 2, total: 3, phase: 'Indexing' }, true, true);
    await loadIndex(index, openDatabase(), index.space);
    return summary;
  }

  /** Closes the connection on purpose (not reported as a loss). */
  function closeDb(): void {
    stopFollowing?.();
    stopFollowing = null;
    watch?.closingOnPurpose();
    watch = null;
    db?.close();
    db = null;
  }

  /** The open database; refused once it was lost elsewhere (with what happened). */
  function openDatabase(): MemoryDexie {
    if (lost) throw new RouterError('STORAGE_UNAVAILABLE', lost.message);
    return need(db);
  }

  async function handle(request: IndexWorkerRequest): Promise<void> {
    const id = request.id;
    switch (request.type) {
      case 'open': {
        closeDb();
        lost = null;
        db = openDb(request.dbName);
        await db.open();
        watch = watchConnection(db, (loss) => {
          lost = loss;
          stopFollowing?.();
          stopFollowing = null;
        });
        queue = new WriteQueue(db);
        stopFollowing = follow(db);
        // The store is usable (and the page can list) once the quick list is read; every other
        // request waits in the queue behind the full load that follows in this same job.
        quick = await readQuickList(db);
        index.setSpace(request.space, { provisional: true });
        post({ type: 'done', id, listChanged: true, ...meta() });
        const listed = quick;
        try {
          await loadIndex(index, db, request.space);
        } finally {
          quick = null;
        }
        // The page listed from the quick list; it re-reads only if the loaded index lists otherwise.
        post({ type: 'changed', id: 0, listChanged: !sameAsQuick(listed, index), ...meta() });
        return;
      }
      case 'load':
        await loadIndex(index, openDatabase(), request.space);
        post({ type: 'done', id, listChanged: true, ...meta() });
        return;
      case 'space':
        // The list does not depend on vectors: switching the embedder leaves it as it is.
        await switchSpace(index, openDatabase(), request.space);
        post({ type: 'done', id, listChanged: false, ...meta() });
        return;
      case 'apply': {
        const listChanged = await apply(request.change);
        post({ type: 'done', id, listChanged, ...meta() });
        return;
      }
      case 'search':
        post({ type: 'done', id, result: await index.search(request.req), ...meta() });
        return;
      case 'nearest':
        post({ type: 'done', id, result: await index.nearest(request.queries), ...meta() });
        return;
      case 'stale':
        post({ type: 'done', id, result: index.staleIds(), ...meta() });
        return;
      case 'overview':
        post({ type: 'done', id, result: index.overview(request.spec), ...meta() });
        return;
      case 'import':
        try {
          const summary = await runImport(request);
          post({ type: 'done', id, listChanged: true, result: summary, ...meta() });
        } finally {
          cancelled.delete(id);
        }
        return;
      case 'close':
        closeDb();
        post({ type: 'done', id, ...meta() });
        return;
      default:
        throw new RouterError('WRONG_SCHEMA', `Unknown search worker message type: ${String((request as { type?: unknown })?.type)}.`);
    }
  }

  return (request) => {
    if (request?.type === 'cancel') {
      cancelled.add(request.target);
      aborts.get(request.target)?.abort();
      return Promise.resolve();
    }
    if (request?.type === 'export') {
      // async: a database lost elsewhere (openDatabase throws) is answered as an error too.
      return (async () => exportStoreFile(openDatabase(), request.now))().then(
        (result) => post({ type: 'done', id: request.id, result, ...meta() }),
        (err: unknown) => post({ type: 'error', id: request.id, error: serializeError(err) }),
      );
    }
    if (request?.type === 'overview' && quick && quickCanAnswer(request.spec)) {
      post({ type: 'done', id: request.id, result: quickOverview(quick, request.spec), ...meta() });
      return Promise.resolve();
    }
    return enqueue(() => handle(request)).catch((err: unknown) => {
      post({ type: 'error', id: typeof request?.id === 'number' ? request.id : -1, error: serializeError(err) });
    });
  };
}

function sameAsQuick(list: QuickList, index: MemoryIndex): boolean {
  const full = index.overview({ now: Date.now(), includeExpired: true });
  if (full.total !== list.total) return false;
  const quickList = quickOverview(list, { now: 0, includeExpired: true });
  return full.groups.length === quickList.groups.length && full.groups.every((g, i) => {
    const ids = quickList.groups[i].ids;
    return g.category === quickList.groups[i].category && g.ids.length === ids.length && g.ids.every((id, j) => id === ids[j]);
  });
}

/** The file's JSON, parsed here (not on the page's thread); the wording is the Memories page's. */
function parseFile(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new RouterError('MALFORMED_JSON', `${source} is not valid JSON (${(e as Error).message.slice(0, 100)}): choose a file made by Export.`);
  }
}

function need<T>(value: T | null): T {
  if (value === null) throw new RouterError('STORAGE_UNAVAILABLE', 'The search worker has no database open: reload the page.');
  return value;
}
