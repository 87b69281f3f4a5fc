/**
 * The retrieval benchmark's data and metrics: a file of memories and queries
 * ({"memories":[{"id","text","category"}],"queries":[{"query","relevant":["id"]}]}), validated
 * with messages that point at the bad entry, and precision@1, precision@5 and MRR per search mode.
 */
import { assertText } from '../../core/loaders';
import { RouterError } from '../../core/errors';
import { isCategoryName } from '../../core/taxonomy';
import { Bm25Index } from './bm25';
import { HybridSearcher, SEARCH_MODES, type SearchMode } from './hybrid';
import type { SearchHit } from './types';
import { VectorIndex } from './vector';

export interface RetrievalMemory {
  id: string;
  text: string;
  category: string;
}

export interface RetrievalQuery {
  query: string;
  relevant: string[];
}

export interface RetrievalDataset {
  memories: RetrievalMemory[];
  queries: RetrievalQuery[];
  /** Non-fatal remarks, e.g. categories outside the taxonomy. */
  warnings: string[];
}

export interface RetrievalScores {
  p_at_1: number;
  p_at_5: number;
  mrr: number;
}

export type RetrievalReport = Record<SearchMode, RetrievalScores>;

const MAX_LISTED = 8;

/** Parses and validates a dataset file; throws one RouterError listing what is wrong. */
export function parseRetrievalDataset(text: string, file = 'dataset'): RetrievalDataset {
  assertText(text, file);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new RouterError('MALFORMED_JSON', `${file} is not valid JSON (${(e as Error).message}). Expected {"memories":[...],"queries":[...]}.`, { file });
  }
  const problems: string[] = [];
  const warnings: string[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
  if (!isObj(data)) {
    throw new RouterError('WRONG_SCHEMA', `${file}: expected a JSON object {"memories":[...],"queries":[...]}, found ${Array.isArray(data) ? 'an array' : typeof data}.`, { file });
  }
  if (!Array.isArray(data.memories) || data.memories.length === 0) problems.push('"memories" must be a non-empty array');
  if (!Array.isArray(data.queries) || data.queries.length === 0) problems.push('"queries" must be a non-empty array');
  const memories: RetrievalMemory[] = [];
  const ids = new Set<string>();
  const unknownCategories = new Set<string>();
  (Array.isArray(data.memories) ? data.memories : []).forEach((m: unknown, i: number) => {
    if (!isObj(m)) return void problems.push(`memories[${i}] must be an object {"id","text","category"}`);
    if (!nonEmpty(m.id)) return void problems.push(`memories[${i}].id must be a non-empty string`);
    if (ids.has(m.id)) return void problems.push(`memories[${i}].id "${m.id}" is used twice`);
    if (!nonEmpty(m.text)) return void problems.push(`memories[${i}] ("${m.id}"): "text" must be a non-empty string`);
    if (typeof m.category !== 'string') return void problems.push(`memories[${i}] ("${m.id}"): "category" must be a string`);
    if (!isCategoryName(m.category)) unknownCategories.add(m.category);
    ids.add(m.id);
    memories.push({ id: m.id, text: m.text, category: m.category });
  });
  const queries: RetrievalQuery[] = [];
  (Array.isArray(data.queries) ? data.queries : []).forEach((q: unknown, i: number) => {
    if (!isObj(q)) return void problems.push(`queries[${i}] must be an object {"query","relevant"}`);
    if (!nonEmpty(q.query)) return void problems.push(`queries[${i}].query must be a non-empty string`);
    if (!Array.isArray(q.relevant) || q.relevant.length === 0 || !q.relevant.every((r) => typeof r === 'string')) {
      return void problems.push(`queries[${i}].relevant must be a non-empty array of memory ids`);
    }
    const missing = q.relevant.filter((r) => !ids.has(r as string));
    if (missing.length) return void problems.push(`queries[${i}].relevant names ${missing.map((r) => `"${r}"`).join(', ')}, which is not the id of any memory`);
    queries.push({ query: q.query, relevant: q.relevant as string[] });
  });
  if (problems.length) {
    const listed = problems.slice(0, MAX_LISTED).map((p) => `  - ${p}`).join('\n');
    const more = problems.length > MAX_LISTED ? `\n  ... and ${problems.length - MAX_LISTED} more` : '';
    throw new RouterError('WRONG_SCHEMA', `${file} is not a valid retrieval dataset (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${listed}${more}\nExpected {"memories":[{"id","text","category"}],"queries":[{"query","relevant":["id"]}]}.`, { file, problems: problems.length });
  }
  if (unknownCategories.size) warnings.push(`categories outside the taxonomy (kept): ${[...unknownCategories].join(', ')}`);
  return { memories, queries, warnings };
}

/** Scores one ranked list against the relevant ids. */
export function scoreRanking(hits: readonly SearchHit[], relevant: readonly string[]): RetrievalScores {
  const wanted = new Set(relevant);
  const rank = hits.findIndex((h) => wanted.has(h.id));
  return { p_at_1: rank === 0 ? 1 : 0, p_at_5: rank >= 0 && rank < 5 ? 1 : 0, mrr: rank >= 0 ? 1 / (rank + 1) : 0 };
}

/**
 * Runs every query in every mode. Vectors come from the caller (any embedder); without them only
 * keyword search is scored and the vector/hybrid rows fall back to keyword, as in the app.
 */
export function evaluateRetrieval(
  dataset: RetrievalDataset,
  vectors: { memories: Float32Array[]; queries: Float32Array[] } | null,
): RetrievalReport {
  const keyword = new Bm25Index();
  dataset.memories.forEach((m) => keyword.add(m.id, m.text));
  let index: VectorIndex | null = null;
  if (vectors && vectors.memories.length) {
    index = new VectorIndex(vectors.memories[0].length, dataset.memories.length);
    dataset.memories.forEach((m, i) => index?.add(m.id, vectors.memories[i]));
  }
  const searcher = new HybridSearcher(keyword, index);
  const depth = dataset.memories.length;
  const report = {} as RetrievalReport;
  for (const mode of SEARCH_MODES) {
    const sum = { p_at_1: 0, p_at_5: 0, mrr: 0 };
    dataset.queries.forEach((q, i) => {
      const hits = searcher.search({ text: q.query, vector: vectors?.queries[i] ?? null, mode, limit: depth });
      const s = scoreRanking(hits, q.relevant);
      sum.p_at_1 += s.p_at_1;
      sum.p_at_5 += s.p_at_5;
      sum.mrr += s.mrr;
    });
    const n = dataset.queries.length;
    report[mode] = { p_at_1: round(sum.p_at_1 / n), p_at_5: round(sum.p_at_5 / n), mrr: round(sum.mrr / n) };
  }
  return report;
}

const round = (x: number) => Math.round(x * 10000) / 10000;
