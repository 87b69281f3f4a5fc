/**
 * Every write of a store goes through one queue (so dedup decisions never race each other in this
 * tab) and one Dexie 'rw' transaction; a full disk becomes RouterError STORAGE_FULL. A write's body
 * returns what to change in the search index, applied (and awaited: the index may be in a worker)
 * only after the transaction commits and before the next queued job starts.
 */
import type { Table } from 'dexie';
import { RouterError, toRouterError } from '../core/errors';
import type { MemoryDexie } from './db';

export const STORAGE_FULL_MESSAGE =
  'Storage is full: export your memories, delete old ones, or free disk space; nothing was saved.';

/** After the database was deleted or upgraded elsewhere, the store stays closed (db-watch.ts). */
export const CLOSED_MESSAGE =
  'The memory database is closed (deleted or upgraded in another tab, or site data cleared); nothing was saved. Open the store again.';

export type TableName = 'memories' | 'history' | 'conversations';

/** What a committed write changes in the search index. */
export type IndexUpdate = () => void | Promise<void>;

function isQuotaError(err: unknown): boolean {
  for (let e = err as { name?: string; inner?: unknown; message?: string } | undefined, depth = 0; e && depth < 4; depth++) {
    if (e.name === 'QuotaExceededError' || /quota/i.test(e.message ?? '')) return true;
    e = e.inner as typeof e;
  }
  return false;
}

export class WriteQueue {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: MemoryDexie) {}

  /** Runs `fn` after every earlier queued job of this store has finished. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** One queued rw transaction over `tables`; `body` returns the index change to apply on commit. */
  write(tables: readonly TableName[], body: () => Promise<IndexUpdate | undefined>): Promise<void> {
    return this.exclusive(() => this.transact(tables, body));
  }

  /**
   * The transaction of write() without queueing, for a job already inside exclusive() that must
   * ask the index something first (ingest's dedup candidates: the index may live in a worker, and
   * an IndexedDB transaction cannot wait for a message).
   */
  async transact(tables: readonly TableName[], body: () => Promise<IndexUpdate | undefined>): Promise<void> {
    let apply: IndexUpdate | undefined;
    try {
      apply = await this.db.transaction('rw', tables.map((t) => this.db[t] as Table), body);
    } catch (e) {
      if (isQuotaError(e)) throw new RouterError('STORAGE_FULL', STORAGE_FULL_MESSAGE);
      if ((e as { name?: string } | null)?.name === 'DatabaseClosedError') throw new RouterError('STORAGE_UNAVAILABLE', CLOSED_MESSAGE);
      throw toRouterError(e);
    }
    await apply?.();
  }
}
