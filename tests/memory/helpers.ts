/**
 * Test doubles for the memory tests: a deterministic embedder (hashed bag of words) and a
 * keyword-rule classifier. Neither is a real model; the real embedders and router-lite are tested
 * by their own suites (and router-lite once more in lite-fact-extractor.test.ts).
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { Embedder } from '../../src/core/contracts';
import type { ClassifyResult, Fact } from '../../src/core/contracts';
import type { CategoryName } from '../../src/core/taxonomy';
import { tokenize } from '../../src/memory/search';
import { fnv1a } from '../../src/core/util/random';
import { MemoryStore, type MemoryStoreOptions } from '../../src/memory/memory-store';
import { createMemoryDb, type MemoryDexie } from '../../src/memory/db';

/** Bag of stemmed words hashed into `dimension` signed buckets, L2-normalised. */
export class HashedBagOfWordsTestEmbedder implements Embedder {
  readonly id: string;
  calls = 0;
  constructor(readonly dimension = 256, tag = 'a') {
    this.id = `test-bow-${tag}@${dimension}`;
  }
  async load(): Promise<void> {}
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls++;
    return texts.map((t) => {
      const v = new Float32Array(this.dimension);
      for (const tok of tokenize(t)) {
        const h = fnv1a(tok);
        v[h % this.dimension] += h & 0x80000000 ? -1 : 1;
      }
      let n = 0;
      for (const x of v) n += x * x;
      n = Math.sqrt(n) || 1;
      return v.map((x) => x / n);
    });
  }
}

const RULES: Array<[RegExp, CategoryName]> = [
  [/\b(brand|voice|values)\b/i, 'company.brand_core'],
  [/\b(budget|quarter|q[1-4]|campaign)\b/i, 'company.business_priorities'],
  [/\b(hubspot|integration|api|salesforce)\b/i, 'company.tools_config'],
  [/\b(ctr|conversion|roas|open rate)\b/i, 'company.performance_context'],
  [/\b(bullet|concise|tone|emoji)\b/i, 'user.communication_style'],
  [/\b(director|manager|i lead|my role)\b/i, 'user.role_context'],
  [/\b(yesterday|earlier today|last call)\b/i, 'user.session_history'],
  [/\b(coach|feedback|challenge me)\b/i, 'user.interaction_preferences'],
];

/** The first rule a text matches. */
function ruleOf(text: string): CategoryName | null {
  return RULES.find(([re]) => re.test(text))?.[1] ?? null;
}

/**
 * Keyword rules standing in for a classifier. Text: every matching rule's category, else none.
 * A conversation: each user sentence of 3+ words that matches a rule is a proposed memory, and the
 * categories are those of the memories (the contract every engine keeps).
 */
export async function fakeClassify(conversation: unknown): Promise<ClassifyResult> {
  const text = typeof conversation === 'string' ? conversation : JSON.stringify(conversation);
  const scores: Partial<Record<CategoryName, number>> = {};
  RULES.forEach(([re, c], i) => { scores[c] = re.test(text) ? 0.9 - i * 0.01 : 0.05; });
  const turns = Array.isArray(conversation) ? (conversation as Array<{ role: string; content: string }>) : [{ role: 'user', content: text }];
  const memories: Fact[] = [];
  turns.forEach((t, turnIndex) => {
    if (t.role !== 'user') return;
    for (const sentence of t.content.split(/(?<=[.!?])\s+/)) {
      const category = sentence.split(/\s+/).length >= 3 ? ruleOf(sentence) : null;
      if (category && category !== 'none') memories.push({ text: sentence.trim(), category, turnIndex });
    }
  });
  const categories = [...new Set(memories.map((m) => m.category))];
  return { categories: categories.length ? categories : ['none'], scores, memories, raw: 'fake rules', timings: { totalMs: 0 }, engine: 'fake-rules' };
}

/** Given to Dexie explicitly, so import order never decides which IndexedDB a test uses. */
export const FAKE_IDB = { indexedDB, IDBKeyRange };

let dbCounter = 0;

/**
 * Where test stores keep their search index: in-process (the default), or in the search worker's
 * handler behind the message protocol (tests/memory/worker-backend.test.ts runs the store suites
 * again that way, so both places the index lives pass the same tests).
 */
let workerFactory: MemoryStoreOptions['searchWorker'] = null;

export function useSearchWorker(factory: MemoryStoreOptions['searchWorker']): void {
  workerFactory = factory;
}

/** A store on a fresh fake-indexeddb database (unique name per call, unless dbName is given). */
export async function openTestStore(opts: MemoryStoreOptions = {}): Promise<MemoryStore> {
  const db = opts.db ?? createMemoryDb(opts.dbName ?? `test-memories-${process.pid}-${++dbCounter}`, FAKE_IDB);
  const store = await MemoryStore.open({ classify: fakeClassify, searchWorker: workerFactory, ...opts, db });
  DATABASES.set(store, db);
  return store;
}

const DATABASES = new WeakMap<MemoryStore, MemoryDexie>();

/** The raw database under a test store (the store keeps its own private): to count rows or inject failures. */
export function testDb(store: MemoryStore): MemoryDexie {
  const db = DATABASES.get(store);
  if (!db) throw new Error('not a store made by openTestStore');
  return db;
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2025, 0, 1)): { now: () => number; advanceDays: (d: number) => void } {
  let t = start;
  return { now: () => t, advanceDays: (d) => { t += d * 86_400_000; } };
}
