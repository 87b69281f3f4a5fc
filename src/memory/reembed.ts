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
const EMBED_BATCH = 128;

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

/** Embeds every stale memory; returns how many were embedded. */
export async function reembedStale(ctx: ReembedContext, opts: { onProgress?: (p: WorkProgress) => void; signal?: AbortSignal } = {}): Promise<number> {
  const embedder = ctx.embedder();
  if (!embedder) return 0;
  const ids = await staleEmbeddingIds(ctx);
  let done = 0;
  for (let i = 0; i < ids.length; i += EMBED_BATCH) {
    opts.signal?.throwIfAborted();
    const batch = (await ctx.db.memories.bulkGet(ids.slice(i, i + EMBED_BATCH))).filter((m): m is MemoryRecord => !!m);
    const vectors = await embedder.embed(batch.map((m) => m.text));
    await ctx.queue.write(['memories'], async () => {
      const written: MemoryRecord[] = [];
      for (let j = 0; j < batch.length; j++) {
        // Re-read: the text may have changed while we were embedding; then its vector is not ours to write.
        const cur = await ctx.db.memories.get(batch[j].id);
        if (!cur || cur.hash !== batch[j].hash) continue;
        const next = { ...cur, embedding: vectors[j], embeddingModel: embedder.id, embeddingDim: embedder.dimension };
        await ctx.db.memories.put(next);
        written.push(next);
      }
      return () => ctx.index.apply({ upsert: written });
    });
    done += batch.length;
    opts.onProgress?.({ done, total: ids.length, phase: 'Embedding memories' });
  }
  return done;
}
