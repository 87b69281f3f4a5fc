/**
 * Vectors belong to one embedder (model id + dimension). After a switch, or an import without
 * vectors, the memories without a vector of the current embedder are embedded again in batches,
 * each batch written in its own short transaction so the store stays usable meanwhile. The
 * embedder runs in a worker (embed-lite and the neural model alike), so this loop only moves rows.
 */
import type { Embedder, WorkProgress } from '../core/contracts';
import type { MemoryDexie, MemoryRecord } from './db';
import type { IndexBackend } from './index-backend';
import type { WriteQueue } from './write-queue';

/**
 * Texts per embedding call and per write transaction: large enough that a call's fixed cost (a
 * message to the embedder's worker, a transaction) stays small, small enough that each write keeps
 * the main thread busy for well under 100 ms.
 */
const EMBED_BATCH = 256;
/** Rows per bulkPut below which Dexie's storagemutated event names the keys (dexie observability middleware: values.length < 50). */
const DEXIE_KEYED_WRITE = 49;

export interface ReembedContext {
  db: MemoryDexie;
  queue: WriteQueue;
  index: IndexBackend;
  embedder(): Embedder | null;
}

/** Ids of memories without a vector of the index's current embedding space (the index keeps the list). */
export async function staleEmbeddingIds(ctx: ReembedContext): Promise<string[]> {
  return ctx.index.staleIds();
}

/**
 * Embeds every stale memory; returns how many were embedded. The next batch is read and embedded
 * (in the embedder's worker) while this one is written, and each write reads its rows again inside
 * its transaction: a memory whose text changed meanwhile keeps its new text and gets no stale vector.
 */
export async function reembedStale(ctx: ReembedContext, opts: { onProgress?: (p: WorkProgress) => void; signal?: AbortSignal } = {}): Promise<number> {
  const embedder = ctx.embedder();
  if (!embedder) return 0;
  const ids = await staleEmbeddingIds(ctx);
  const prepare = async (from: number) => {
    const rows = (await ctx.db.memories.bulkGet(ids.slice(from, from + EMBED_BATCH))).filter((m): m is MemoryRecord => !!m);
    return { rows, vectors: await embedder.embed(rows.map((m) => m.text)) };
  };
  let done = 0;
  if (ids.length) opts.onProgress?.({ done: 0, total: ids.length, phase: 'Embedding memories' });
  // A cancel stops between batches: what was written stays written (and searchable).
  let next: ReturnType<typeof prepare> | null = ids.length ? prepare(0) : null;
  for (let i = 0; next; i += EMBED_BATCH) {
    const current = next;
    next = i + EMBED_BATCH < ids.length ? prepare(i + EMBED_BATCH) : null;
    next?.catch(() => undefined); // awaited on the next turn, or dropped after a cancel
    opts.signal?.throwIfAborted();
    const { rows, vectors } = await current;
    opts.signal?.throwIfAborted();
    await ctx.queue.write(['memories'], async () => {
      const now = await ctx.db.memories.bulkGet(rows.map((m) => m.id));
      const written: MemoryRecord[] = [];
      now.forEach((cur, j) => {
        if (cur && cur.hash === rows[j].hash) written.push({ ...cur, embedding: vectors[j], embeddingModel: embedder.id, embeddingDim: embedder.dimension });
      });
      // Dexie reports the keys of a write of fewer than 50 rows and "the whole table" for more,
      // which would make every other tab (and the search worker) re-read every memory.
      for (let k = 0; k < written.length; k += DEXIE_KEYED_WRITE) await ctx.db.memories.bulkPut(written.slice(k, k + DEXIE_KEYED_WRITE));
      return () => ctx.index.apply({ upsert: written });
    });
    done += rows.length;
    opts.onProgress?.({ done, total: ids.length, phase: 'Embedding memories' });
  }
  return done;
}
