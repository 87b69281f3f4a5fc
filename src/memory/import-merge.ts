/**
 * How an import's rows meet the rows already stored, inside the import's one transaction. The rules
 * are those of every other way in:
 *
 *   memories        by id: the more recently updated version wins (ours on a tie); by content hash
 *                   (same user, category and normalised text) under another id: merged into the
 *                   stored memory, never copied beside it.
 *   history         append-only: an entry whose id is already here is never overwritten (an
 *                   identical one is "present", a different one a conflict, kept as it was).
 *   conversations   the same: added, never overwritten.
 *
 * Every count of the summary comes from what was written here.
 */
import type { WorkProgress } from '../core/contracts';
import type { HistoryRecord, MemoryDexie, MemoryRecord } from './db';
import { conversationRecord, historyRecord, importCancelled, type ImportData } from './export-import';
import { historyEntry } from './records';
import type { ImportSummary, ImportTableCounts } from './store-types';

const CHUNK = 2_000;
const LISTED = 100;
/**
 * Rows per memories write. Dexie's storagemutated event names each changed key for a call of under
 * 50 rows and marks the whole table for a bigger one; every page and worker on this database
 * receives it. A small import names its keys, so other tabs re-read just those rows. A big one
 * marks the table: other tabs reload their index once, in their search worker, and no page has to
 * take in an event listing every key of the file (2.2 s on the main thread at 100k memories).
 */
const KEYED_WRITE = 49;
const KEYED_IMPORT_MAX = 1_000;

export interface MergeContext {
  db: MemoryDexie;
  /** Strictly increasing time for the history entries the import itself writes. */
  stamp(): number;
  signal?: AbortSignal;
  onProgress?: (p: WorkProgress) => void;
}

const keyOf = (m: Pick<MemoryRecord, 'userId' | 'category' | 'hash'>) => `${m.userId}\u0000${m.category}\u0000${m.hash}`;

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function sameMemory(a: MemoryRecord, b: MemoryRecord): boolean {
  return a.text === b.text && a.category === b.category && a.userId === b.userId && a.pinned === b.pinned
    && a.createdAt === b.createdAt && a.updatedAt === b.updatedAt && a.expiresAt === b.expiresAt
    && (a.reviewAt ?? null) === (b.reviewAt ?? null) && a.sourceConversationId === b.sourceConversationId
    && sameJson(a.metadata, b.metadata);
}

/** The stored memory after a file memory with the same content is merged into it. */
function mergeSameContent(stored: MemoryRecord, incoming: MemoryRecord): MemoryRecord {
  const incomingNewer = incoming.updatedAt > stored.updatedAt;
  const newer = incomingNewer ? incoming : stored;
  const older = incomingNewer ? stored : incoming;
  const next: MemoryRecord = {
    ...stored,
    text: newer.text,
    metadata: { ...older.metadata, ...newer.metadata },
    pinned: stored.pinned || incoming.pinned,
    createdAt: Math.min(stored.createdAt, incoming.createdAt),
    updatedAt: newer.updatedAt,
    expiresAt: newer.expiresAt,
    reviewAt: newer.reviewAt ?? null,
    sourceConversationId: stored.sourceConversationId ?? incoming.sourceConversationId,
  };
  // Same hash, other spelling (case, spaces): the vector belongs to the text it was made from.
  if (next.text !== stored.text) Object.assign(next, { embedding: incoming.embedding, embeddingModel: incoming.embeddingModel, embeddingDim: incoming.embeddingDim });
  return next;
}

function emptyCounts(inFile: number): ImportTableCounts {
  return { inFile, added: 0, present: 0, conflicts: 0 };
}

export async function mergeImport(ctx: MergeContext, data: ImportData, mode: 'merge' | 'replace', rehashed: ReadonlySet<string>): Promise<ImportSummary> {
  const { db } = ctx;
  const summary: ImportSummary = {
    mode,
    memories: { inFile: data.memories.length, added: 0, updated: 0, merged: 0, unchanged: 0, keptOurs: 0, skipped: 0 },
    history: emptyCounts(data.history.length),
    conversations: emptyCounts(data.conversations.length),
    rehashed: 0,
    merges: [],
    skipped: [],
    conflictIds: { history: [], conversations: [] },
  };
  const total = data.memories.length + data.history.length + data.conversations.length;
  let done = 0;
  // Throwing inside the transaction aborts it: a cancel before the commit leaves the store as it was.
  const checkAbort = () => {
    if (ctx.signal?.aborted) throw importCancelled();
  };
  const step = (n: number) => {
    checkAbort();
    done += n;
    ctx.onProgress?.({ done, total, phase: 'Writing' });
  };

  // ------------------------------------------------------------ memories
  const idOfKey = new Map<string, string>();
  const keys = await db.memories.orderBy('[userId+category+hash]').keys();
  const owners = await db.memories.orderBy('[userId+category+hash]').primaryKeys();
  keys.forEach((k, i) => {
    const [userId, category, hash] = k as unknown as [string, string, string];
    idOfKey.set(`${userId}\u0000${category}\u0000${hash}`, owners[i] as string);
  });
  // Into an empty store nothing can clash by id: no read per row (2 s for 100k rows here).
  const byId = (await db.memories.count()) ? await db.memories.bulkGet(data.memories.map((m) => m.id)) : [];
  /** Rows this import writes, by id (read back by later rows of the same file). */
  const writes = new Map<string, MemoryRecord>();
  const ownHistory: HistoryRecord[] = [];
  const remap = new Map<string, string>();
  const written = new Set<string>();

  for (let i = 0; i < data.memories.length; i++) {
    const m = data.memories[i];
    const key = keyOf(m);
    const stored = writes.get(m.id) ?? byId[i];
    if (stored) {
      if (m.updatedAt <= stored.updatedAt) {
        if (sameMemory(stored, m)) summary.memories.unchanged++;
        else summary.memories.keptOurs++;
      } else {
        const other = idOfKey.get(key);
        if (other !== undefined && other !== m.id) {
          summary.memories.skipped++;
          summary.skipped.push({ id: m.id, reason: `its newer text is already stored as memory ${other}` });
        } else {
          if (idOfKey.get(keyOf(stored)) === m.id) idOfKey.delete(keyOf(stored));
          idOfKey.set(key, m.id);
          writes.set(m.id, m);
          written.add(m.id);
          summary.memories.updated++;
          if (m.text !== stored.text || m.category !== stored.category) ownHistory.push(historyEntry(m, 'UPDATE', stored, m, 'import', ctx.stamp()));
        }
      }
    } else {
      const intoId = idOfKey.get(key);
      if (intoId !== undefined) {
        const into = writes.get(intoId) ?? (await db.memories.get(intoId))!;
        const next = mergeSameContent(into, m);
        if (!sameMemory(next, into)) {
          writes.set(intoId, next);
          if (next.text !== into.text) {
            written.add(intoId);
            ownHistory.push(historyEntry(next, 'UPDATE', into, next, 'import', ctx.stamp()));
          }
        }
        remap.set(m.id, intoId);
        summary.memories.merged++;
        summary.merges.push({ fileId: m.id, intoId, text: next.text });
      } else {
        idOfKey.set(key, m.id);
        writes.set(m.id, m);
        written.add(m.id);
        summary.memories.added++;
      }
    }
    if (i % CHUNK === CHUNK - 1) step(CHUNK);
  }
  step(data.memories.length % CHUNK);
  const rows = [...writes.values()];
  const perWrite = rows.length <= KEYED_IMPORT_MAX ? KEYED_WRITE : CHUNK;
  for (let i = 0; i < rows.length; i += perWrite) {
    await db.memories.bulkPut(rows.slice(i, i + perWrite));
    if (i % CHUNK < perWrite) checkAbort();
  }
  summary.rehashed = [...written].filter((id) => rehashed.has(id)).length;

  // ------------------------------------------------------------ history (append-only)
  const history = data.history.map((h) => (remap.has(h.memoryId) ? { ...h, memoryId: remap.get(h.memoryId)! } : h));
  await addOnly({ count: () => db.history.count(), get: (ids) => db.history.bulkGet(ids), add: (r) => db.history.bulkAdd(r) }, history, summary.history, summary.conflictIds.history, (a, b) => sameJson(historyRecord(a), historyRecord(b)), step);
  if (ownHistory.length) await db.history.bulkAdd(ownHistory);

  // ------------------------------------------------------------ conversations (added, never overwritten)
  const conversations = data.conversations.map((c) => (c.memoryIds.some((id) => remap.has(id))
    ? { ...c, memoryIds: [...new Set(c.memoryIds.map((id) => remap.get(id) ?? id))] }
    : c));
  await addOnly({ count: () => db.conversations.count(), get: (ids) => db.conversations.bulkGet(ids), add: (r) => db.conversations.bulkAdd(r) }, conversations, summary.conversations, summary.conflictIds.conversations, (a, b) => sameJson(conversationRecord(a), conversationRecord(b)), step);
  return summary;
}

/** Adds the rows whose id is new; an id already here keeps its row (counted present or conflict). */
async function addOnly<T extends { id: string }>(
  table: { count(): Promise<number>; get(ids: string[]): Promise<Array<T | undefined>>; add(rows: T[]): Promise<unknown> },
  rows: readonly T[],
  counts: ImportTableCounts,
  conflictIds: string[],
  same: (a: T, b: T) => boolean,
  step: (n: number) => void,
): Promise<void> {
  // An empty table has nothing to clash with (ids are unique within a file: validateExport).
  const empty = (await table.count()) === 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const here = empty ? [] : await table.get(chunk.map((r) => r.id));
    const fresh: T[] = [];
    chunk.forEach((r, j) => {
      const old = here[j];
      if (!old) fresh.push(r);
      else if (same(old, r)) counts.present++;
      else {
        counts.conflicts++;
        if (conflictIds.length < LISTED) conflictIds.push(r.id);
      }
    });
    if (fresh.length) await table.add(fresh);
    counts.added += fresh.length;
    step(chunk.length);
  }
}

