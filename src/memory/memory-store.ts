/**
 * MemoryStore: the framework-free memory API (mem0-like) over the Dexie database.
 *
 *   add(messagesOrText, {userId, metadata, infer})   -> {results: [{id, memory, event}]}
 *   search(query, {userId, limit, filters, threshold, mode})
 *   get / getAll / update / delete / deleteAll / history / reset / exportAll / importAll
 *
 * Writes go through one queue (so dedup decisions never race each other in this tab) and one
 * Dexie 'rw' transaction over memories + history (+ conversations), so a memory and its history
 * entry are saved together or not at all. The in-memory search index is changed only after the
 * transaction commits, and follows writes from other tabs through Dexie's storagemutated event.
 */
import Dexie, { type ObservabilitySet, type Table } from 'dexie';
import { RouterError, toRouterError } from '../core/errors';
import { formatTranscript, parseTranscript, type Conversation } from '../core/conversation';
import { readTurns } from '../core/loaders';
import { MAX_PASTE_CHARS } from '../core/input';
import { categoryInfo, isCategoryName, type MemoryCategory } from '../core/taxonomy';
import type { Embedder } from '../core/contracts';
import type { SearchMode } from './search';
import {
  createMemoryDb, DEFAULT_DB_NAME, type ConversationRecord, type HistoryRecord, type MemoryDexie, type MemoryRecord,
  type StoredScope,
} from './db';
import { expiresAtFor, isDueForReview, isExpired, reviewAtFor } from './expiry';
import { contentHash } from './hash';
import { newId } from './ids';
import { decideDedup, dedupThresholdFor } from './dedup';
import { cosineOfUnit as cosine } from '../core/util/vector-math';
import { buildExport, rehashImported, validateExport, type MemoryExport } from './export-import';
import type { ClassifyFn } from '../core/contracts';
import type { Fact, FactExtractor } from '../core/contracts';
import { LiteFactExtractor, topScoredCategory } from './lite-fact-extractor';
import { hasVectorOf, matchesFilters, MemoryIndex, type FilterSpec } from './memory-index';
import type {
  AddManyOptions, AddManyResult, AddOptions, AddResult, AddResultItem, ImportOptions, ImportSummary, ListOptions,
  MemoryItem, MemoryPatch, MemoryStoreOptions, MessagesOrText, ReembedProgress, SearchOptions, SearchResult,
  SearchResultItem,
} from './store-types';

export type * from './store-types';

export const DEFAULT_USER_ID = 'default';
export const MAX_MEMORY_CHARS = 20_000;
const EMBED_BATCH = 64;

export const STORAGE_FULL_MESSAGE =
  'Storage is full: export your memories, delete old ones, or free disk space; nothing was saved.';

interface FactGroup {
  facts: Fact[];
  userId: string;
  metadata: Record<string, unknown>;
  conversation: ConversationRecord | null;
}

interface PreparedFact {
  fact: Fact;
  hash: string;
  vector: Float32Array | null;
}

function isQuotaError(err: unknown): boolean {
  for (let e = err as { name?: string; inner?: unknown; message?: string } | undefined, depth = 0; e && depth < 4; depth++) {
    if (e.name === 'QuotaExceededError' || /quota/i.test(e.message ?? '')) return true;
    e = e.inner as typeof e;
  }
  return false;
}

/** Id and dimension are only known after load (embed-lite's id carries its file hash). */
async function loadedEmbedder(embedder: Embedder): Promise<void> {
  if (!(embedder.dimension > 0)) await embedder.load();
  if (!(embedder.dimension > 0)) {
    throw new RouterError('ENGINE_NOT_READY', `The embedder ${embedder.id} reports no vector dimension after loading: reload the page or choose another embedder.`);
  }
}

function toItem(m: MemoryRecord, now: number): MemoryItem {
  const { embedding: _vector, ...rest } = m;
  return { ...rest, expired: isExpired(m, now), dueForReview: isDueForReview(m, now) };
}

function checkText(text: unknown, what: string): string {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new RouterError('EMPTY_INPUT', `Nothing to remember: the ${what} is empty. Type or paste some text.`);
  }
  if (text.length > MAX_MEMORY_CHARS) {
    throw new RouterError('INPUT_TOO_LARGE', `The ${what} has ${text.length} characters; a memory holds at most ${MAX_MEMORY_CHARS}. Shorten it, or add it as a conversation so it is split into facts.`);
  }
  return text.trim();
}

function checkCategory(value: unknown, where: string): MemoryCategory {
  if (!isCategoryName(value) || value === 'none') {
    throw new RouterError('WRONG_SCHEMA', `${where} is ${JSON.stringify(value)}, which is not a memory category. Pick one of the 12 categories.`);
  }
  return value;
}

export class MemoryStore {
  readonly db: MemoryDexie;
  private embedderValue: Embedder | null;
  private readonly classify: ClassifyFn | null;
  private readonly extractor: FactExtractor | null;
  private readonly thresholdOverride: number | undefined;
  private readonly now: () => number;
  private readonly index = new MemoryIndex();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly onStorageMutated = (parts: ObservabilitySet) => { void this.followExternalWrites(parts); };
  private syncing = false;

  private constructor(db: MemoryDexie, opts: MemoryStoreOptions) {
    this.db = db;
    this.embedderValue = opts.embedder ?? null;
    this.classify = opts.classify ?? null;
    this.extractor = opts.extractor ?? (this.classify ? new LiteFactExtractor({ classify: this.classify }) : null);
    this.thresholdOverride = opts.dedupThreshold;
    this.now = opts.now ?? Date.now;
  }

  /** Opens the database (upgrading it if needed) and builds the search index from it. */
  static async open(opts: MemoryStoreOptions = {}): Promise<MemoryStore> {
    const db = opts.db ?? createMemoryDb(opts.dbName ?? DEFAULT_DB_NAME, opts.dbOptions);
    const store = new MemoryStore(db, opts);
    try {
      await db.open();
    } catch (e) {
      const err = toRouterError(e, 'STORAGE_UNAVAILABLE');
      if (err.code === 'STORAGE_FULL') throw new RouterError('STORAGE_FULL', STORAGE_FULL_MESSAGE);
      throw new RouterError(err.code, `The memory database could not be opened (${err.message}). Private windows and some browser settings block IndexedDB: allow site storage and reload.`);
    }
    if (store.embedderValue) await loadedEmbedder(store.embedderValue);
    await store.rebuildIndex();
    if (opts.syncAcrossTabs !== false) {
      Dexie.on('storagemutated', store.onStorageMutated);
      store.syncing = true;
    }
    if (opts.reembedOnOpen !== false && store.embedderValue) await store.reembedStale();
    return store;
  }

  get embedder(): Embedder | null {
    return this.embedderValue;
  }

  /** Near-duplicate threshold in use: measured per embedder (dedup.ts) unless overridden. */
  get dedupThreshold(): number {
    return this.thresholdOverride ?? dedupThresholdFor(this.embedderValue?.id);
  }

  /** Memories in the search index (all users, expired included). */
  get size(): number {
    return this.index.size;
  }

  /** Stops following other tabs and closes the database. */
  close(): void {
    if (this.syncing) Dexie.on('storagemutated').unsubscribe(this.onStorageMutated);
    this.syncing = false;
    this.db.close();
  }

  // ------------------------------------------------------------------ embedder

  /**
   * Switches the embedder. Vectors of another model id or dimension are ignored by search from
   * now on, and (by default) re-embedded with the new one. An embedder that does not know its
   * dimension yet is loaded first (its load() is expected to be idempotent, as the app's are).
   */
  async setEmbedder(embedder: Embedder | null, opts: { reembed?: boolean; onProgress?: (p: ReembedProgress) => void; signal?: AbortSignal } = {}): Promise<void> {
    if (embedder) await loadedEmbedder(embedder);
    this.embedderValue = embedder;
    await this.exclusive(() => this.rebuildIndex());
    if (embedder && opts.reembed !== false) await this.reembedStale(opts);
  }

  /** Memories without a vector of the current embedder. */
  async staleEmbeddingIds(): Promise<string[]> {
    const space = this.index.space;
    if (!space) return [];
    const ids: string[] = [];
    await this.db.memories.each((m) => { if (!hasVectorOf(m, space)) ids.push(m.id); });
    return ids;
  }

  /** Embeds every memory whose vector is missing or from another embedder; returns how many. */
  async reembedStale(opts: { onProgress?: (p: ReembedProgress) => void; signal?: AbortSignal } = {}): Promise<number> {
    const embedder = this.embedderValue;
    if (!embedder) return 0;
    const ids = await this.staleEmbeddingIds();
    let done = 0;
    for (let i = 0; i < ids.length; i += EMBED_BATCH) {
      opts.signal?.throwIfAborted();
      const batch = (await this.db.memories.bulkGet(ids.slice(i, i + EMBED_BATCH))).filter((m): m is MemoryRecord => !!m);
      const vectors = await embedder.embed(batch.map((m) => m.text));
      await this.write(['memories'], async () => {
        const written: MemoryRecord[] = [];
        for (let j = 0; j < batch.length; j++) {
          // Re-read: the text may have changed while we were embedding; then its vector is not ours to write.
          const cur = await this.db.memories.get(batch[j].id);
          if (!cur || cur.hash !== batch[j].hash) continue;
          const next = { ...cur, embedding: vectors[j], embeddingModel: embedder.id, embeddingDim: embedder.dimension };
          await this.db.memories.put(next);
          written.push(next);
        }
        return () => written.forEach((m) => this.index.upsert(m));
      });
      done += batch.length;
      opts.onProgress?.({ done, total: ids.length });
    }
    return done;
  }

  // ------------------------------------------------------------------ add

  async add(messagesOrText: MessagesOrText, opts: AddOptions = {}): Promise<AddResult> {
    const group = await this.factGroup(messagesOrText, opts);
    return (await this.storeGroups([group], opts.signal))[0];
  }

  /**
   * Many conversations (a batch file) in ONE transaction: facts of all of them are extracted
   * first, then deduplicated against the store and each other and written together. An item that
   * cannot be read is reported in `errors` and the others are still saved.
   */
  async addMany(items: ReadonlyArray<{ messages: MessagesOrText; options?: AddOptions }>, opts: AddManyOptions = {}): Promise<AddManyResult> {
    const groups: FactGroup[] = [];
    const at: number[] = [];
    const errors: AddManyResult['errors'] = [];
    for (let i = 0; i < items.length; i++) {
      opts.signal?.throwIfAborted();
      try {
        groups.push(await this.factGroup(items[i].messages, { ...items[i].options, signal: opts.signal }));
        at.push(i);
      } catch (e) {
        const error = toRouterError(e);
        if (error.code === 'CANCELLED' || opts.signal?.aborted) throw error;
        errors.push({ index: i, error });
      }
      opts.onProgress?.({ done: i + 1, total: items.length });
    }
    const stored = groups.length ? await this.storeGroups(groups, opts.signal) : [];
    const results: Array<AddResult | null> = items.map(() => null);
    stored.forEach((r, j) => { results[at[j]] = r; });
    return { results, errors };
  }

  /** Reads the input and turns it into facts (extracted, or the text as one fact). */
  private async factGroup(messagesOrText: MessagesOrText, opts: AddOptions): Promise<FactGroup> {
    const userId = opts.userId ?? DEFAULT_USER_ID;
    const metadata = opts.metadata ?? {};
    const { text, turns } = this.readInput(messagesOrText);
    if (opts.infer === false) {
      const category = await this.categoryForText(text, opts);
      return { facts: [{ text: checkText(text, 'memory text'), category }], userId, metadata, conversation: null };
    }
    if (!this.extractor) {
      throw new RouterError('ENGINE_NOT_READY', 'No classifier is loaded to split the conversation into facts: load router-lite (or an LLM) first, or add the text as one memory (infer: false) with a category.');
    }
    const started = this.now();
    const facts = await this.extractor.extract(turns, { signal: opts.signal });
    const conversation: ConversationRecord | null = opts.saveConversation === false ? null : {
      id: newId(),
      userId,
      text: typeof messagesOrText === 'string' ? messagesOrText : formatTranscript(turns),
      turns,
      routing: opts.routing
        ? { categories: [...opts.routing.categories], ...(opts.routing.scores ? { scores: { ...opts.routing.scores } as Record<string, number> } : {}), raw: opts.routing.raw }
        : null,
      engine: opts.routing?.engine ?? this.extractor.id,
      timings: opts.routing?.timings ?? { totalMs: this.now() - started },
      createdAt: started,
      memoryIds: [],
    };
    return { facts, userId, metadata, conversation };
  }

  private readInput(input: MessagesOrText): { text: string; turns: Conversation } {
    if (typeof input === 'string') {
      if (input.length > MAX_PASTE_CHARS) {
        throw new RouterError('INPUT_TOO_LARGE', `The text has ${input.length} characters; the limit is ${MAX_PASTE_CHARS}. Split it into smaller conversations.`);
      }
      const turns = parseTranscript(input);
      if (turns.length === 0) throw new RouterError('EMPTY_INPUT', 'Nothing to remember: the text is empty. Type or paste a conversation.');
      return { text: input.trim(), turns };
    }
    const turns = readTurns(input, []);
    if (!turns || turns.length === 0) {
      throw new RouterError('WRONG_SCHEMA', 'Nothing to remember: expected text or a list of {role, content} messages with text in them.');
    }
    const text = turns.map((t) => t.content).join('\n');
    if (text.length > MAX_PASTE_CHARS) {
      throw new RouterError('INPUT_TOO_LARGE', `The conversation has ${text.length} characters; the limit is ${MAX_PASTE_CHARS}. Split it into smaller conversations.`);
    }
    return { text, turns };
  }

  private async categoryForText(text: string, opts: AddOptions): Promise<MemoryCategory> {
    if (opts.category !== undefined) return checkCategory(opts.category, 'The category');
    const fromMeta = opts.metadata?.category;
    if (fromMeta !== undefined) return checkCategory(fromMeta, 'metadata.category');
    if (this.classify) {
      const top = topScoredCategory(await this.classify(text, { signal: opts.signal }));
      if (top) return top;
    }
    throw new RouterError('WRONG_SCHEMA', 'Cannot tell which category this memory belongs to: choose a category (or load a classifier).');
  }

  private async prepare(facts: Fact[]): Promise<PreparedFact[]> {
    const hashes = await Promise.all(facts.map((f) => contentHash(f.text)));
    const vectors = this.embedderValue && facts.length ? await this.embedAll(facts.map((f) => f.text)) : null;
    return facts.map((fact, i) => ({ fact, hash: hashes[i], vector: vectors?.[i] ?? null }));
  }

  private async embedAll(texts: string[]): Promise<Float32Array[]> {
    const embedder = this.embedderValue as Embedder;
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += EMBED_BATCH) out.push(...(await embedder.embed(texts.slice(i, i + EMBED_BATCH))));
    return out;
  }

  private newRecord(p: PreparedFact, userId: string, metadata: Record<string, unknown>, now: number, conversationId: string | null): MemoryRecord {
    const { category } = p.fact;
    const info = categoryInfo(category);
    const embedder = this.embedderValue;
    return {
      id: newId(),
      text: p.fact.text,
      category,
      scope: info.scope as StoredScope,
      persistence: info.horizon,
      userId,
      metadata: { ...metadata },
      createdAt: now,
      updatedAt: now,
      expiresAt: expiresAtFor(category, now),
      reviewAt: reviewAtFor(category, now),
      pinned: false,
      hash: p.hash,
      embedding: p.vector,
      embeddingModel: p.vector && embedder ? embedder.id : null,
      embeddingDim: p.vector && embedder ? embedder.dimension : null,
      sourceConversationId: conversationId,
    };
  }

  private historyEntry(m: Pick<MemoryRecord, 'id' | 'userId'>, event: HistoryRecord['event'], old: MemoryRecord | null, next: MemoryRecord | null, reason: string, now: number, similarity?: number): HistoryRecord {
    const h: HistoryRecord = {
      id: newId(), memoryId: m.id, userId: m.userId, event,
      oldText: old?.text ?? null, newText: next?.text ?? null,
      oldCategory: old?.category ?? null, newCategory: next?.category ?? null,
      reason, createdAt: now,
    };
    if (similarity !== undefined) h.similarity = similarity;
    return h;
  }

  /**
   * Dedups and writes the facts of every group in one transaction; each fact sees the ones
   * before it (in its own group and earlier groups) as well as the store.
   */
  private async storeGroups(groups: FactGroup[], signal?: AbortSignal): Promise<AddResult[]> {
    const prepared = await this.prepare(groups.flatMap((g) => g.facts));
    signal?.throwIfAborted();
    const out: AddResult[] = [];
    await this.write(['memories', 'history', 'conversations'], async () => {
      const now = this.now();
      const threshold = this.dedupThreshold;
      // Written in this transaction: the search index does not know them until it commits.
      const pending = new Map<string, MemoryRecord>();
      let next = 0;
      for (const group of groups) {
        const results: AddResultItem[] = [];
        for (let f = 0; f < group.facts.length; f++) {
          results.push(await this.storeFact(prepared[next++], group, pending, now, threshold));
        }
        const { conversation } = group;
        if (conversation) {
          conversation.memoryIds = [...new Set(results.map((r) => r.id))];
          await this.db.conversations.add(conversation);
        }
        out.push(conversation ? { results, conversationId: conversation.id } : { results });
      }
      return () => pending.forEach((m) => this.index.upsert(m));
    });
    return out;
  }

  /** One fact inside the write transaction: ADD, NONE (same text) or UPDATE (near duplicate). */
  private async storeFact(p: PreparedFact, group: FactGroup, pending: Map<string, MemoryRecord>, now: number, threshold: number): Promise<AddResultItem> {
    const { category } = p.fact;
    const { userId, metadata, conversation } = group;
    const exact = await this.db.memories.where('[userId+category+hash]').equals([userId, category, p.hash]).first();
    const nearest = exact || !p.vector ? null : this.nearestIncluding(p.vector, userId, category, pending);
    const decision = decideDedup(exact?.id ?? null, nearest, threshold);
    if (decision.kind === 'new') {
      const rec = this.newRecord(p, userId, metadata, now, conversation?.id ?? null);
      await this.db.memories.add(rec);
      await this.db.history.add(this.historyEntry(rec, 'ADD', null, rec, 'add', now));
      pending.set(rec.id, rec);
      return { id: rec.id, memory: rec.text, event: 'ADD', category };
    }
    const old = pending.get(decision.id) ?? ((await this.db.memories.get(decision.id)) as MemoryRecord);
    if (decision.kind === 'same') {
      // Saying a fact again renews its horizon; the text is unchanged, so no history entry.
      const renewed: MemoryRecord = {
        ...old, updatedAt: now, expiresAt: expiresAtFor(category, now), reviewAt: reviewAtFor(category, now),
        metadata: { ...old.metadata, ...metadata },
      };
      await this.db.memories.put(renewed);
      pending.set(renewed.id, renewed);
      return { id: old.id, memory: old.text, event: 'NONE', category };
    }
    const fresh = this.newRecord(p, userId, metadata, now, conversation?.id ?? old.sourceConversationId);
    const updated: MemoryRecord = { ...fresh, id: old.id, createdAt: old.createdAt, pinned: old.pinned, metadata: { ...old.metadata, ...metadata } };
    await this.db.memories.put(updated);
    await this.db.history.add(this.historyEntry(updated, 'UPDATE', old, updated, 'near-duplicate', now, decision.similarity));
    pending.set(updated.id, updated);
    return { id: updated.id, memory: updated.text, event: 'UPDATE', category, previousMemory: old.text, similarity: decision.similarity };
  }

  private nearestIncluding(vector: Float32Array, userId: string, category: MemoryCategory, pending: Map<string, MemoryRecord>): { id: string; score: number } | null {
    let best = this.index.nearest(vector, userId, category, new Set(pending.keys()));
    for (const m of pending.values()) {
      if (m.userId !== userId || m.category !== category || !m.embedding || m.embedding.length !== vector.length) continue;
      const score = cosine(vector, m.embedding);
      if (!best || score > best.score) best = { id: m.id, score };
    }
    return best;
  }

  // ------------------------------------------------------------------ read

  async get(id: string): Promise<MemoryItem | null> {
    const m = await this.db.memories.get(id);
    return m ? toItem(m, this.now()) : null;
  }

  /** Memories of a user (or everyone), newest first; expired ones only with filters.includeExpired. */
  async getAll(opts: ListOptions = {}): Promise<MemoryItem[]> {
    const now = this.now();
    const spec: FilterSpec = { ...opts.filters, userId: opts.userId, now };
    const rows = opts.userId !== undefined
      ? await this.db.memories.where('userId').equals(opts.userId).toArray()
      : await this.db.memories.toArray();
    const items = rows.filter((m) => matchesFilters(m, spec)).sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
    return (opts.limit !== undefined ? items.slice(0, opts.limit) : items).map((m) => toItem(m, now));
  }

  async search(query: string, opts: SearchOptions = {}): Promise<SearchResult> {
    if (typeof query !== 'string' || query.trim() === '') {
      throw new RouterError('EMPTY_INPUT', 'Type something to search for.');
    }
    const limit = Math.max(0, Math.floor(opts.limit ?? 10));
    const wanted: SearchMode = opts.mode ?? (this.embedderValue ? 'hybrid' : 'keyword');
    const vector = wanted !== 'keyword' && this.embedderValue && this.index.vectorCount > 0
      ? (await this.embedderValue.embed([query]))[0]
      : null;
    const mode = this.index.effectiveMode(wanted, vector);
    const now = this.now();
    const hits = this.index.search(query, vector, mode, limit, { ...opts.filters, userId: opts.userId, now });
    const records = await this.db.memories.bulkGet(hits.map((h) => h.id));
    const results: SearchResultItem[] = [];
    hits.forEach((hit, i) => {
      const m = records[i];
      if (!m) return; // deleted by another tab a moment ago
      const similarity = vector ? this.index.similarity(hit.id, vector) : undefined;
      const floor = mode === 'keyword' ? hit.score : similarity;
      if (opts.threshold !== undefined && (floor === undefined || floor < opts.threshold)) return;
      const item: SearchResultItem = { ...toItem(m, now), score: hit.score };
      if (similarity !== undefined) item.similarity = similarity;
      results.push(item);
    });
    return { results, mode };
  }

  async history(memoryId: string): Promise<HistoryRecord[]> {
    const rows = await this.db.history.where('memoryId').equals(memoryId).toArray();
    return rows.sort((a, b) => a.createdAt - b.createdAt || HISTORY_ORDER[a.event] - HISTORY_ORDER[b.event]);
  }

  async getConversation(id: string): Promise<ConversationRecord | null> {
    return (await this.db.conversations.get(id)) ?? null;
  }

  /** Evolving memories (interaction preferences) whose review date has passed. */
  async dueForReview(opts: { userId?: string } = {}): Promise<MemoryItem[]> {
    const now = this.now();
    const rows = await this.db.memories.where('reviewAt').belowOrEqual(now).toArray();
    return rows.filter((m) => opts.userId === undefined || m.userId === opts.userId).map((m) => toItem(m, now));
  }

  // ------------------------------------------------------------------ write

  /** Changes a memory's text (a string) or its text, category, pin and metadata (a patch). */
  async update(id: string, patch: string | MemoryPatch): Promise<MemoryItem> {
    const change: MemoryPatch = typeof patch === 'string' ? { text: patch } : patch;
    const text = change.text !== undefined ? checkText(change.text, 'new text') : undefined;
    const category = change.category !== undefined ? checkCategory(change.category, 'The category') : undefined;
    const hash = text !== undefined ? await contentHash(text) : undefined;
    const vector = text !== undefined && this.embedderValue ? (await this.embedderValue.embed([text]))[0] : undefined;
    let result!: MemoryRecord;
    await this.write(['memories', 'history'], async () => {
      const old = await this.db.memories.get(id);
      if (!old) throw new RouterError('NOT_FOUND', `No memory with id ${id}: it may have been deleted (in another tab?). Reload the list.`);
      const now = this.now();
      const cat = category ?? old.category;
      const info = categoryInfo(cat);
      const next: MemoryRecord = { ...old, updatedAt: now, expiresAt: expiresAtFor(cat, now), reviewAt: reviewAtFor(cat, now) };
      if (text !== undefined) {
        Object.assign(next, { text, hash });
        if (vector) Object.assign(next, { embedding: vector, embeddingModel: this.embedderValue!.id, embeddingDim: this.embedderValue!.dimension });
        else Object.assign(next, { embedding: null, embeddingModel: null, embeddingDim: null });
      }
      if (category !== undefined) Object.assign(next, { category, scope: info.scope, persistence: info.horizon });
      if (change.pinned !== undefined) next.pinned = change.pinned;
      if (change.metadata !== undefined) next.metadata = { ...change.metadata };
      await this.db.memories.put(next);
      if (next.text !== old.text || next.category !== old.category) {
        await this.db.history.add(this.historyEntry(next, 'UPDATE', old, next, 'edit', now));
      }
      result = next;
      return () => this.index.upsert(next);
    });
    return toItem(result, this.now());
  }

  /** Pinned memories never expire. */
  pin(id: string, pinned = true): Promise<MemoryItem> {
    return this.update(id, { pinned });
  }

  async delete(id: string): Promise<void> {
    await this.write(['memories', 'history'], async () => {
      const old = await this.db.memories.get(id);
      if (!old) throw new RouterError('NOT_FOUND', `No memory with id ${id}: it may already be deleted. Reload the list.`);
      await this.db.memories.delete(id);
      await this.db.history.add(this.historyEntry(old, 'DELETE', old, null, 'delete', this.now()));
      return () => this.index.remove(id);
    });
  }

  /** Deletes every memory of a user (or of everyone); the history log keeps a DELETE per memory. */
  async deleteAll(opts: { userId?: string } = {}): Promise<number> {
    return this.deleteWhere((m) => opts.userId === undefined || m.userId === opts.userId, 'delete-all');
  }

  /** Deletes expired memories (pinned ones never expire); returns how many. */
  async purgeExpired(opts: { userId?: string } = {}): Promise<number> {
    const now = this.now();
    return this.deleteWhere((m) => (opts.userId === undefined || m.userId === opts.userId) && isExpired(m, now), 'expired');
  }

  private async deleteWhere(match: (m: MemoryRecord) => boolean, reason: string): Promise<number> {
    let count = 0;
    await this.write(['memories', 'history'], async () => {
      const now = this.now();
      const doomed = (await this.db.memories.toArray()).filter(match);
      await this.db.memories.bulkDelete(doomed.map((m) => m.id));
      await this.db.history.bulkAdd(doomed.map((m) => this.historyEntry(m, 'DELETE', m, null, reason, now)));
      count = doomed.length;
      return () => doomed.forEach((m) => this.index.remove(m.id));
    });
    return count;
  }

  /** Empties every table: memories, history and conversations. */
  async reset(): Promise<void> {
    await this.write(['memories', 'history', 'conversations'], async () => {
      await Promise.all([this.db.memories.clear(), this.db.history.clear(), this.db.conversations.clear()]);
      return () => this.index.clear();
    });
  }

  // ------------------------------------------------------------------ export / import

  async exportAll(): Promise<MemoryExport> {
    const data = await this.db.transaction('r', this.db.memories, this.db.history, this.db.conversations, async () => ({
      memories: await this.db.memories.orderBy('id').toArray(),
      history: await this.db.history.orderBy('id').toArray(),
      conversations: await this.db.conversations.orderBy('id').toArray(),
    }));
    return buildExport(data, new Date(this.now()));
  }

  /**
   * Validates the whole file first (a bad one is refused with the first problem and changes
   * nothing), then writes it in one transaction. replace: the store becomes the file. merge: rows
   * are added; a memory present on both sides keeps the more recently updated version.
   */
  async importAll(input: unknown, opts: ImportOptions = {}): Promise<ImportSummary> {
    const data = validateExport(input, opts.source);
    const rehashed = await rehashImported(data);
    const mode = opts.mode ?? 'replace';
    await this.write(['memories', 'history', 'conversations'], async () => {
      if (mode === 'replace') {
        await Promise.all([this.db.memories.clear(), this.db.history.clear(), this.db.conversations.clear()]);
        await this.db.memories.bulkAdd(data.memories);
      } else {
        const existing = await this.db.memories.bulkGet(data.memories.map((m) => m.id));
        await this.db.memories.bulkPut(data.memories.filter((m, i) => !existing[i] || existing[i]!.updatedAt < m.updatedAt));
      }
      await this.db.history.bulkPut(data.history);
      await this.db.conversations.bulkPut(data.conversations);
      return undefined;
    });
    await this.exclusive(() => this.rebuildIndex());
    if (this.embedderValue) await this.reembedStale();
    return { memories: data.memories.length, history: data.history.length, conversations: data.conversations.length, rehashed };
  }

  // ------------------------------------------------------------------ internals

  /** Runs `fn` after every earlier write of this store has finished. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * One write: queued, one rw transaction over `tables`, storage-full mapped to STORAGE_FULL.
   * `body` returns what to change in the search index, applied only once the transaction commits.
   */
  private write(tables: Array<'memories' | 'history' | 'conversations'>, body: () => Promise<(() => void) | undefined>): Promise<void> {
    return this.exclusive(async () => {
      let apply: (() => void) | undefined;
      try {
        const tx = tables.map((t) => this.db[t] as Table);
        apply = await this.db.transaction('rw', tx, body);
      } catch (e) {
        if (isQuotaError(e)) throw new RouterError('STORAGE_FULL', STORAGE_FULL_MESSAGE);
        throw toRouterError(e);
      }
      apply?.();
    });
  }

  private async rebuildIndex(): Promise<void> {
    const embedder = this.embedderValue;
    this.index.clear();
    this.index.setSpace(embedder ? { id: embedder.id, dimension: embedder.dimension } : null);
    await this.db.memories.each((m) => this.index.upsert(m));
  }

  /**
   * Dexie fires storagemutated for every committed write, in this tab and (through
   * BroadcastChannel) in others. The parts name the changed primary keys of the memories table;
   * those rows are re-read and re-indexed (unchanged stamps are skipped, so our own writes cost
   * one read). A range (a clear() elsewhere) rebuilds the index.
   */
  private async followExternalWrites(parts: ObservabilitySet): Promise<void> {
    const tree = parts[`idb://${this.db.name}/memories/`];
    if (!tree || !this.syncing) return;
    const keys: string[] = [];
    let whole = false;
    const walk = (node: unknown): void => {
      const n = node as { from?: unknown; to?: unknown; l?: unknown; r?: unknown } | null | undefined;
      if (!n || n.from === undefined) return;
      if (n.from === n.to && typeof n.from === 'string') keys.push(n.from);
      else whole = true;
      walk(n.l);
      walk(n.r);
    };
    walk(tree);
    try {
      await this.exclusive(async () => {
        if (!this.db.isOpen()) return;
        if (whole) { await this.rebuildIndex(); return; }
        const rows = await this.db.memories.bulkGet(keys);
        rows.forEach((m, i) => (m ? this.index.upsert(m) : this.index.remove(keys[i])));
      });
    } catch {
      // A closed or deleted database in another tab: the next open rebuilds the index anyway.
    }
  }
}

const HISTORY_ORDER: Record<HistoryRecord['event'], number> = { ADD: 0, UPDATE: 1, DELETE: 2 };
