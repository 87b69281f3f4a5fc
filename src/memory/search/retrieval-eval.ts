/**
 * The retrieval benchmark's data and metrics: a file of memories and queries
 * ({"memories":[{"id","text","category","company"?}],"queries":[{"query","relevant":["id"]}]}),
 * validated with messages that point at the bad entry, and precision@1, precision@5 and MRR per
 * search mode. Memories with a `company` form one store each (one user's memories): a query is
 * searched only among the memories of its answer's company, the way the app is used.
 */
import { assertText } from '../../core/loaders';
import { RouterError } from '../../core/errors';
import { collect, fail, isObject, obj, show, str, strings } from '../../core/util/validate';
import { isCategoryName } from '../../core/taxonomy';
import { Bm25Index } from './bm25';
import { HybridSearcher, SEARCH_MODES, type FusionMethod, type SearchMode } from './hybrid';
import type { SearchHit } from './types';
import { VectorIndex } from './vector';

export interface RetrievalMemory {
  id: string;
  text: string;
  category: string;
  /** The store the memory belongs to (a fictional company); absent = one store for the whole file. */
  company?: string;
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
  if (!isObject(data)) {
    throw new RouterError('WRONG_SCHEMA', `${file}: expected a JSON object {"memories":[...],"queries":[...]}, found ${show(data)}.`, { file });
  }
  if (!Array.isArray(data.memories) || data.memories.length === 0) problems.push('"memories" must be a non-empty array');
  if (!Array.isArray(data.queries) || data.queries.length === 0) problems.push('"queries" must be a non-empty array');
  const memories: RetrievalMemory[] = [];
  const ids = new Set<string>();
  const unknownCategories = new Set<string>();
  (Array.isArray(data.memories) ? data.memories : []).forEach((v: unknown, i: number) => collect(problems, () => {
    const m = obj(v, `memories[${i}]`);
    const id = str(m.id, `memories[${i}].id`);
    if (ids.has(id)) fail(`memories[${i}].id`, `"${id}" is used twice`);
    const text = str(m.text, `memories[${i}].text`);
    const category = str(m.category, `memories[${i}].category`, 100, true);
    if (!isCategoryName(category)) unknownCategories.add(category);
    ids.add(id);
    const company = m.company === undefined ? undefined : str(m.company, `memories[${i}].company`, 200);
    memories.push(company === undefined ? { id, text, category } : { id, text, category, company });
  }));
  const companyOf = new Map(memories.map((m) => [m.id, m.company]));
  const queries: RetrievalQuery[] = [];
  (Array.isArray(data.queries) ? data.queries : []).forEach((v: unknown, i: number) => collect(problems, () => {
    const q = obj(v, `queries[${i}]`);
    const query = str(q.query, `queries[${i}].query`);
    const relevant = strings(q.relevant, `queries[${i}].relevant`);
    if (relevant.length === 0) fail(`queries[${i}].relevant`, 'must name at least one memory id');
    const missing = relevant.filter((r) => !ids.has(r));
    if (missing.length) fail(`queries[${i}].relevant`, `names ${missing.map((r) => `"${r}"`).join(', ')}, which is not the id of any memory`);
    const stores = new Set(relevant.map((r) => companyOf.get(r)));
    if (stores.size > 1) fail(`queries[${i}].relevant`, 'names memories of different companies (a query is searched in one store)');
    queries.push({ query, relevant });
  }));
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

/** The mean of per-query scores, rounded to 4 decimals (0 for no queries). */
export function averageScores(list: readonly RetrievalScores[]): RetrievalScores {
  const n = Math.max(1, list.length);
  const sum = { p_at_1: 0, p_at_5: 0, mrr: 0 };
  for (const s of list) { sum.p_at_1 += s.p_at_1; sum.p_at_5 += s.p_at_5; sum.mrr += s.mrr; }
  return { p_at_1: round(sum.p_at_1 / n), p_at_5: round(sum.p_at_5 / n), mrr: round(sum.mrr / n) };
}

export interface EvaluateOptions {
  fusion?: FusionMethod;
  /**
   * A category prior per query (hybrid mode only, as in the store): the probability the router
   * gives each category for query i, or null for none; added to the fused score x weight.
   */
  prior?: { weight: number; probabilities: (queryIndex: number) => Readonly<Record<string, number>> | null };
}

/** The stores of a dataset: memories grouped by company, each query with the store of its answer. */
export function storesOf(dataset: RetrievalDataset): Array<{ memories: number[]; queries: number[] }> {
  const byCompany = new Map<string, { memories: number[]; queries: number[] }>();
  const storeOfMemory = new Map<string, string>();
  dataset.memories.forEach((m, i) => {
    const key = m.company ?? '';
    let s = byCompany.get(key);
    if (!s) byCompany.set(key, (s = { memories: [], queries: [] }));
    s.memories.push(i);
    storeOfMemory.set(m.id, key);
  });
  dataset.queries.forEach((q, i) => byCompany.get(storeOfMemory.get(q.relevant[0]) as string)?.queries.push(i));
  return [...byCompany.values()].filter((s) => s.queries.length > 0);
}

/**
 * Runs every query in every mode, each in its own store. Vectors come from the caller (any
 * embedder); without them only keyword search is scored and the vector/hybrid rows fall back to
 * keyword, as in the app. Scores are averaged over all queries.
 */
export function evaluateRetrieval(
  dataset: RetrievalDataset,
  vectors: { memories: Float32Array[]; queries: Float32Array[] } | null,
  opts: EvaluateOptions = {},
): RetrievalReport {
  const scores: Record<SearchMode, RetrievalScores[]> = { keyword: [], vector: [], hybrid: [] };
  for (const store of storesOf(dataset)) {
    const keyword = new Bm25Index();
    for (const i of store.memories) keyword.add(dataset.memories[i].id, dataset.memories[i].text);
    let index: VectorIndex | null = null;
    if (vectors && vectors.memories.length) {
      index = new VectorIndex(vectors.memories[0].length, store.memories.length);
      for (const i of store.memories) index.add(dataset.memories[i].id, vectors.memories[i]);
    }
    const categoryOf = new Map(store.memories.map((i) => [dataset.memories[i].id, dataset.memories[i].category]));
    const searcher = new HybridSearcher(keyword, index, { fusion: opts.fusion });
    const depth = store.memories.length;
    for (const qi of store.queries) {
      const q = dataset.queries[qi];
      const p = opts.prior && opts.prior.weight > 0 ? opts.prior.probabilities(qi) : null;
      const prior = p ? { weight: (opts.prior as NonNullable<EvaluateOptions['prior']>).weight, of: (id: string) => p[categoryOf.get(id) as string] ?? 0 } : undefined;
      for (const mode of SEARCH_MODES) {
        const hits = searcher.search({ text: q.query, vector: vectors?.queries[qi] ?? null, mode, limit: depth, prior });
        scores[mode].push(scoreRanking(hits, q.relevant));
      }
    }
  }
  const report = {} as RetrievalReport;
  for (const mode of SEARCH_MODES) report[mode] = averageScores(scores[mode]);
  return report;
}

const round = (x: number) => Math.round(x * 10000) / 10000;
