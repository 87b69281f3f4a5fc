/**
 * The shapes and argument rules of mem0's OSS TypeScript `Memory` (mem0-ts/src/oss), as the
 * adapter in mem0.ts speaks them: option and result types, identity checks with mem0's wording,
 * and how a stored memory becomes a mem0 memory item. The project's own fields (category, scope,
 * persistence, pinned, expiry) are added to each item, never in place of mem0's.
 */
import { RouterError } from '../core/errors';
import { isCategoryName, type MemoryCategory } from '../core/taxonomy';
import type { HistoryRecord, StoredScope } from './db';
import { EXPIRATION_DATE_KEY, parseIsoDay } from './expiry';
import type { MemoryFilters } from './memory-index';
import type { SearchMode } from './search';
import type { MemoryItem } from './store-types';

/** Identity keys: never taken from caller metadata (mem0 strips them too, so metadata cannot move a memory to another scope). */
export const IDENTITY_KEYS = ['user_id', 'agent_id', 'run_id', 'userId', 'agentId', 'runId', 'actor_id'] as const;

/**
 * The store keeps one user id per memory. A memory scoped only to an agent or a run is stored
 * under this id, which no mem0 id can equal (mem0 ids cannot contain whitespace).
 */
export const NO_USER_ID = '(no user)';

export type Mem0Message = { role?: string; content?: unknown; [key: string]: unknown };

export interface Mem0Scope {
  user_id?: string;
  agent_id?: string;
  run_id?: string;
}

export interface Mem0AddOptions {
  userId?: string;
  agentId?: string;
  runId?: string;
  metadata?: Record<string, unknown>;
  /** mem0 also takes the scope here: { user_id, agent_id, run_id }. */
  filters?: Record<string, unknown>;
  /** true (default): the router proposes the memories; false: each non-system message is one memory. */
  infer?: boolean;
  /** "YYYY-MM-DD": the memory is hidden after that day (UTC); without it the category's horizon applies. */
  expirationDate?: string | null;
  /** Extra: the category for infer=false (else metadata.category when it is one, else the router's best). */
  category?: MemoryCategory;
  signal?: AbortSignal;
}

/** Extras for reads: the project's filters and search mode, beside mem0's. */
interface ProjectReadExtras {
  category?: MemoryCategory | readonly MemoryCategory[];
  scope?: StoredScope;
}

export interface Mem0GetAllOptions extends ProjectReadExtras {
  /** Scope (at least one of user_id, agent_id, run_id) and exact matches on metadata. */
  filters?: Record<string, unknown>;
  /** Default 20. `limit` is taken as an alias. */
  topK?: number;
  limit?: number;
  showExpired?: boolean;
}

export interface Mem0SearchOptions extends Mem0GetAllOptions {
  /** 0-1 floor on `score` (default 0.1, as mem0). */
  threshold?: number;
  /** Extra: keyword, vector or hybrid (default hybrid with an embedder, else keyword). */
  mode?: SearchMode;
}

export interface Mem0UpdateOptions {
  text?: string;
  /** Deprecated in mem0 in favour of `text`; taken when `text` is absent. */
  data?: string;
  /** Merged into the memory's metadata (identity keys ignored). */
  metadata?: Record<string, unknown> | null;
  /** "YYYY-MM-DD", or null to go back to the category's horizon. */
  expirationDate?: string | null;
}

export interface Mem0DeleteAllOptions {
  userId?: string;
  agentId?: string;
  runId?: string;
}

export interface Mem0MemoryItem extends Mem0Scope {
  id: string;
  memory: string;
  hash: string;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
  metadata: Record<string, unknown>;
  /** search(): the 0-1 relevance the threshold compares. */
  score?: number;
  // The project's fields, added to mem0's.
  category: MemoryCategory;
  scope: StoredScope;
  persistence: string;
  pinned: boolean;
  expired: boolean;
  /** ISO 8601, or null for never. */
  expiresAt: string | null;
  dueForReview: boolean;
}

export interface Mem0AddResultItem {
  id: string;
  memory: string;
  /** mem0 puts the event here: { event: 'ADD' }. */
  metadata: { event: string };
  event: 'ADD' | 'UPDATE' | 'NONE';
  category: MemoryCategory;
  previousMemory?: string;
}

export interface Mem0HistoryRow {
  id: string;
  memory_id: string;
  previous_value: string | null;
  new_value: string | null;
  action: 'ADD' | 'UPDATE' | 'DELETE';
  created_at: string;
  updated_at: string | null;
  is_deleted: 0 | 1;
  // The project's fields.
  reason: string;
  old_category: MemoryCategory | null;
  new_category: MemoryCategory | null;
  similarity?: number;
}

function mem0Error(message: string, code: 'WRONG_SCHEMA' | 'EMPTY_INPUT' = 'WRONG_SCHEMA'): RouterError {
  return new RouterError(code, message);
}

/** mem0's entity-id rule: numbers as text, trimmed, not blank, no whitespace inside. */
export function mem0Id(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const trimmed = String(value).trim();
  if (!trimmed) throw mem0Error(`Invalid ${name}: cannot be empty or whitespace-only. Provide a valid identifier.`);
  if (/\s/.test(trimmed)) throw mem0Error(`Invalid ${name}: cannot contain whitespace. Provide a valid identifier without spaces.`);
  return trimmed;
}

/** The scope named by a filters object (snake_case keys), validated. */
export function scopeOfFilters(filters: Record<string, unknown> | undefined): Mem0Scope {
  const scope: Mem0Scope = {};
  const user = mem0Id(filters?.user_id, 'user_id');
  const agent = mem0Id(filters?.agent_id, 'agent_id');
  const run = mem0Id(filters?.run_id, 'run_id');
  if (user) scope.user_id = user;
  if (agent) scope.agent_id = agent;
  if (run) scope.run_id = run;
  return scope;
}

export const hasScope = (s: Mem0Scope) => !!(s.user_id || s.agent_id || s.run_id);

/** search() and getAll() take the scope only inside `filters`, as mem0 does. */
export function rejectTopLevelScope(config: object, method: string): void {
  const keys = Object.keys(config).filter((k) => (IDENTITY_KEYS as readonly string[]).includes(k) && k !== 'actor_id');
  if (keys.length) {
    throw mem0Error(`Top-level entity parameters [${keys.join(', ')}] are not supported in ${method}(). Use filters: { user_id: "..." } instead.`);
  }
}

export function requireFilterScope(scope: Mem0Scope): void {
  if (!hasScope(scope)) {
    throw mem0Error("filters must contain at least one of: user_id, agent_id, run_id. Example: filters: { user_id: 'u1' }");
  }
}

/** Caller metadata without identity keys. */
export function withoutIdentity(metadata: Record<string, unknown> | null | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(metadata ?? {}).filter(([k]) => !(IDENTITY_KEYS as readonly string[]).includes(k)));
}

/** mem0's expiration date: a real "YYYY-MM-DD" day, returned as given. */
export function normalizeExpirationDate(value: unknown): string {
  if (typeof value === 'string' && parseIsoDay(value) !== null) return value;
  throw mem0Error('expirationDate must be a valid date in YYYY-MM-DD format.');
}

/**
 * The store's filters for a mem0 scope and metadata filter: agent and run ids are stored in the
 * memory's metadata (like mem0's payload), other filter keys match metadata values exactly.
 */
export function storeFilters(scope: Mem0Scope, filters: Record<string, unknown> | undefined, extras: ProjectReadExtras & { showExpired?: boolean }): MemoryFilters {
  const metadata: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(filters ?? {})) {
    if (k === 'user_id' || k === 'agent_id' || k === 'run_id') continue;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') metadata[k] = v;
    else if (v !== undefined) {
      throw mem0Error(`Filter "${k}" is not supported: only exact matches on metadata values (text, numbers, true/false, null) are; operators such as AND, OR, NOT, in, gte are not.`);
    }
  }
  if (scope.agent_id) metadata.agent_id = scope.agent_id;
  if (scope.run_id) metadata.run_id = scope.run_id;
  const out: MemoryFilters = { metadata };
  if (extras.showExpired) out.includeExpired = true;
  if (extras.category !== undefined) out.category = extras.category;
  if (extras.scope !== undefined) out.scope = extras.scope;
  return out;
}

/** A category given in mem0 metadata only counts when it is one of the project's. */
export function categoryIn(metadata: Record<string, unknown>): MemoryCategory | undefined {
  const c = metadata.category;
  return isCategoryName(c) && c !== 'none' ? c : undefined;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** A stored memory as mem0 returns it, with the project's fields added. */
export function toMem0Item(m: MemoryItem, score?: number): Mem0MemoryItem {
  const metadata = withoutIdentity(m.metadata);
  const agent = typeof m.metadata.agent_id === 'string' ? m.metadata.agent_id : undefined;
  const run = typeof m.metadata.run_id === 'string' ? m.metadata.run_id : undefined;
  return {
    id: m.id,
    memory: m.text,
    hash: m.hash,
    createdAt: iso(m.createdAt) as string,
    updatedAt: iso(m.updatedAt) as string,
    metadata,
    ...(score !== undefined ? { score } : {}),
    ...(m.userId !== NO_USER_ID ? { user_id: m.userId } : {}),
    ...(agent ? { agent_id: agent } : {}),
    ...(run ? { run_id: run } : {}),
    category: m.category,
    scope: m.scope,
    persistence: m.persistence,
    pinned: m.pinned,
    expired: m.expired,
    expiresAt: iso(m.expiresAt),
    dueForReview: m.dueForReview,
  };
}

/** A history entry as mem0's history store returns it (memory_history rows). */
export function toMem0History(h: HistoryRecord): Mem0HistoryRow {
  return {
    id: h.id,
    memory_id: h.memoryId,
    previous_value: h.oldText,
    new_value: h.newText,
    action: h.event,
    created_at: new Date(h.createdAt).toISOString(),
    updated_at: h.event === 'UPDATE' ? new Date(h.createdAt).toISOString() : null,
    is_deleted: h.event === 'DELETE' ? 1 : 0,
    reason: h.reason,
    old_category: h.oldCategory,
    new_category: h.newCategory,
    ...(h.similarity !== undefined ? { similarity: h.similarity } : {}),
  };
}

export { EXPIRATION_DATE_KEY };
