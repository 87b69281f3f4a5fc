/**
 * Vectors belong to one embedder (model id + dimension). After a switch, or an import without
 * vectors, the memories without a vector of the current embedder are embedded again in batches of
 * 64, written in short transactions so the store stays usable meanwhile. Vectors are written at
 * most about once a second (or per 1,024): every write wakes each live view of the memories table,
 * and a view redrawn per batch of 64 kept a 50,000-memory page busy for minutes.
 */
import type { Embedder, WorkProgress } from '../core/contracts';
import type { MemoryDexie, MemoryRecord } from './db';
import { hasVectorOf, type MemoryIndex } from './memory-index';
import type { WriteQueue } from './write-queue';

const EMBED_BATCH = 64;
const WRITE_EVERY = 1_024;
const WRITE_AFTER_MS = 1_000;
/** Rows per write call: Dexie's observability names the keys of a call below 50 rows (see flush). */
const KEYED_WRITE = 49;

export interface ReembedContext {
  db: MemoryDexie;
  queue: WriteQueue;
  index: MemoryIndex;
  embedder(): Embedder | null;
}

/** Ids of memories without a vector of the index's current embedding space. */
export async function staleEmbeddingIds(ctx: ReembedContext): Promise<string[]> {
  const space = ctx.index.space;
  if (!space) return [];
  const ids: string[] = [];
  await ctx.db.memories.each((m) => { if (!hasVectorOf(m, space)) ids.push(m.id); });
  return ids;
}

/** Embeds every stale memory; returns how many were embedded (written). A cancel keeps what was written. */
export async function reembedStale(ctx: ReembedContext, opts: { onProgress?: (p: WorkProgress) => void; signal?: AbortSignal } = {}): Promise<number> {
  const embedder = ctx.embedder();
  if (!embedder) return 0;
  const ids = await staleEmbeddingIds(ctx);
  let done = 0;
  let pending: Array<{ row: MemoryRecord; vector: Float32Array }> = [];
  let lastWrite = Date.now();
  const flush = async () => {
    const batch = pending;
    pending = [];
    lastWrite = Date.now();
    await ctx.queue.write(['memories'], async () => {
      // Re-read: a text changed while we were embedding has a vector that is not ours to write.
      const current = await ctx.db.memories.bulkGet(batch.map((b) => b.row.id));
      const written: MemoryRecord[] = [];
      batch.forEach(({ row, vector }, j) => {
        const cur = current[j];
        if (cur && cur.hash === row.hash) written.push({ ...cur, embedding: vector, embeddingModel: embedder.id, embeddingDim: embedder.dimension });
      });
      // Under 50 rows a call, Dexie reports each changed key; 50 or more mark the whole table
      // changed, and every open store (this one included, tab-sync.ts) rebuilds its whole index:
      // measured in Chromium at 5,000 memories, a 25-second rebuild after every write.
      for (let k = 0; k < written.length; k += KEYED_WRITE) await ctx.db.memories.bulkPut(written.slice(k, k + KEYED_WRITE));
      return () => written.forEach((m) => ctx.index.upsert(m));
    });
    done += batch.length;
  };
  if (ids.length) opts.onProgress?.({ done: 0, total: ids.length, phase: 'Embedding memories' });
  for (let i = 0; i < ids.length; i += EMBED_BATCH) {
    if (opts.signal?.aborted) {
      // Vectors already computed are kept: a cancel stops the work, it does not throw it away.
      if (pending.length) await flush();
      opts.signal.throwIfAborted();
    }
    const batch = (await ctx.db.memories.bulkGet(ids.slice(i, i + EMBED_BATCH))).filter((m): m is MemoryRecord => !!m);
    const vectors = await embedder.embed(batch.map((m) => m.text));
    batch.forEach((row, j) => pending.push({ row, vector: vectors[j] }));
    if (pending.length >= WRITE_EVERY || Date.now() - lastWrite >= WRITE_AFTER_MS) await flush();
    opts.onProgress?.({ done: done + pending.length, total: ids.length, phase: 'Embedding memories' });
  }
  if (pending.length) await flush();
  return done;
}
