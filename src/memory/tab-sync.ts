/**
 * Keeps a store's search index in step with writes made by other tabs (and workers) on the same
 * database. The search worker runs this itself (index-worker-handler.ts); the store runs it for an
 * index in its own thread. Dexie fires `storagemutated` for every committed write, here and, through
 * BroadcastChannel, elsewhere; its parts name the changed primary keys of the memories table.
 * Those rows are re-read and re-indexed (unchanged stamps are skipped, so our own writes cost one
 * read); a range (a clear() elsewhere) rebuilds the index.
 */
import Dexie, { type ObservabilitySet } from 'dexie';
import type { MemoryDexie } from './db';
import type { IndexBackend } from './index-backend';
import type { WriteQueue } from './write-queue';

export interface TabSyncContext {
  db: MemoryDexie;
  queue: WriteQueue;
  index: IndexBackend;
  /** True while the store itself writes something it re-indexes anyway (an import). */
  muted?: () => boolean;
}

/** Changed memory ids of one storagemutated event, or 'all' when a range changed. */
export function changedMemoryKeys(parts: ObservabilitySet, dbName: string): string[] | 'all' | null {
  const tree = parts[`idb://${dbName}/memories/`];
  if (!tree) return null;
  const keys: string[] = [];
  let whole = false;
  const walk = (node: unknown): void => {
    const n = node as { from?: unknown; to?: unknown; l?: unknown; r?: unknown } | null | undefined;
    if (!n || n.from === undefined) return;
    if (n.from === n.to && typeof n.from === 'string') keys.push(n.from);
    else whole = true;
    walk(n.l);
    walk(n.r);
  };
  walk(tree);
  return whole ? 'all' : keys;
}

/** Starts following; returns the function that stops. */
export function followOtherTabs(ctx: TabSyncContext): () => void {
  let active = true;
  const onMutated = (parts: ObservabilitySet) => {
    const keys = active && !ctx.muted?.() ? changedMemoryKeys(parts, ctx.db.name) : null;
    if (!keys) return;
    ctx.queue.exclusive(async () => {
      if (!ctx.db.isOpen()) return;
      await ctx.index.apply({ refresh: keys });
    }).catch(() => {
      // A closed or deleted database in another tab: the next open rebuilds the index anyway.
    });
  };
  Dexie.on('storagemutated', onMutated);
  return () => {
    active = false;
    Dexie.on('storagemutated').unsubscribe(onMutated);
  };
}
