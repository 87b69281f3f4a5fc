/**
 * Reading the store: single memories, lists, counts, history, conversations, and search. Plain
 * functions over the database and the search index, so the store's front stays a front.
 */
import { RouterError, toRouterError } from '../core/errors';
import type { Embedder } from '../core/contracts';
import type { ConversationRecord, HistoryRecord, MemoryDexie, MemoryRecord } from './db';
import type { IndexBackend } from './index-backend';
import { matchesFilters, type FilterSpec } from './memory-index';
import { toItem } from './records';
import { checkLimit, checkThreshold, optionalUserId } from './scope';
import { categoryPriorOf, type CategoryPrior, type SearchMode } from './search';
import type { ListOptions, MemoryItem, RouteQueryFn, SearchOptions, SearchResult, SearchResultItem } from './store-types';

export interface ReadContext {
  db: MemoryDexie;
  index: IndexBackend;
  now(): number;
}

export async function getOne(ctx: ReadContext, id: string): Promise<MemoryItem | null> {
  const m = await ctx.db.memories.get(id);
  return m ? toItem(m, ctx.now()) : null;
}

/** Memories of a user (or everyone), newest first; expired ones only with filters.includeExpired. */
export async function getAll(ctx: ReadContext, opts: ListOptions = {}): Promise<MemoryItem[]> {
  const userId = optionalUserId(opts.userId);
  const limit = checkLimit(opts.limit);
  const now = ctx.now();
  const spec: FilterSpec = { ...opts.filters, userId, now };
  const rows = userId !== undefined
    ? await ctx.db.memories.where('userId').equals(userId).toArray()
    : await ctx.db.memories.toArray();
  const items = rows.filter((m) => matchesFilters(m, spec)).sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
  return (limit !== undefined ? items.slice(0, limit) : items).map((m) => toItem(m, now));
}

/** These memories, in this order; ids no longer stored are left out. */
export async function getMany(ctx: ReadContext, ids: readonly string[]): Promise<MemoryItem[]> {
  const now = ctx.now();
  return (await ctx.db.memories.bulkGet([...ids])).filter((m): m is MemoryRecord => !!m).map((m) => toItem(m, now));
}

/** Rows per table (all users), read from the database. */
export async function counts(ctx: ReadContext): Promise<{ memories: number; history: number; conversations: number }> {
  const [memories, history, conversations] = await Promise.all([ctx.db.memories.count(), ctx.db.history.count(), ctx.db.conversations.count()]);
  return { memories, history, conversations };
}

const HISTORY_ORDER: Record<HistoryRecord['event'], number> = { ADD: 0, UPDATE: 1, DELETE: 2 };

export async function historyOf(ctx: ReadContext, memoryId: string): Promise<HistoryRecord[]> {
  const rows = await ctx.db.history.where('memoryId').equals(memoryId).toArray();
  return rows.sort((a, b) => a.createdAt - b.createdAt || HISTORY_ORDER[a.event] - HISTORY_ORDER[b.event]);
}

export async function conversationOf(ctx: ReadContext, id: string): Promise<ConversationRecord | null> {
  return (await ctx.db.conversations.get(id)) ?? null;
}

/** Evolving memories (interaction preferences) whose review date has passed. */
export async function dueForReview(ctx: ReadContext, opts: { userId?: string } = {}): Promise<MemoryItem[]> {
  const userId = optionalUserId(opts.userId);
  const now = ctx.now();
  const rows = await ctx.db.memories.where('reviewAt').belowOrEqual(now).toArray();
  return rows.filter((m) => userId === undefined || m.userId === userId).map((m) => toItem(m, now));
}

export interface SearchContext extends ReadContext {
  embedder: Embedder | null;
  /** Routes the query for the category prior (null: no prior). */
  routeQuery: RouteQueryFn | null;
  priorWeight: number;
}

/** The router's view of the query as a prior; none when there is no router or it fails (search must not). */
async function priorFor(ctx: SearchContext, query: string, signal?: AbortSignal): Promise<CategoryPrior | null> {
  if (!ctx.routeQuery || !(ctx.priorWeight > 0)) return null;
  try {
    return categoryPriorOf(await ctx.routeQuery(query, { signal }));
  } catch (e) {
    if (signal?.aborted) throw toRouterError(e);
    return null;
  }
}

/** Keyword, vector or hybrid search (default: hybrid with an embedder), filtered, with relevance on 0..1. */
export async function search(ctx: SearchContext, query: string, opts: SearchOptions = {}): Promise<SearchResult> {
  if (typeof query !== 'string' || query.trim() === '') throw new RouterError('EMPTY_INPUT', 'Type something to search for.');
  const limit = checkLimit(opts.limit) ?? 10;
  const threshold = checkThreshold(opts.threshold);
  const userId = optionalUserId(opts.userId);
  const wanted: SearchMode = opts.mode ?? (ctx.embedder ? 'hybrid' : 'keyword');
  // The index decides whether vectors can answer (it may still be loading in its worker).
  const vector = wanted !== 'keyword' && ctx.embedder ? (await ctx.embedder.embed([query]))[0] : null;
  const prior = wanted === 'hybrid' && vector && opts.categoryPrior !== false ? await priorFor(ctx, query, opts.signal) : null;
  const now = ctx.now();
  const answer = await ctx.index.search({ text: query, vector, mode: wanted, limit, spec: { ...opts.filters, userId, now }, prior, priorWeight: ctx.priorWeight });
  const records = await ctx.db.memories.bulkGet(answer.hits.map((h) => h.id));
  const results: SearchResultItem[] = [];
  answer.hits.forEach((hit, i) => {
    const m = records[i];
    if (!m) return; // deleted by another tab a moment ago
    if (threshold !== undefined && hit.relevance < threshold) return;
    const item: SearchResultItem = { ...toItem(m, now), score: hit.score, relevance: hit.relevance };
    if (hit.similarity !== undefined) item.similarity = hit.similarity;
    results.push(item);
  });
  return prior && answer.mode === 'hybrid' ? { results, mode: answer.mode, prior } : { results, mode: answer.mode };
}
