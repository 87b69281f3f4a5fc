/**
 * How memory and history rows are made, in one place: the store's writers, imports and the
 * benchmark's bulk loader all build records here, so a field added to the schema is filled
 * everywhere at once.
 */
import { categoryInfo, type MemoryCategory } from '../core/taxonomy';
import type { HistoryRecord, MemoryRecord, StoredScope } from './db';
import { expiresAtFor, isDueForReview, isExpired, reviewAtFor } from './expiry';
import { newId } from './ids';
import type { MemoryItem } from './store-types';

export interface RecordInput {
  text: string;
  category: MemoryCategory;
  userId: string;
  /** SHA-256 of the normalised text (contentHash). */
  hash: string;
  metadata?: Record<string, unknown>;
  /** L2-normalised vector and the embedder it came from; null without an embedder. */
  vector?: { data: Float32Array; model: string } | null;
  sourceConversationId?: string | null;
  id?: string;
}

/** A new memory row, its horizon fields computed from the category at `now`. */
export function makeMemoryRecord(input: RecordInput, now: number): MemoryRecord {
  const info = categoryInfo(input.category);
  const v = input.vector ?? null;
  return {
    id: input.id ?? newId(),
    text: input.text,
    category: input.category,
    scope: info.scope as StoredScope,
    persistence: info.horizon,
    userId: input.userId,
    metadata: { ...(input.metadata ?? {}) },
    createdAt: now,
    updatedAt: now,
    expiresAt: expiresAtFor(input.category, now, input.metadata),
    reviewAt: reviewAtFor(input.category, now),
    pinned: false,
    hash: input.hash,
    embedding: v ? v.data : null,
    embeddingModel: v ? v.model : null,
    embeddingDim: v ? v.data.length : null,
    sourceConversationId: input.sourceConversationId ?? null,
  };
}

/** The same memory said again (or edited): horizon renewed from `now`, metadata as it will be stored. */
export function renewed(m: MemoryRecord, now: number, category: MemoryCategory = m.category, metadata: Record<string, unknown> = m.metadata): MemoryRecord {
  return { ...m, metadata, updatedAt: now, expiresAt: expiresAtFor(category, now, metadata), reviewAt: reviewAtFor(category, now) };
}

export function historyEntry(
  m: Pick<MemoryRecord, 'id' | 'userId'>, event: HistoryRecord['event'], old: MemoryRecord | null, next: MemoryRecord | null,
  reason: string, now: number, similarity?: number,
): HistoryRecord {
  const h: HistoryRecord = {
    id: newId(), memoryId: m.id, userId: m.userId, event,
    oldText: old?.text ?? null, newText: next?.text ?? null,
    oldCategory: old?.category ?? null, newCategory: next?.category ?? null,
    reason, createdAt: now,
  };
  if (similarity !== undefined) h.similarity = similarity;
  return h;
}

/** A memory as the API returns it: no vector, plus its horizon state at `now`. */
export function toItem(m: MemoryRecord, now: number): MemoryItem {
  const { embedding: _vector, ...rest } = m;
  return { ...rest, expired: isExpired(m, now), dueForReview: isDueForReview(m, now) };
}
