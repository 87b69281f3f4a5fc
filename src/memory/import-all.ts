/**
 * A store's whole import: the write (in the search worker in the page, in-process in Node), then
 * the re-embedding of memories that came without vectors. A cancel before the write commits
 * changes nothing; during the re-embedding it leaves the import written and the rest of the vectors
 * for later (`embedding.stopped`), as does an embedder error.
 */
import { toRouterError } from '../core/errors';
import type { Embedder, WorkProgress } from '../core/contracts';
import type { MemoryDexie } from './db';
import type { IndexBackend } from './index-backend';
import type { ImportOptions, ImportSummary } from './store-types';
import { importStore } from './transfer';
import { importCancelled } from './export-import';
import type { WriteQueue } from './write-queue';

/** What the import needs from the store it runs in. */
export interface ImportHost {
  db: MemoryDexie;
  queue: WriteQueue;
  index: IndexBackend;
  stamp(): number;
  embedder(): Embedder | null;
  /** Waits for an embedder switch or first embedder on its way (so imported memories get vectors now). */
  embedderSettled(): Promise<void>;
  /** Marks an in-process import running (other tabs' echoes of it are ignored meanwhile). */
  setImporting(on: boolean): void;
  rebuildIndex(): Promise<void>;
  reembedStale(opts: { onProgress?: (p: WorkProgress) => void; signal?: AbortSignal }): Promise<number>;
}

export async function importAllInto(host: ImportHost, input: unknown, opts: ImportOptions = {}): Promise<ImportSummary> {
  const { onProgress, signal, ...rest } = opts;
  /** Progress before the write commits (a cancel then changes nothing), and after. */
  const before = (p: WorkProgress) => onProgress?.({ ...p, written: false });
  const after = (p: WorkProgress) => onProgress?.({ ...p, written: true });
  // A cancel answers at once, also while the embedder is still on its way.
  const cancelled = new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await Promise.race([host.embedderSettled(), cancelled]);
  if (signal?.aborted) throw importCancelled();
  let summary: ImportSummary;
  if (host.index.importFile) {
    const importFile = host.index.importFile.bind(host.index);
    summary = await host.queue.exclusive(async () => {
      if (signal?.aborted) throw importCancelled();
      // An embedder in its own worker embeds the file's memories for the search worker before
      // they are written (each row written once, with its vector).
      const embedder = host.embedder();
      const port = embedder?.connect ? await embedder.connect().catch(() => null) : null;
      const embed = port && embedder ? { port, space: { id: embedder.id, dimension: embedder.dimension } } : undefined;
      // The worker's progress says itself when the file is written.
      return importFile(input as Blob | string | object, { ...rest, onProgress, signal, embed });
    });
  } else {
    const text = typeof Blob !== 'undefined' && input instanceof Blob ? await input.text() : input;
    host.setImporting(true);
    try {
      summary = await importStore(host.db, host.queue, host.stamp, text, { ...rest, signal, onProgress: before });
    } finally {
      host.setImporting(false);
    }
    const rows = summary.memories.inFile;
    after({ done: rows, total: rows, phase: 'Indexing' });
    await host.queue.exclusive(() => host.rebuildIndex());
  }
  if (!host.embedder()) return summary;
  const embedding = { done: 0, total: 0, stopped: false } as NonNullable<ImportSummary['embedding']>;
  const work = host.reembedStale({
    signal,
    onProgress: (p) => { if (!embedding.stopped) { embedding.done = p.done; embedding.total = p.total; } after(p); },
  });
  // A cancel answers at once: the write in flight (if any) finishes behind it, in its own transaction.
  try {
    await Promise.race([work, cancelled]);
    if (signal?.aborted) embedding.stopped = true;
  } catch (e) {
    embedding.stopped = true;
    const err = toRouterError(e);
    if (err.code !== 'CANCELLED') embedding.error = err.message;
  }
  work.catch(() => undefined);
  summary.embedding = embedding;
  return summary;
}
