/**
 * A mem0-compatible surface over MemoryStore: the methods, argument rules and result shapes of
 * mem0's OSS TypeScript `Memory` (add, get, getAll, search, update, delete, deleteAll, history,
 * reset), so code written against mem0 runs on the in-browser store. MemoryStore stays the app's
 * own API; this adapter only translates. The differences that remain are intended and listed in
 * docs/memory-layer.md ("mem0 compatibility"); tests/memory/mem0-conformance.test.ts checks the rest.
 *
 * Scopes: mem0 scopes a memory by user_id, agent_id and/or run_id. The store's userId holds the
 * user (NO_USER_ID when only an agent or a run is given); agent_id and run_id live in the memory's
 * metadata, as in mem0's payload, and are returned as top-level fields, never in `metadata`.
 */
import { RouterError, toRouterError } from '../core/errors';
import { readTurns } from '../core/loaders';
import type { Fact } from '../core/contracts';
import { MemoryStore } from './memory-store';
import {
  categoryIn, EXPIRATION_DATE_KEY, hasScope, mem0Id, normalizeExpirationDate, NO_USER_ID, rejectTopLevelScope, requireFilterScope,
  scopeOfFilters, storeFilters, toMem0History, toMem0Item, withoutIdentity,
  type Mem0AddOptions, type Mem0AddResultItem, type Mem0DeleteAllOptions, type Mem0GetAllOptions, type Mem0HistoryRow,
  type Mem0MemoryItem, type Mem0Message, type Mem0Scope, type Mem0SearchOptions, type Mem0UpdateOptions,
} from './mem0-shapes';
import { checkLimit, checkThreshold } from './scope';
import type { MemoryStoreOptions } from './store-types';
import type { SearchMode } from './search';

export * from './mem0-shapes';

/** mem0's defaults: 20 results, and a relevance floor of 0.1 for search. */
const DEFAULT_TOP_K = 20;
const DEFAULT_THRESHOLD = 0.1;

function fail(message: string, code: 'WRONG_SCHEMA' | 'EMPTY_INPUT' = 'WRONG_SCHEMA'): never {
  throw new RouterError(code, message);
}

/** mem0's checks on what is given to add(), with its wording. */
function checkMessages(messages: unknown): asserts messages is string | Mem0Message[] {
  if (messages === undefined || messages === null) {
    fail('messages is required and cannot be undefined or null. Provide a string or array of messages.', 'EMPTY_INPUT');
  }
  if (Array.isArray(messages)) {
    if (messages.length === 0) fail('messages array cannot be empty. Provide at least one message with non-empty content.', 'EMPTY_INPUT');
    if (messages.every((m) => !!m && typeof m === 'object' && typeof (m as Mem0Message).content === 'string' && ((m as Mem0Message).content as string).trim() === '')) {
      fail('messages array cannot contain only blank content. Provide at least one message with non-empty content.', 'EMPTY_INPUT');
    }
  } else if (typeof messages !== 'string') {
    fail(`messages must be a string or an array of messages, not ${typeof messages}.`);
  } else if (messages.trim() === '') {
    fail('messages string cannot be empty. Provide non-empty content.', 'EMPTY_INPUT');
  }
}

/** A store error with mem0's wording where mem0 has one (a missing memory). */
function asMem0Error(e: unknown, id: string): RouterError {
  const err = toRouterError(e);
  return err.code === 'NOT_FOUND' ? new RouterError('NOT_FOUND', `Memory with ID ${id} not found: it may have been deleted.`) : err;
}

export class Mem0Memory {
  constructor(readonly store: MemoryStore) {}

  /** Opens a MemoryStore (same options) and wraps it. */
  static async open(opts: MemoryStoreOptions = {}): Promise<Mem0Memory> {
    return new Mem0Memory(await MemoryStore.open(opts));
  }

  async add(messages: string | Mem0Message[], config: Mem0AddOptions): Promise<{ results: Mem0AddResultItem[]; conversationId?: string }> {
    checkMessages(messages);
    const opts = config ?? {};
    const metadata = withoutIdentity(opts.metadata);
    const fromFilters = scopeOfFilters(opts.filters);
    const scope: Mem0Scope = {
      user_id: mem0Id(opts.userId, 'userId') ?? fromFilters.user_id,
      agent_id: mem0Id(opts.agentId, 'agentId') ?? fromFilters.agent_id,
      run_id: mem0Id(opts.runId, 'runId') ?? fromFilters.run_id,
    };
    if (opts.expirationDate != null) metadata[EXPIRATION_DATE_KEY] = normalizeExpirationDate(opts.expirationDate);
    if (!hasScope(scope)) fail('One of the filters: userId, agentId or runId is required!');
    const stored = { ...metadata, ...(scope.agent_id ? { agent_id: scope.agent_id } : {}), ...(scope.run_id ? { run_id: scope.run_id } : {}) };
    const userId = scope.user_id ?? NO_USER_ID;

    if (opts.infer === false) {
      // As mem0: every message but system ones becomes one memory, as written.
      const texts = typeof messages === 'string'
        ? [messages.trim()]
        : (readTurns(messages, []) ?? []).filter((t) => t.role !== 'system').map((t) => t.content);
      if (!texts.length) fail('Nothing to remember: every message is a system message or has no text.', 'EMPTY_INPUT');
      const wanted = opts.category ?? categoryIn(metadata);
      const facts: Fact[] = [];
      for (const text of texts) facts.push({ text, category: await this.store.categoryOf(text, { category: wanted, signal: opts.signal }) });
      const [r] = await this.store.ingest([{ turns: texts.map((content) => ({ role: 'user', content })), facts, userId, metadata: stored, saveConversation: false }], { signal: opts.signal });
      return { results: r.results.map(toAddItem) };
    }
    const r = await this.store.add(messages as string, { userId, metadata: stored, infer: true, signal: opts.signal });
    return { results: r.results.map(toAddItem), ...(r.conversationId ? { conversationId: r.conversationId } : {}) };
  }

  async get(memoryId: string): Promise<Mem0MemoryItem | null> {
    const m = await this.store.get(memoryId);
    return m ? toMem0Item(m) : null;
  }

  async getAll(config: Mem0GetAllOptions): Promise<{ results: Mem0MemoryItem[] }> {
    const opts = config ?? {};
    rejectTopLevelScope(opts, 'getAll');
    const topK = checkLimit(opts.topK ?? opts.limit, 'topK') ?? DEFAULT_TOP_K;
    const scope = scopeOfFilters(opts.filters);
    requireFilterScope(scope);
    const items = await this.store.getAll({ userId: scope.user_id, limit: topK, filters: storeFilters(scope, opts.filters, opts) });
    return { results: items.map((m) => toMem0Item(m)) };
  }

  async search(query: string, config: Mem0SearchOptions): Promise<{ results: Mem0MemoryItem[]; mode: SearchMode }> {
    const opts = config ?? {};
    rejectTopLevelScope(opts, 'search');
    const threshold = checkThreshold(opts.threshold) ?? DEFAULT_THRESHOLD;
    const topK = checkLimit(opts.topK ?? opts.limit, 'topK') ?? DEFAULT_TOP_K;
    const scope = scopeOfFilters(opts.filters);
    requireFilterScope(scope);
    const found = await this.store.search(query, {
      userId: scope.user_id, limit: topK, threshold, mode: opts.mode, filters: storeFilters(scope, opts.filters, opts),
    });
    return { results: found.results.map((r) => toMem0Item(r, r.relevance)), mode: found.mode };
  }

  /**
   * mem0's update: a string is the new text; an object may give text (or the deprecated data),
   * metadata (merged, identity keys ignored) and expirationDate. An empty text is refused: a
   * memory without text cannot be found or shown (delete it instead).
   */
  async update(memoryId: string, config: string | Mem0UpdateOptions): Promise<{ message: string }> {
    const opts: Mem0UpdateOptions = typeof config === 'string' ? { text: config } : (config ?? {});
    const text = opts.text ?? (opts.data != null ? opts.data : undefined);
    if (text == null && opts.metadata == null && opts.expirationDate === undefined) {
      fail('At least one of text, metadata, or expirationDate must be provided.');
    }
    if (text != null && (typeof text !== 'string' || text.trim() === '')) {
      fail('The new text is empty: a memory needs text to be found. To remove the memory, call delete(memoryId).', 'EMPTY_INPUT');
    }
    const merge = withoutIdentity(opts.metadata);
    if (opts.expirationDate !== undefined) merge[EXPIRATION_DATE_KEY] = opts.expirationDate === null ? null : normalizeExpirationDate(opts.expirationDate);
    try {
      await this.store.update(memoryId, { ...(text != null ? { text } : {}), mergeMetadata: merge });
    } catch (e) {
      throw asMem0Error(e, memoryId);
    }
    return { message: 'Memory updated successfully!' };
  }

  async delete(memoryId: string): Promise<{ message: string }> {
    try {
      await this.store.delete(memoryId);
    } catch (e) {
      throw asMem0Error(e, memoryId);
    }
    return { message: 'Memory deleted successfully!' };
  }

  /** Deletes the memories of a user, agent or run; refuses a call that names none (use reset()). */
  async deleteAll(config: Mem0DeleteAllOptions): Promise<{ message: string }> {
    const opts = config ?? {};
    const user = mem0Id(opts.userId, 'userId');
    const agent = mem0Id(opts.agentId, 'agentId');
    const run = mem0Id(opts.runId, 'runId');
    if (!user && !agent && !run) {
      fail('At least one filter is required to delete all memories. If you want to delete all memories, use the `reset()` method.');
    }
    const metadata = { ...(agent ? { agent_id: agent } : {}), ...(run ? { run_id: run } : {}) };
    // An agent or run without a user spans users: the adapter has checked the scope, so say so.
    await this.store.deleteAll(user ? { userId: user, filters: { metadata } } : { all: true, filters: { metadata } });
    return { message: 'Memories deleted successfully!' };
  }

  /** The memory's history, newest first, in mem0's row shape. */
  async history(memoryId: string): Promise<Mem0HistoryRow[]> {
    return (await this.store.history(memoryId)).reverse().map(toMem0History);
  }

  /** Empties the whole store: memories, history and saved conversations of every user. */
  async reset(): Promise<void> {
    await this.store.reset({ all: true });
  }
}

function toAddItem(r: { id: string; memory: string; event: 'ADD' | 'UPDATE' | 'NONE'; category: Mem0AddResultItem['category']; previousMemory?: string }): Mem0AddResultItem {
  return {
    id: r.id, memory: r.memory, metadata: { event: r.event }, event: r.event, category: r.category,
    ...(r.previousMemory !== undefined ? { previousMemory: r.previousMemory } : {}),
  };
}
