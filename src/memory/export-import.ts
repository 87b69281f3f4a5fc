/**
 * The export file and its validation. An export holds every memory (with its embedding as
 * base64 little-endian float32, which is exact and a third the size of a number array), the
 * history log and the saved conversations. Import validates the whole file before anything is
 * written, and refuses it with the first problem and its path ("memories[3].category"), so a bad
 * file changes nothing.
 */
import { RouterError } from '../core/errors';
import { ROLES, type Turn } from '../core/conversation';
import { categoryInfo, isCategoryName, MEMORY_CATEGORIES, type MemoryCategory } from '../core/taxonomy';
import type { ConversationRecord, HistoryEvent, HistoryRecord, MemoryRecord } from './db';
import { contentHash } from './hash';
import type { WorkProgress } from '../core/contracts';
import { base64ToFloat32, float32ToBase64 } from '../core/util/base64';
import { arr, bool, fail, jsonObject as plainJson, obj, oneOf, optStr, optTime, SchemaProblem, show, str, time, uniqueIds } from '../core/util/validate';

export const EXPORT_FORMAT = 'memory-router-export';
export const EXPORT_VERSION = 1;
export const EMBEDDING_ENCODING = 'float32-le-base64';

/** An import stopped before its write committed: the one wording of every way it can stop. */
export const IMPORT_CANCELLED_MESSAGE = 'Import cancelled before it was written: nothing was changed.';

export function importCancelled(): RouterError {
  return new RouterError('CANCELLED', IMPORT_CANCELLED_MESSAGE);
}

export const IMPORT_LIMITS = {
  /** Characters of a whole export text; JSON.parse of more would exhaust a tab's memory. */
  fileChars: 500_000_000,
  recordsPerTable: 500_000,
  memoryTextChars: 20_000,
  conversationTextChars: 1_000_000,
  idChars: 200,
  metadataChars: 64_000,
  embeddingDimension: 8_192,
} as const;

export interface ExportedMemory extends Omit<MemoryRecord, 'embedding'> {
  embedding: string | null;
}

export interface MemoryExport {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  embeddingEncoding: typeof EMBEDDING_ENCODING;
  memories: ExportedMemory[];
  history: HistoryRecord[];
  conversations: ConversationRecord[];
}

export interface ImportData {
  memories: MemoryRecord[];
  history: HistoryRecord[];
  conversations: ConversationRecord[];
}

// ---------------------------------------------------------------- export (fixed key order)

function exportMemory(m: MemoryRecord): ExportedMemory {
  return {
    id: m.id, text: m.text, category: m.category, scope: m.scope, persistence: m.persistence, userId: m.userId,
    metadata: m.metadata, createdAt: m.createdAt, updatedAt: m.updatedAt, expiresAt: m.expiresAt,
    reviewAt: m.reviewAt ?? null, pinned: m.pinned, hash: m.hash,
    embedding: m.embedding ? float32ToBase64(m.embedding) : null,
    embeddingModel: m.embeddingModel, embeddingDim: m.embeddingDim, sourceConversationId: m.sourceConversationId,
  };
}

export function buildExport(data: ImportData, exportedAt: Date): MemoryExport {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: exportedAt.toISOString(),
    embeddingEncoding: EMBEDDING_ENCODING,
    memories: data.memories.map(exportMemory),
    history: data.history.map(historyRecord),
    conversations: data.conversations.map(conversationRecord),
  };
}

/** Rows per part of an export's text. */
const EXPORT_PART_ROWS = 2_000;

/**
 * The export's text as Blob parts: exactly JSON.stringify(buildExport(data, exportedAt)), written a
 * block of rows at a time, so an export of 100k memories never becomes one string of 170 MB.
 */
export function exportParts(data: ImportData, exportedAt: Date): string[] {
  const { memories: _m, history: _h, conversations: _c, ...header } = buildExport({ memories: [], history: [], conversations: [] }, exportedAt);
  const parts = [JSON.stringify(header).slice(0, -1)];
  const list = <T>(name: string, rows: readonly T[], toJson: (row: T) => unknown) => {
    parts.push(`,${JSON.stringify(name)}:[`);
    for (let i = 0; i < rows.length; i += EXPORT_PART_ROWS) {
      parts.push((i ? ',' : '') + rows.slice(i, i + EXPORT_PART_ROWS).map((r) => JSON.stringify(toJson(r))).join(','));
    }
    parts.push(']');
  };
  list('memories', data.memories, exportMemory);
  list('history', data.history, historyRecord);
  list('conversations', data.conversations, conversationRecord);
  parts.push('}');
  return parts;
}

// ---------------------------------------------------------------- validation

function category(v: unknown, path: string): MemoryCategory {
  return oneOf(v, path, MEMORY_CATEGORIES, 'a memory category');
}

/** Metadata is for tags, not documents: plain JSON and small. */
const jsonObject = (v: unknown, path: string) => plainJson(v, path, IMPORT_LIMITS.metadataChars);

const id = (v: unknown, path: string) => str(v, path, IMPORT_LIMITS.idChars);

function memoryRecord(v: unknown, path: string): MemoryRecord {
  const o = obj(v, path);
  const cat = category(o.category, `${path}.category`);
  const info = categoryInfo(cat);
  if (o.scope !== info.scope) fail(`${path}.scope`, `${show(o.scope)} does not match category ${cat} (scope ${info.scope})`);
  if (o.persistence !== info.horizon) fail(`${path}.persistence`, `${show(o.persistence)} does not match category ${cat} (${info.horizon})`);
  const embeddingModel = optStr(o.embeddingModel, `${path}.embeddingModel`, IMPORT_LIMITS.idChars);
  let embeddingDim: number | null = null;
  let embedding: Float32Array | null = null;
  if (o.embedding !== null) {
    const enc = str(o.embedding, `${path}.embedding`, IMPORT_LIMITS.embeddingDimension * 6);
    const dim = o.embeddingDim;
    if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 1 || dim > IMPORT_LIMITS.embeddingDimension) {
      fail(`${path}.embeddingDim`, `expected a dimension between 1 and ${IMPORT_LIMITS.embeddingDimension}, found ${show(dim)}`);
    }
    if (embeddingModel === null) fail(`${path}.embeddingModel`, 'is missing but the memory has an embedding');
    embedding = base64ToFloat32(enc, dim);
    if (!embedding) fail(`${path}.embedding`, `is not ${EMBEDDING_ENCODING} of ${dim} numbers`);
    if (embedding.some((x) => !Number.isFinite(x))) fail(`${path}.embedding`, 'holds a value that is not a finite number');
    embeddingDim = dim;
  } else if (o.embeddingDim !== null) {
    fail(`${path}.embeddingDim`, 'must be null when embedding is null');
  }
  const hash = str(o.hash, `${path}.hash`, 64);
  if (!/^[0-9a-f]{64}$/.test(hash)) fail(`${path}.hash`, 'is not a SHA-256 hex digest');
  return {
    id: id(o.id, `${path}.id`),
    text: str(o.text, `${path}.text`, IMPORT_LIMITS.memoryTextChars),
    category: cat,
    scope: info.scope as MemoryRecord['scope'],
    persistence: info.horizon,
    userId: id(o.userId, `${path}.userId`),
    metadata: jsonObject(o.metadata, `${path}.metadata`),
    createdAt: time(o.createdAt, `${path}.createdAt`),
    updatedAt: time(o.updatedAt, `${path}.updatedAt`),
    expiresAt: optTime(o.expiresAt, `${path}.expiresAt`),
    reviewAt: optTime(o.reviewAt, `${path}.reviewAt`),
    pinned: bool(o.pinned, `${path}.pinned`),
    hash,
    embedding,
    embeddingModel: embedding ? embeddingModel : null,
    embeddingDim,
    sourceConversationId: o.sourceConversationId === null ? null : id(o.sourceConversationId, `${path}.sourceConversationId`),
  };
}

const HISTORY_EVENTS: readonly HistoryEvent[] = ['ADD', 'UPDATE', 'DELETE'];

/** Canonical key order; also what export writes, so export → import → export is identical. */
export function historyRecord(h: HistoryRecord): HistoryRecord {
  const out: HistoryRecord = {
    id: h.id, memoryId: h.memoryId, userId: h.userId, event: h.event, oldText: h.oldText, newText: h.newText,
    oldCategory: h.oldCategory, newCategory: h.newCategory, reason: h.reason, createdAt: h.createdAt,
  };
  if (h.similarity !== undefined) out.similarity = h.similarity;
  return out;
}

function validHistory(v: unknown, path: string): HistoryRecord {
  const o = obj(v, path);
  const optCat = (x: unknown, p: string) => (x === null ? null : category(x, p));
  const optText = (x: unknown, p: string) => (x === null ? null : str(x, p, IMPORT_LIMITS.memoryTextChars, true));
  if (o.similarity !== undefined && (typeof o.similarity !== 'number' || !Number.isFinite(o.similarity))) {
    fail(`${path}.similarity`, `expected a number, found ${show(o.similarity)}`);
  }
  return historyRecord({
    id: id(o.id, `${path}.id`),
    memoryId: id(o.memoryId, `${path}.memoryId`),
    userId: id(o.userId, `${path}.userId`),
    event: oneOf(o.event, `${path}.event`, HISTORY_EVENTS, 'ADD, UPDATE or DELETE'),
    oldText: optText(o.oldText, `${path}.oldText`),
    newText: optText(o.newText, `${path}.newText`),
    oldCategory: optCat(o.oldCategory, `${path}.oldCategory`),
    newCategory: optCat(o.newCategory, `${path}.newCategory`),
    reason: str(o.reason, `${path}.reason`, 100),
    createdAt: time(o.createdAt, `${path}.createdAt`),
    similarity: o.similarity as number | undefined,
  });
}

export function conversationRecord(c: ConversationRecord): ConversationRecord {
  const out: ConversationRecord = {
    id: c.id, userId: c.userId, text: c.text, turns: c.turns, routing: c.routing, engine: c.engine,
    timings: c.timings, createdAt: c.createdAt, memoryIds: c.memoryIds,
  };
  if (c.metadata !== undefined) out.metadata = c.metadata;
  return out;
}

function numberRecord(v: unknown, path: string): Record<string, number> {
  const o = obj(v, path);
  for (const [k, x] of Object.entries(o)) {
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${path}.${k}`, `expected a number, found ${show(x)}`);
  }
  return o as Record<string, number>;
}

function validConversation(v: unknown, path: string): ConversationRecord {
  const o = obj(v, path);
  const turns: Turn[] = arr(o.turns, `${path}.turns`, 10_000).map((t, i) => {
    const to = obj(t, `${path}.turns[${i}]`);
    return {
      role: oneOf(to.role, `${path}.turns[${i}].role`, ROLES, `a role (${ROLES.join(', ')})`),
      content: str(to.content, `${path}.turns[${i}].content`, IMPORT_LIMITS.conversationTextChars, true),
    };
  });
  let routing: ConversationRecord['routing'] = null;
  if (o.routing !== null) {
    const r = obj(o.routing, `${path}.routing`);
    const categories = arr(r.categories, `${path}.routing.categories`, 13).map((c, i) => {
      if (!isCategoryName(c)) fail(`${path}.routing.categories[${i}]`, `${show(c)} is not a category`);
      return c;
    });
    routing = { categories };
    if (r.scores !== undefined) routing.scores = numberRecord(r.scores, `${path}.routing.scores`);
    if (r.raw !== undefined) routing.raw = str(r.raw, `${path}.routing.raw`, IMPORT_LIMITS.conversationTextChars, true);
  }
  return conversationRecord({
    id: id(o.id, `${path}.id`),
    userId: id(o.userId, `${path}.userId`),
    text: str(o.text, `${path}.text`, IMPORT_LIMITS.conversationTextChars, true),
    turns,
    routing,
    engine: optStr(o.engine, `${path}.engine`, IMPORT_LIMITS.idChars),
    timings: o.timings === null ? null : (numberRecord(o.timings, `${path}.timings`) as unknown as ConversationRecord['timings']),
    createdAt: time(o.createdAt, `${path}.createdAt`),
    memoryIds: arr(o.memoryIds, `${path}.memoryIds`, 10_000).map((m, i) => id(m, `${path}.memoryIds[${i}]`)),
    metadata: o.metadata === undefined ? undefined : jsonObject(o.metadata, `${path}.metadata`),
  });
}

function refuse(source: string, detail: string, code: 'WRONG_SCHEMA' | 'MALFORMED_JSON' | 'INPUT_TOO_LARGE'): RouterError {
  return new RouterError(code, `Cannot import ${source}: ${detail}. Nothing was changed.`);
}

/** Parses text (or takes an already-parsed value) and validates it completely. Throws RouterError. */
export function validateExport(input: unknown, source = 'this file'): ImportData {
  let value = input;
  if (typeof input === 'string') {
    if (input.length > IMPORT_LIMITS.fileChars) throw refuse(source, `it is ${input.length} characters long; the limit is ${IMPORT_LIMITS.fileChars}`, 'INPUT_TOO_LARGE');
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw refuse(source, `it is not valid JSON (${(e as Error).message.slice(0, 120)}); choose a file made by Export`, 'MALFORMED_JSON');
    }
  }
  try {
    const o = obj(value, '(file)');
    if (o.format !== EXPORT_FORMAT) fail('format', `expected "${EXPORT_FORMAT}", found ${show(o.format)}; choose a file made by Export`);
    if (typeof o.version !== 'number' || !Number.isInteger(o.version) || o.version < 1) fail('version', `expected a version number, found ${show(o.version)}`);
    if (o.version > EXPORT_VERSION) fail('version', `${o.version} is newer than this app understands (${EXPORT_VERSION}); update the app first`);
    if (o.embeddingEncoding !== EMBEDDING_ENCODING) fail('embeddingEncoding', `expected "${EMBEDDING_ENCODING}", found ${show(o.embeddingEncoding)}`);
    const max = IMPORT_LIMITS.recordsPerTable;
    const memories = arr(o.memories, 'memories', max).map((m, i) => memoryRecord(m, `memories[${i}]`));
    const history = arr(o.history, 'history', max * 4).map((h, i) => validHistory(h, `history[${i}]`));
    const conversations = arr(o.conversations, 'conversations', max).map((c, i) => validConversation(c, `conversations[${i}]`));
    uniqueIds(memories, 'memories');
    uniqueIds(history, 'history');
    uniqueIds(conversations, 'conversations');
    return { memories, history, conversations };
  } catch (e) {
    if (e instanceof SchemaProblem) throw refuse(source, `${e.path}: ${e.problem}`, 'WRONG_SCHEMA');
    throw e;
  }
}

/**
 * Hashes are recomputed from the text (a hand-edited text must not keep its old duplicate key);
 * an embedding whose text changed is dropped so it is re-embedded rather than trusted. Returns the
 * ids whose hash changed.
 */
export async function rehashImported(
  data: ImportData,
  opts: { signal?: AbortSignal; onProgress?: (p: WorkProgress) => void } = {},
): Promise<Set<string>> {
  const changed = new Set<string>();
  const total = data.memories.length;
  for (let i = 0; i < total; i++) {
    const m = data.memories[i];
    const hash = await contentHash(m.text);
    if (hash !== m.hash) {
      changed.add(m.id);
      m.hash = hash;
      m.embedding = null;
      m.embeddingModel = null;
      m.embeddingDim = null;
    }
    if (i % 1000 === 999 || i === total - 1) {
      opts.signal?.throwIfAborted();
      opts.onProgress?.({ done: i + 1, total, phase: 'Checking memories' });
    }
  }
  return changed;
}
