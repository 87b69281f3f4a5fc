/**
 * Export and import of a whole store. Import validates the whole file first (a bad one is refused
 * with the first problem and changes nothing), then writes it in one transaction, merging with
 * what is stored by the rules of import-merge.ts (memories by id and by content hash, history and
 * conversations append-only). A cancel before the commit changes nothing.
 */
import { RouterError } from '../core/errors';
import type { WorkProgress } from '../core/contracts';
import type { MemoryDexie } from './db';
import { buildExport, exportParts, importCancelled, rehashImported, validateExport, type ImportData, type MemoryExport } from './export-import';
import { mergeImport } from './import-merge';
import type { ExportFile, ImportOptions, ImportSummary } from './store-types';
import type { WriteQueue } from './write-queue';

/** Every row, read in one transaction (the store as it is at one moment). */
function readAll(db: MemoryDexie): Promise<ImportData> {
  return db.transaction('r', db.memories, db.history, db.conversations, async () => ({
    memories: await db.memories.orderBy('id').toArray(),
    history: await db.history.orderBy('id').toArray(),
    conversations: await db.conversations.orderBy('id').toArray(),
  }));
}

export async function exportStore(db: MemoryDexie, now: number): Promise<MemoryExport> {
  return buildExport(await readAll(db), new Date(now));
}

/** The export as a file to download (in the page, made in the search worker). */
export async function exportStoreFile(db: MemoryDexie, now: number): Promise<ExportFile> {
  const data = await readAll(db);
  const at = new Date(now);
  return {
    blob: new Blob(exportParts(data, at), { type: 'application/json' }),
    name: `memories-${at.toISOString().slice(0, 10)}.json`,
    counts: { memories: data.memories.length, history: data.history.length, conversations: data.conversations.length },
  };
}

/**
 * merge (default): the file's rows are merged into the store. replace: the store becomes the file,
 * which deletes every user's memories first, so it must be asked for with `all: true`. The caller
 * rebuilds its index and re-embeds afterwards.
 */
export async function importStore(
  db: MemoryDexie, queue: WriteQueue, stamp: () => number, input: unknown,
  opts: Omit<ImportOptions, 'onProgress'> & { onProgress?: (p: WorkProgress) => void } = {},
): Promise<ImportSummary> {
  const mode = opts.mode ?? 'merge';
  if (mode === 'replace' && opts.all !== true) {
    throw new RouterError('WRONG_SCHEMA', 'Importing in replace mode deletes every user\'s memories first: pass { mode: \'replace\', all: true } to do that, or use merge. Nothing was changed.');
  }
  const cancelled = importCancelled;
  if (opts.signal?.aborted) throw cancelled();
  const data = validateExport(input, opts.source);
  let rehashed: Set<string>;
  try {
    rehashed = await rehashImported(data, { signal: opts.signal, onProgress: opts.onProgress });
  } catch (e) {
    if (opts.signal?.aborted) throw cancelled();
    throw e;
  }
  let summary!: ImportSummary;
  await queue.write(['memories', 'history', 'conversations'], async () => {
    if (mode === 'replace') await Promise.all([db.memories.clear(), db.history.clear(), db.conversations.clear()]);
    summary = await mergeImport({ db, stamp, signal: opts.signal, onProgress: opts.onProgress }, data, mode, rehashed);
    return undefined;
  });
  return summary;
}
