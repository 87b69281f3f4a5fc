/** The memory layer's public surface, for the UI and for other apps. */
export {
  MemoryStore, DEFAULT_USER_ID, MAX_MEMORY_CHARS, STORAGE_FULL_MESSAGE,
  type MemoryStoreOptions, type AddOptions, type AddResult, type AddResultItem, type AddEvent, type MemoryItem,
  type AddManyOptions, type AddManyResult,
  type SearchOptions, type SearchResult, type SearchResultItem, type ListOptions, type MemoryPatch,
  type ImportOptions, type ImportProgress, type ImportSummary, type MessagesOrText, type RouteQueryFn, type UpdateOptions,
} from './memory-store';
export { categoryPriorOf, DEFAULT_CATEGORY_PRIOR_WEIGHT, type CategoryPrior } from './search';
export type { StoredScope } from './db';
export { LOSS_MESSAGES, type StoreLoss, type StoreLossReason } from './db-watch';
export {
  createMemoryDb, SCHEMA_VERSIONS, LATEST_SCHEMA_VERSION, DEFAULT_DB_NAME,
  type MemoryRecord, type ConversationRecord, type HistoryRecord, type HistoryEvent, type MemoryDexie, type OpenDbOptions,
} from './db';
export type { MemoryFilters, Overview, OverviewGroup, IndexStats } from './memory-index';
export { createSearchWorker, type IndexWorkerLike } from './index-worker-client';
export type { IndexEvent, IndexListener } from './index-backend';
export type { IngestItem, IngestOptions } from './ingest';
export { makeMemoryRecord, type RecordInput } from './records';
export { expiresAtFor, reviewAtFor, isExpired, isDueForReview, expiryTable, type ExpiryRow } from './expiry';
export { DEDUP_THRESHOLDS, FALLBACK_DEDUP_THRESHOLD, dedupThresholdFor } from './dedup';
export { EXPORT_FORMAT, EXPORT_VERSION, validateExport, type MemoryExport } from './export-import';
export { contentHash, normalizeMemoryText } from './hash';
export { newId } from './ids';
export { summarizeSave, type SaveSummary, type MergedMemory } from './save-summary';
export {
  Mem0Memory, NO_USER_ID,
  type Mem0AddOptions, type Mem0AddResultItem, type Mem0DeleteAllOptions, type Mem0GetAllOptions, type Mem0HistoryRow,
  type Mem0MemoryItem, type Mem0Message, type Mem0SearchOptions, type Mem0UpdateOptions,
} from './mem0';
export type { DeleteAllOptions, ResetOptions } from './store-types';
