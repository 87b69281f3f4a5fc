/**
 * The public shapes of the MemoryStore API (options and results), apart from the store itself so
 * callers and the UI can import them without the implementation.
 */
import type { Conversation } from '../core/conversation';
import type { RouterError } from '../core/errors';
import type { CategoryName, MemoryCategory } from '../core/taxonomy';
import type { ClassifyResult, WorkProgress } from '../core/contracts';
import type { Embedder } from '../core/contracts';
import type { SearchMode } from './search';
import type { MemoryDexie, MemoryRecord, OpenDbOptions } from './db';
import type { ClassifyFn } from '../core/contracts';
import type { MemoryFilters } from './memory-index';
import type { IndexWorkerLike } from './index-worker-client';

export type RouteQueryFn = (query: string, opts?: { signal?: AbortSignal }) => Promise<Partial<Record<CategoryName, number>> | null | undefined>;

export type MessagesOrText = string | Conversation | ReadonlyArray<{ role?: string; content?: string }>;

export interface MemoryStoreOptions {
  dbName?: string;
  /** Passed to Dexie: indexedDB/IDBKeyRange (Node, tests), durability, schema version. */
  dbOptions?: OpenDbOptions;
  /** An existing (unopened or opened) database, e.g. one made by createMemoryDb in a test. */
  db?: MemoryDexie;
  /** null: keyword search only; vectors are added later with setEmbedder. Must be loaded. */
  embedder?: Embedder | null;
  /** Routes conversations for add(infer=true) (its proposed memories are stored) and picks the category of infer=false adds. */
  classify?: ClassifyFn | null;
  /**
   * Routes a search query to calibrated per-category probabilities (a router's
   * ClassifyResult.scores). Hybrid search then gives memories of the likely categories a prior: a
   * ranking signal, never a filter. A router that fails or answers nothing leaves search as it is.
   */
  routeQuery?: RouteQueryFn | null;
  /** Weight of that prior in the fused score (default DEFAULT_CATEGORY_PRIOR_WEIGHT; 0 turns it off). */
  categoryPriorWeight?: number;
  /** Overrides the measured per-embedder threshold (dedup.ts). */
  dedupThreshold?: number;
  /** Clock (tests move it to check expiry). */
  now?: () => number;
  /** Follow writes made by other tabs / workers (default true). */
  syncAcrossTabs?: boolean;
  /** Re-embed memories whose vectors belong to another embedder at open (default true). */
  reembedOnOpen?: boolean;
  /**
   * Makes the worker that holds the search index (the page passes createSearchWorker). Without it
   * the index lives in this thread (Node, tests); both run the same MemoryIndex.
   */
  searchWorker?: (() => IndexWorkerLike) | null;
  /**
   * Called when a save is about to embed its facts and no embedder is set: the app loads its
   * embedder on first need this way (not at start), and the save waits for it.
   */
  awaitEmbedder?: (() => Promise<void>) | null;
}

export interface AddOptions {
  userId?: string;
  metadata?: Record<string, unknown>;
  /** true (default): extract facts; false: store the text as one memory. */
  infer?: boolean;
  /** Category for infer=false (else metadata.category, else the classifier's top category). */
  category?: MemoryCategory;
  /** Routing of the whole conversation, when the caller already routed it (saved with it). */
  routing?: ClassifyResult;
  /** Save the conversation record with its facts (default true when infer is true). */
  saveConversation?: boolean;
  signal?: AbortSignal;
}

export type AddEvent = 'ADD' | 'UPDATE' | 'NONE';

export interface AddResultItem {
  id: string;
  memory: string;
  event: AddEvent;
  category: MemoryCategory;
  previousMemory?: string;
  /** Cosine similarity behind an UPDATE. */
  similarity?: number;
}

export interface AddResult {
  results: AddResultItem[];
  conversationId?: string;
}

export interface AddManyOptions {
  signal?: AbortSignal;
  /** After each item's facts are extracted (writing happens once, at the end). */
  onProgress?: (p: { done: number; total: number }) => void;
}

export interface AddManyResult {
  /** One per item, in order; null where the item could not be read (see errors). */
  results: Array<AddResult | null>;
  errors: Array<{ index: number; error: RouterError }>;
}


/** A memory as the API returns it: no vector, plus what the UI needs to know about its horizon. */
export interface MemoryItem extends Omit<MemoryRecord, 'embedding'> {
  expired: boolean;
  dueForReview: boolean;
}

export interface SearchOptions {
  userId?: string;
  /** A whole number, 0 or more (default 10). */
  limit?: number;
  filters?: MemoryFilters;
  /** Relevance floor, 0 to 1 in every mode: results whose `relevance` is below it are left out. */
  threshold?: number;
  /** Default: hybrid when an embedder is set, else keyword. */
  mode?: SearchMode;
  /** Use the store's category prior in hybrid mode (default true when the store has routeQuery). */
  categoryPrior?: boolean;
  signal?: AbortSignal;
}

export interface SearchResultItem extends MemoryItem {
  /** The mode's score: BM25, cosine, or the fused rank score. */
  score: number;
  /**
   * The score on a 0-1 scale, comparable across queries and modes, in the order of the results:
   * keyword = BM25 / the best BM25 any memory could reach for this query (every query word,
   * saturated); vector = cosine (negatives as 0); hybrid = the fused score / its maximum.
   */
  relevance: number;
  /** Cosine similarity to the query, where both have vectors. */
  similarity?: number;
}

export interface SearchResult {
  results: SearchResultItem[];
  mode: SearchMode;
  /** The category prior used (storable categories, summing to 1), when one was. */
  prior?: Readonly<Record<string, number>>;
}

export interface ListOptions {
  userId?: string;
  filters?: MemoryFilters;
  limit?: number;
}

export interface MemoryPatch {
  text?: string;
  category?: MemoryCategory;
  pinned?: boolean;
  /** Replaces the metadata. */
  metadata?: Record<string, unknown>;
  /** Merged into the metadata (after `metadata`, when both are given); a key set to null stays, as null. */
  mergeMetadata?: Record<string, unknown>;
}

export interface UpdateOptions {
  /**
   * The `updatedAt` of the version the edit started from. When the stored memory has another one
   * (changed in another tab since), the update is refused with CONFLICT (details.current holds the
   * stored version) and nothing is written. Without it, the update applies to whatever is stored.
   */
  expectedUpdatedAt?: number;
}

export interface DeleteAllOptions {
  /** Delete this user's memories (trimmed; a blank id is refused). */
  userId?: string;
  /** Without userId: required, to delete every user's memories. */
  all?: boolean;
  /** Narrows what is deleted (category, scope, metadata); expired memories are included. */
  filters?: Omit<MemoryFilters, 'includeExpired'>;
}

/** reset() empties everything only when asked to: `{ all: true }`; `{ userId }` resets one user. */
export type ResetOptions = { all: true; userId?: undefined } | { userId: string; all?: boolean };

export interface ImportOptions {
  /** merge (default) adds to the store; replace empties it first and needs `all: true`. */
  mode?: 'replace' | 'merge';
  all?: boolean;
  /** Name used in error messages, e.g. the file name. */
  source?: string;
  /**
   * Stops the import. Before the write commits nothing is changed (CANCELLED); during the
   * re-embedding that follows, the import stays written and `embedding.stopped` says so.
   */
  signal?: AbortSignal;
  /**
   * Reading, (in the page: embedding the memories that came without vectors,) checking, writing,
   * indexing, then re-embedding what is still without a vector. `written` says whether the write
   * has committed: before, a cancel changes nothing; after, it stops only the re-embedding.
   */
  onProgress?: (p: ImportProgress) => void;
}

/** An import's progress: the phase, how far it is, and whether the file is written yet. */
export interface ImportProgress extends WorkProgress {
  written: boolean;
}

/** Where a memory of the file went when its text was already stored under another id. */
export interface ImportMerge {
  /** The memory's id in the file. */
  fileId: string;
  /** The memory of this store it was merged into. */
  intoId: string;
  text: string;
}

export interface ImportTableCounts {
  inFile: number;
  added: number;
  /** The same entry (same id, same content) is already here. */
  present: number;
  /** An entry with this id but other content is here: kept as it is (the log is append-only). */
  conflicts: number;
}

/** An export ready to download: the file's text as a Blob, its name, and what it holds. */
export interface ExportFile {
  blob: Blob;
  name: string;
  counts: { memories: number; history: number; conversations: number };
}

/** What an import wrote, counted from the write itself. */
export interface ImportSummary {
  mode: 'merge' | 'replace';
  memories: {
    inFile: number;
    /** Written as new memories. */
    added: number;
    /** Same id here, and the file's version is more recently updated: replaced by it. */
    updated: number;
    /** Same text (content hash) for the same user and category under another id: merged into that memory. */
    merged: number;
    /** Same id, same version: nothing to write. */
    unchanged: number;
    /** Same id, but the version here is as new or newer: kept. */
    keptOurs: number;
    /** Not written, with the reason in `skipped`. */
    skipped: number;
  };
  history: ImportTableCounts;
  conversations: ImportTableCounts;
  /** Written memories whose text did not match their hash: re-hashed and queued for re-embedding. */
  rehashed: number;
  merges: ImportMerge[];
  skipped: Array<{ id: string; reason: string }>;
  /** Ids of history entries and conversations that were kept as they were (first 100 of each). */
  conflictIds: { history: string[]; conversations: string[] };
  /** The re-embedding after the write, when the store has an embedder. */
  embedding?: { done: number; total: number; stopped: boolean; error?: string };
}
