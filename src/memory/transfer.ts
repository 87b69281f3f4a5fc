/**
 * Export and import of a whole store. Import validates the whole file first (a bad one is refused
 * with the first problem and changes nothing), then writes it in one transaction.
 */
import { RouterError } from '../core/errors';
import type { MemoryDexie } from './db';
import { buildExport, rehashImported, validateExport, type MemoryExport } from './export-import';
import type { ImportOptions, ImportSummary } from './store-types';
import type { WriteQueue } from './write-queue';

export async function exportStore(db: MemoryDexie, now: number): Promise<MemoryExport> {
  const data = await db.transaction('r', db.memories, db.history, db.conversations, async () => ({
    memories: await db.memories.orderBy('id').toArray(),
    history: await db.history.orderBy('id').toArray(),
    conversations: await db.conversations.orderBy('id').toArray(),
  }));
  return buildExport(data, new Date(now));
}

/**
 * merge (default): rows are added; a memory present on both sides keeps the more recently updated
 * version. replace: the store becomes the file, which deletes every user's memories first, so it
 * must be asked for with `all: true`. The caller rebuilds its index and re-embeds afterwards.
 */
export async function importStore(db: MemoryDexie, queue: WriteQueue, input: unknown, opts: ImportOptions = {}): Promise<ImportSummary> {
  const mode = opts.mode ?? 'merge';
  if (mode === 'replace' && opts.all !== true) {
    throw new RouterError('WRONG_SCHEMA', 'Importing in replace mode deletes every user\'s memories first: pass { mode: \'replace\', all: true } to do that, or use merge. Nothing was changed.');
  }
  const data = validateExport(input, opts.source);
  const rehashed = await rehashImported(data);
  await queue.write(['memories', 'history', 'conversations'], async () => {
    if (mode === 'replace') {
      await Promise.all([db.memories.clear(), db.history.clear(), db.conversations.clear()]);
      await db.memories.bulkAdd(data.memories);
    } else {
      const existing = await db.memories.bulkGet(data.memories.map((m) => m.id));
      await db.memories.bulkPut(data.memories.filter((m, i) => !existing[i] || existing[i]!.updatedAt < m.updatedAt));
    }
    await db.history.bulkPut(data.history);
    await db.conversations.bulkPut(data.conversations);
    return undefined;
  });
  return { memories: data.memories.length, history: data.history.length, conversations: data.conversations.length, rehashed };
}
