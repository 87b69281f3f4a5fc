/**
 * Changes to memories that already exist: edit, pin, delete, bulk delete, reset. Each is one
 * queued transaction that writes the memory and its history entry together. An edit may name the
 * version it started from (`expectedUpdatedAt`): when another tab changed or deleted the memory
 * since, the edit is refused (CONFLICT / NOT_FOUND) so the caller can ask what to do with its text.
 */
import { RouterError } from '../core/errors';
import type { Embedder } from '../core/contracts';
import { categoryInfo } from '../core/taxonomy';
import type { MemoryDexie, MemoryRecord } from './db';
import { contentHash } from './hash';
import { checkCategory, checkFactText } from './ingest';
import type { IndexBackend } from './index-backend';
import { historyEntry, renewed, toItem } from './records';
import type { MemoryPatch, UpdateOptions } from './store-types';
import type { WriteQueue } from './write-queue';

export interface EditContext {
  db: MemoryDexie;
  queue: WriteQueue;
  index: IndexBackend;
  embedder(): Embedder | null;
  now(): number;
  /** Strictly increasing time for history entries. */
  stamp(): number;
}

/** Changes a memory's text (a string) or its text, category, pin and metadata (a patch). */
export async function updateMemory(ctx: EditContext, id: string, patch: string | MemoryPatch, opts: UpdateOptions = {}): Promise<MemoryRecord> {
  const change: MemoryPatch = typeof patch === 'string' ? { text: patch } : patch;
  const text = change.text !== undefined ? checkFactText(change.text, 'new text') : undefined;
  const category = change.category !== undefined ? checkCategory(change.category, 'The category') : undefined;
  const hash = text !== undefined ? await contentHash(text) : undefined;
  const embedder = ctx.embedder();
  const vector = text !== undefined && embedder ? (await embedder.embed([text]))[0] : undefined;
  let result!: MemoryRecord;
  await ctx.queue.write(['memories', 'history'], async () => {
    const old = await ctx.db.memories.get(id);
    if (!old) throw new RouterError('NOT_FOUND', `No memory with id ${id}: it may have been deleted (in another tab?). Reload the list.`);
    if (opts.expectedUpdatedAt !== undefined && old.updatedAt !== opts.expectedUpdatedAt) {
      throw new RouterError(
        'CONFLICT',
        'This memory was changed elsewhere (another tab?) after you started editing it; nothing was saved. Keep your text as a new memory, overwrite the newer version, or discard your text.',
        { current: toItem(old, ctx.now()) },
      );
    }
    const now = ctx.now();
    const cat = category ?? old.category;
    let metadata = change.metadata !== undefined ? { ...change.metadata } : old.metadata;
    if (change.mergeMetadata !== undefined) metadata = { ...metadata, ...change.mergeMetadata };
    const next: MemoryRecord = renewed(old, now, cat, metadata);
    if (text !== undefined) {
      Object.assign(next, { text, hash });
      if (vector && embedder) Object.assign(next, { embedding: vector, embeddingModel: embedder.id, embeddingDim: embedder.dimension });
      else Object.assign(next, { embedding: null, embeddingModel: null, embeddingDim: null });
    }
    if (category !== undefined) {
      const info = categoryInfo(category);
      Object.assign(next, { category, scope: info.scope, persistence: info.horizon });
    }
    if (change.pinned !== undefined) next.pinned = change.pinned;
    await ctx.db.memories.put(next);
    if (next.text !== old.text || next.category !== old.category) {
      await ctx.db.history.add(historyEntry(next, 'UPDATE', old, next, 'edit', ctx.stamp()));
    }
    result = next;
    return () => ctx.index.apply({ upsert: [next] });
  });
  return result;
}

export async function deleteMemory(ctx: EditContext, id: string): Promise<void> {
  await ctx.queue.write(['memories', 'history'], async () => {
    const old = await ctx.db.memories.get(id);
    if (!old) throw new RouterError('NOT_FOUND', `No memory with id ${id}: it may already be deleted. Reload the list.`);
    await ctx.db.memories.delete(id);
    await ctx.db.history.add(historyEntry(old, 'DELETE', old, null, 'delete', ctx.stamp()));
    return () => ctx.index.apply({ remove: [id] });
  });
}

/** Deletes every memory that matches; the history log keeps a DELETE per memory. */
export async function deleteWhere(ctx: EditContext, match: (m: MemoryRecord) => boolean, reason: string): Promise<number> {
  let count = 0;
  await ctx.queue.write(['memories', 'history'], async () => {
    const now = ctx.stamp();
    const doomed = (await ctx.db.memories.toArray()).filter(match);
    await ctx.db.memories.bulkDelete(doomed.map((m) => m.id));
    await ctx.db.history.bulkAdd(doomed.map((m) => historyEntry(m, 'DELETE', m, null, reason, now)));
    count = doomed.length;
    return () => ctx.index.apply({ remove: doomed.map((m) => m.id) });
  });
  return count;
}

/** Empties every table (userId null), or removes one user's memories, history and conversations. */
export async function resetAll(ctx: EditContext, userId: string | null): Promise<void> {
  await ctx.queue.write(['memories', 'history', 'conversations'], async () => {
    if (userId === null) {
      await Promise.all([ctx.db.memories.clear(), ctx.db.history.clear(), ctx.db.conversations.clear()]);
      return () => ctx.index.apply({ clear: true });
    }
    const ids = (await ctx.db.memories.where('userId').equals(userId).primaryKeys()) as string[];
    await ctx.db.memories.bulkDelete(ids);
    await ctx.db.history.where('userId').equals(userId).delete();
    await ctx.db.conversations.where('userId').equals(userId).delete();
    return () => ctx.index.apply({ remove: ids });
  });
}
