/**
 * The one Dexie schema of the memory layer, versioned. Every table uses string uuid keys (never
 * auto-increment) so the data can later sync through Dexie Cloud without renumbering.
 *
 * Rules for changing it: never edit a declared version; add a new entry to SCHEMA_VERSIONS with the
 * full store list and, where old rows need new fields, an upgrade function. Tests open every older
 * version, write, and reopen at the latest (tests/memory/db-migration.test.ts).
 */
import Dexie, { type DexieOptions, type EntityTable, type Transaction } from 'dexie';
import type { Conversation } from '../core/conversation';
import type { Horizon, MemoryCategory } from '../core/taxonomy';
import type { ClassifyTimings } from '../core/contracts';
import { reviewAtFor } from './expiry';

export type StoredScope = 'company' | 'user';

export interface MemoryRecord {
  id: string;
  text: string;
  category: MemoryCategory;
  /** Copied from the taxonomy at write time so filters need no lookup. */
  scope: StoredScope;
  persistence: Horizon;
  userId: string;
  metadata: Record<string, unknown>;
  /** Milliseconds since the epoch, like every time in this schema. */
  createdAt: number;
  updatedAt: number;
  /** null = never expires (long-lived categories). Pinned memories ignore it. */
  expiresAt: number | null;
  /** When the owner should look at it again (evolving categories); null = no review. Added in v2. */
  reviewAt: number | null;
  pinned: boolean;
  /** SHA-256 (hex) of the normalised text: the exact-duplicate key. */
  hash: string;
  /** L2-normalised vector of `embeddingModel`; null when stored without an embedder. */
  embedding: Float32Array | null;
  embeddingModel: string | null;
  embeddingDim: number | null;
  sourceConversationId: string | null;
}

export interface ConversationRecord {
  id: string;
  userId: string;
  /** The conversation as it was given (transcript text or JSON-turned-transcript). */
  text: string;
  turns: Conversation;
  /** Routing of the whole conversation, when the caller routed it before saving. */
  routing: { categories: string[]; scores?: Record<string, number>; raw?: string } | null;
  /** Engine that routed or extracted the facts, e.g. "router-lite" or a WebLLM model id. */
  engine: string | null;
  timings: ClassifyTimings | null;
  createdAt: number;
  memoryIds: string[];
  /** What the source said about the conversation (an export's title, times, id); absent when nothing. */
  metadata?: Record<string, unknown>;
}

export type HistoryEvent = 'ADD' | 'UPDATE' | 'DELETE';

export interface HistoryRecord {
  id: string;
  memoryId: string;
  userId: string;
  event: HistoryEvent;
  oldText: string | null;
  newText: string | null;
  oldCategory: MemoryCategory | null;
  newCategory: MemoryCategory | null;
  /** Why: 'add', 'duplicate-hash', 'near-duplicate', 'edit', 'delete', 'expired', 'import'... */
  reason: string;
  /** Cosine similarity that caused a near-duplicate UPDATE. */
  similarity?: number;
  createdAt: number;
}

export type MemoryTables = {
  memories: EntityTable<MemoryRecord, 'id'>;
  conversations: EntityTable<ConversationRecord, 'id'>;
  history: EntityTable<HistoryRecord, 'id'>;
};

export type MemoryDexie = Dexie & MemoryTables;

export interface SchemaVersion {
  version: number;
  stores: Record<keyof MemoryTables, string>;
  /** Fills new fields of existing rows; runs inside Dexie's upgrade transaction. */
  upgrade?: (tx: Transaction) => Promise<void>;
}

const V1_STORES: SchemaVersion['stores'] = {
  memories: 'id, userId, category, [userId+category], hash, expiresAt, updatedAt, sourceConversationId',
  conversations: 'id, userId, createdAt',
  history: 'id, memoryId, userId, createdAt',
};

export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  { version: 1, stores: V1_STORES },
  {
    // v2: the exact-duplicate lookup becomes one compound-index probe instead of a category scan,
    // and evolving categories get a review date the UI can list ("due for review").
    version: 2,
    stores: { ...V1_STORES, memories: `${V1_STORES.memories}, [userId+category+hash], reviewAt` },
    upgrade: async (tx) => {
      await tx.table<MemoryRecord, string>('memories').toCollection().modify((m) => {
        if (m.reviewAt === undefined) m.reviewAt = reviewAtFor(m.category, m.updatedAt);
      });
    },
  },
  {
    // v3: only the indexes something reads. Every index is written with every row: each one costs
    // an import of 100k memories about two seconds here. userId is answered from [userId+category]
    // (a Dexie virtual index: its first part); hash, expiresAt, sourceConversationId and the
    // createdAt of history and conversations were never queried. ([userId+category] stays: a
    // virtual index two parts short of a three-part one pads its range with the same key object
    // twice, which fake-indexeddb, following the spec, refuses as a DataError.)
    version: 3,
    stores: {
      memories: 'id, category, updatedAt, [userId+category], [userId+category+hash], reviewAt',
      conversations: 'id, userId',
      history: 'id, memoryId, userId',
    },
  },
];

export const LATEST_SCHEMA_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1].version;
export const DEFAULT_DB_NAME = 'memory-router';

export interface OpenDbOptions extends DexieOptions {
  /** Declare versions only up to this one (migration tests open old schemas). */
  upToVersion?: number;
}

/**
 * Creates (does not open) the Dexie database. Writes default to relaxed durability: a memory store
 * survives a crash losing the last second of writes, and bulk imports run several times faster.
 */
export function createMemoryDb(name = DEFAULT_DB_NAME, opts: OpenDbOptions = {}): MemoryDexie {
  const { upToVersion = LATEST_SCHEMA_VERSION, ...dexieOpts } = opts;
  const db = new Dexie(name, { chromeTransactionDurability: 'relaxed', ...dexieOpts }) as MemoryDexie;
  for (const v of SCHEMA_VERSIONS) {
    if (v.version > upToVersion) break;
    const declared = db.version(v.version).stores(v.stores);
    if (v.upgrade) declared.upgrade(v.upgrade);
  }
  return db;
}
