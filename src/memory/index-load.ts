/**
 * Filling a MemoryIndex from the memories table and bringing it up to date after writes it did not
 * see (other tabs, the import): the same code in the search worker and in-process.
 */
import type { MemoryDexie, MemoryRecord } from './db';
import type { EmbeddingSpace, ExactVectors, MemoryIndex } from './memory-index';

/** Rows read per request: large enough that IndexedDB's per-request cost vanishes, small enough to keep memory flat. */
const PAGE_ROWS = 2_000;

/**
 * Every memory, in pages by primary key (no cursor per row, no single 100k-row array). The next
 * page is asked for before this one is handed on, so the database reads it while this thread
 * indexes the current one.
 */
export async function eachMemoryPage(db: MemoryDexie, onPage: (rows: MemoryRecord[]) => void): Promise<void> {
  const read = (after: string | null): Promise<MemoryRecord[]> => (after === null
    ? db.memories.orderBy(':id').limit(PAGE_ROWS).toArray()
    : db.memories.where(':id').above(after).limit(PAGE_ROWS).toArray());
  let next: Promise<MemoryRecord[]> | null = read(null);
  while (next) {
    const rows: MemoryRecord[] = await next;
    next = rows.length === PAGE_ROWS ? read(rows[rows.length - 1].id) : null;
    if (rows.length) onPage(rows);
  }
}

/** Empties the index, sets the space and adds every memory of the table. */
export async function loadIndex(index: MemoryIndex, db: MemoryDexie, space: EmbeddingSpace | null): Promise<void> {
  index.setSpace(space, { provisional: true });
  await eachMemoryPage(db, (rows) => { for (const m of rows) index.upsert(m); });
}

/** The embedder changed: keeps the held vectors when they are of `space`, else reads every row again. */
export async function switchSpace(index: MemoryIndex, db: MemoryDexie, space: EmbeddingSpace | null): Promise<void> {
  if (space && index.adopt(space)) return;
  await loadIndex(index, db, space);
}

/** Re-reads these memories (gone ones are removed); true when the list changed. */
export async function refreshIds(index: MemoryIndex, db: MemoryDexie, ids: readonly string[]): Promise<boolean> {
  let changed = false;
  for (let i = 0; i < ids.length; i += PAGE_ROWS) {
    const keys = ids.slice(i, i + PAGE_ROWS);
    const rows = await db.memories.bulkGet(keys);
    rows.forEach((m, j) => { changed = (m ? index.upsert(m) : index.remove(keys[j])) || changed; });
  }
  return changed;
}

/** The index's source of exact vectors for the int8 re-rank: the rows themselves. */
export function exactVectorsFrom(db: () => MemoryDexie): ExactVectors {
  return async (ids) => db().memories.bulkGet([...ids]);
}
