/**
 * The one way in for memories. Every save (a single paste, a batch, a chat message, an imported
 * transcript, the API's add) arrives here as conversations with their routing and the facts chosen
 * from them, and is written in ONE transaction: conversation records, memories and history
 * together, or nothing. Each fact is deduplicated against the store and against the facts before
 * it in the same call: the same text (by hash) renews the existing memory, a near duplicate (by
 * cosine, threshold measured per embedder) updates it, anything else is added.
 */
import { RouterError } from '../core/errors';
import { formatTranscript, type Conversation } from '../core/conversation';
import type { ClassifyResult, Embedder, Fact, WorkProgress } from '../core/contracts';
import { cosineOfUnit } from '../core/util/vector-math';
import { isCategoryName, type MemoryCategory } from '../core/taxonomy';
import type { ConversationRecord, MemoryDexie, MemoryRecord } from './db';
import { decideDedup } from './dedup';
import { contentHash } from './hash';
import { newId } from './ids';
import type { IndexBackend } from './index-backend';
import { hasVectorOf } from './memory-index';
import type { SearchHit } from './search';
import { historyEntry, makeMemoryRecord, renewed } from './records';
import { checkUserId } from './scope';
import type { AddResult, AddResultItem } from './store-types';
import type { WriteQueue } from './write-queue';

export const MAX_MEMORY_CHARS = 20_000;
const EMBED_BATCH = 64;

export interface IngestItem {
  /** The conversation the facts came from; stored as its own record unless saveConversation is false. */
  turns: Conversation;
  /** The conversation as the person gave it (a transcript); defaults to the turns as a transcript. */
  text?: string;
  /** The routing answer shown for it, stored with it. */
  routing?: ClassifyResult | null;
  /** What to keep: the engine's proposed memories, as the person edited them. */
  facts: readonly Fact[];
  /** Trimmed; a blank id is refused. */
  userId: string;
  /** Stored with each memory of this item. */
  metadata?: Record<string, unknown>;
  /** Stored with the conversation record: its title and times in the source (an export), etc. */
  conversationMetadata?: Record<string, unknown>;
  saveConversation?: boolean;
  /**
   * true: a near duplicate (by cosine) is stored as its own memory instead of updating the closest
   * one; the same text (by hash) is still one memory. For "keep my text as a new memory".
   */
  keepNearDuplicates?: boolean;
}

export interface IngestOptions {
  signal?: AbortSignal;
  onProgress?: (p: WorkProgress) => void;
}

/** What the ingest path needs from the store it belongs to. */
export interface IngestContext {
  db: MemoryDexie;
  queue: WriteQueue;
  index: IndexBackend;
  embedder(): Embedder | null;
  dedupThreshold(): number;
  now(): number;
  /** Strictly increasing time for history entries. */
  stamp(): number;
}

interface Prepared {
  fact: Fact;
  hash: string;
  vector: Float32Array | null;
  userId: string;
}

/**
 * Dedup candidates asked of the index before the transaction, per fact: its k closest memories of
 * the same user and category, k = one more than the facts before it in this call with that user and
 * category (each of those may write one of the candidates, which then no longer counts), at most
 * CANDIDATES_MAX; when every candidate was written in this call, the transaction scans the group.
 */
interface Candidates {
  hits: SearchHit[];
  k: number;
}

const CANDIDATES_MAX = 32;

/** A fact's text, trimmed and within limits; RouterError otherwise. */
export function checkFactText(text: unknown, what = 'memory text'): string {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new RouterError('EMPTY_INPUT', `Nothing to remember: the ${what} is empty. Type or paste some text.`);
  }
  if (text.length > MAX_MEMORY_CHARS) {
    throw new RouterError('INPUT_TOO_LARGE', `The ${what} has ${text.length} characters; a memory holds at most ${MAX_MEMORY_CHARS}. Shorten it, or add it as a conversation so it is split into facts.`);
  }
  return text.trim();
}

export function checkCategory(value: unknown, where: string): MemoryCategory {
  if (!isCategoryName(value) || value === 'none') {
    throw new RouterError('WRONG_SCHEMA', `${where} is ${JSON.stringify(value)}, which is not a memory category. Pick one of the 12 categories.`);
  }
  return value;
}

function conversationRecord(item: IngestItem, now: number): ConversationRecord {
  const r = item.routing;
  return {
    id: newId(),
    userId: item.userId,
    text: item.text ?? formatTranscript(item.turns),
    turns: item.turns.map((t) => ({ role: t.role, content: t.content })),
    routing: r
      ? { categories: [...r.categories], ...(r.scores ? { scores: { ...r.scores } as Record<string, number> } : {}), raw: r.raw }
      : null,
    engine: r?.engine ?? null,
    timings: r?.timings ?? null,
    createdAt: now,
    memoryIds: [],
    ...(item.conversationMetadata && Object.keys(item.conversationMetadata).length ? { metadata: { ...item.conversationMetadata } } : {}),
  };
}

export class Ingest {
  constructor(private readonly ctx: IngestContext) {}

  /** Validates, embeds and writes every item in one transaction; one AddResult per item, in order. */
  async run(input: readonly IngestItem[], opts: IngestOptions = {}): Promise<AddResult[]> {
    const items = input.map((it) => ({ ...it, userId: checkUserId(it.userId) }));
    const facts = items.flatMap((it) => it.facts.map((f) => ({ ...f, text: checkFactText(f.text), category: checkCategory(f.category, 'A fact\'s category'), userId: it.userId })));
    const prepared = await this.prepare(facts, opts);
    opts.signal?.throwIfAborted();
    const out: AddResult[] = [];
    await this.ctx.queue.exclusive(async () => {
      // Asked inside the queue, so the memories of writes queued before this one are candidates too.
      const candidates = await this.candidates(prepared);
      await this.ctx.queue.transact(['memories', 'history', 'conversations'], async () => {
        const now = this.ctx.now();
        const threshold = this.ctx.dedupThreshold();
        // Written in this transaction: the search index does not know them until it commits.
        const pending = new Map<string, MemoryRecord>();
        let next = 0;
        for (const item of items) {
          // Throwing here aborts the transaction: a cancel before the commit stores nothing.
          if (opts.signal?.aborted) throw new RouterError('CANCELLED', 'Cancelled before saving: nothing was stored.');
          const conversation = item.saveConversation === false ? null : conversationRecord(item, now);
          const results: AddResultItem[] = [];
          for (let f = 0; f < item.facts.length; f++) {
            const at = next++;
            results.push(await this.writeFact(prepared[at], candidates[at], item, conversation?.id ?? null, pending, now, threshold));
          }
          if (conversation) {
            conversation.memoryIds = [...new Set(results.map((r) => r.id))];
            await this.ctx.db.conversations.add(conversation);
          }
          out.push(conversation ? { results, conversationId: conversation.id } : { results });
        }
        return () => this.ctx.index.apply({ upsert: [...pending.values()] });
      });
    });
    return out;
  }

  private async candidates(prepared: readonly Prepared[]): Promise<Array<Candidates | null>> {
    const seen = new Map<string, number>();
    const asks: Array<{ at: number; k: number }> = [];
    prepared.forEach((p, at) => {
      const group = `${p.userId}\u0000${p.fact.category}`;
      const before = seen.get(group) ?? 0;
      seen.set(group, before + 1);
      if (p.vector) asks.push({ at, k: Math.min(before + 1, CANDIDATES_MAX) });
    });
    const out: Array<Candidates | null> = prepared.map(() => null);
    if (!asks.length) return out;
    const hits = await this.ctx.index.nearest(asks.map(({ at, k }) => ({
      vector: prepared[at].vector as Float32Array, userId: prepared[at].userId, category: prepared[at].fact.category, k,
    })));
    asks.forEach(({ at, k }, i) => { out[at] = { hits: hits[i] ?? [], k }; });
    return out;
  }

  private async prepare(facts: Array<Fact & { userId: string }>, opts: IngestOptions): Promise<Prepared[]> {
    const hashes = await Promise.all(facts.map((f) => contentHash(f.text)));
    const embedder = this.ctx.embedder();
    const vectors: Float32Array[] = [];
    if (embedder) {
      for (let i = 0; i < facts.length; i += EMBED_BATCH) {
        opts.signal?.throwIfAborted();
        vectors.push(...(await embedder.embed(facts.slice(i, i + EMBED_BATCH).map((f) => f.text))));
        opts.onProgress?.({ done: Math.min(facts.length, i + EMBED_BATCH), total: facts.length, phase: 'Embedding memories' });
      }
    }
    return facts.map(({ userId, ...fact }, i) => ({ fact, userId, hash: hashes[i], vector: vectors[i] ?? null }));
  }

  /** One fact inside the write transaction: ADD, NONE (same text) or UPDATE (near duplicate). */
  private async writeFact(p: Prepared, candidates: Candidates | null, item: IngestItem, conversationId: string | null, pending: Map<string, MemoryRecord>, now: number, threshold: number): Promise<AddResultItem> {
    const { db } = this.ctx;
    const { category } = p.fact;
    const metadata = item.metadata ?? {};
    const exact = await db.memories.where('[userId+category+hash]').equals([item.userId, category, p.hash]).first();
    // Reads inside the transaction see its own earlier writes, so a fact repeated in one batch is found here too.
    const nearest = exact || !p.vector || item.keepNearDuplicates ? null : await this.nearest(p.vector, candidates, item.userId, category, pending);
    const decision = decideDedup(exact?.id ?? null, nearest, threshold);
    const embedder = this.ctx.embedder();
    const vector = p.vector && embedder ? { data: p.vector, model: embedder.id } : null;
    if (decision.kind === 'new') {
      const rec = makeMemoryRecord({ text: p.fact.text, category, userId: item.userId, hash: p.hash, metadata, vector, sourceConversationId: conversationId }, now);
      await db.memories.add(rec);
      await db.history.add(historyEntry(rec, 'ADD', null, rec, 'add', this.ctx.stamp()));
      pending.set(rec.id, rec);
      return { id: rec.id, memory: rec.text, event: 'ADD', category };
    }
    const old = pending.get(decision.id) ?? ((await db.memories.get(decision.id)) as MemoryRecord);
    if (decision.kind === 'same') {
      // Saying a fact again renews its horizon; the text is unchanged, so no history entry.
      const again: MemoryRecord = renewed(old, now, old.category, { ...old.metadata, ...metadata });
      await db.memories.put(again);
      pending.set(again.id, again);
      return { id: old.id, memory: old.text, event: 'NONE', category };
    }
    const merged = { ...old.metadata, ...metadata };
    const fresh = makeMemoryRecord({ text: p.fact.text, category, userId: item.userId, hash: p.hash, metadata: merged, vector, sourceConversationId: conversationId ?? old.sourceConversationId }, now);
    const updated: MemoryRecord = { ...fresh, id: old.id, createdAt: old.createdAt, pinned: old.pinned };
    await db.memories.put(updated);
    await db.history.add(historyEntry(updated, 'UPDATE', old, updated, 'near-duplicate', this.ctx.stamp(), decision.similarity));
    pending.set(updated.id, updated);
    return { id: updated.id, memory: updated.text, event: 'UPDATE', category, previousMemory: old.text, similarity: decision.similarity };
  }

  /** The closest memory of this user and category: the index's candidates, then this call's own writes. */
  private async nearest(vector: Float32Array, candidates: Candidates | null, userId: string, category: MemoryCategory, pending: Map<string, MemoryRecord>): Promise<{ id: string; score: number } | null> {
    let best: { id: string; score: number } | null = candidates?.hits.find((h) => !pending.has(h.id)) ?? null;
    if (!best && candidates && candidates.hits.length === candidates.k) best = await this.scanGroup(vector, userId, category, pending);
    for (const m of pending.values()) {
      if (m.userId !== userId || m.category !== category || !m.embedding || m.embedding.length !== vector.length) continue;
      const score = cosineOfUnit(vector, m.embedding);
      if (!best || score > best.score) best = { id: m.id, score };
    }
    return best;
  }

  /**
   * Every candidate the index gave was rewritten earlier in this call: read the group inside the
   * transaction (the index may be in a worker, and a transaction cannot wait for one) and scan it.
   */
  private async scanGroup(vector: Float32Array, userId: string, category: MemoryCategory, pending: Map<string, MemoryRecord>): Promise<{ id: string; score: number } | null> {
    const space = this.ctx.index.space;
    let best: { id: string; score: number } | null = null;
    for (const m of await this.ctx.db.memories.where('[userId+category]').equals([userId, category]).toArray()) {
      if (pending.has(m.id) || !hasVectorOf(m, space) || m.embedding!.length !== vector.length) continue;
      const score = cosineOfUnit(vector, m.embedding!);
      if (!best || score > best.score) best = { id: m.id, score };
    }
    return best;
  }
}
