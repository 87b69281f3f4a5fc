/**
 * The retrieval benchmark on the user's own store (known-item queries, own-store-dataset.ts) run
 * through the store's real search, per mode. Used by the Benchmark page and, for the neural
 * embedder, by the Models page. Plain TS apart from the store it is given.
 */
import { RouterError } from '../../core/errors';
import type { MemoryStore } from '../../memory';
import { SEARCH_MODES, type SearchMode } from '../../memory/search';
import { averageScores, scoreRanking, type RetrievalReport, type RetrievalScores } from '../../memory/search/retrieval-eval';
import { ownStoreDataset } from './own-store-dataset';

/** Queries run per mode at most; a bigger store is sampled (the first N memories by id). */
export const MAX_QUERIES = 300;

export interface OwnStoreOutcome {
  source: string;
  queries: number;
  memories: number;
  report: RetrievalReport;
  /** Mode the store actually used for each requested mode (vector needs an embedder). */
  effective: Record<SearchMode, SearchMode>;
  /** The store's embedder when it ran. */
  embedderId: string | null;
  note?: string;
}

export async function runOwnStoreBench(store: MemoryStore, onProgress?: (p: { done: number; total: number }) => void, signal?: AbortSignal): Promise<OwnStoreOutcome> {
  const all = (await store.getAll({ filters: { includeExpired: true } })).sort((a, b) => a.id.localeCompare(b.id));
  const dataset = ownStoreDataset(all);
  const queries = dataset.queries.slice(0, MAX_QUERIES);
  if (queries.length === 0) throw new RouterError('EMPTY_INPUT', 'Your store has no memory long enough to make a query from (4 content words or more): save a few memories first.');
  const report = {} as RetrievalReport;
  const effective = {} as Record<SearchMode, SearchMode>;
  const total = queries.length * SEARCH_MODES.length;
  let done = 0;
  for (const mode of SEARCH_MODES) {
    const scores: RetrievalScores[] = [];
    for (const q of queries) {
      signal?.throwIfAborted();
      const r = await store.search(q.query, { mode, limit: 10, filters: { includeExpired: true } });
      effective[mode] = r.mode;
      scores.push(scoreRanking(r.results.map((m) => ({ id: m.id, score: m.score })), q.relevant));
      if (++done % 10 === 0) onProgress?.({ done, total });
    }
    report[mode] = averageScores(scores);
  }
  const note = [
    dataset.skipped ? `${dataset.skipped} short memories made no query` : '',
    dataset.queries.length > MAX_QUERIES ? `first ${MAX_QUERIES} of ${dataset.queries.length} queries run` : '',
  ].filter(Boolean).join('; ');
  return { source: 'your store (known-item queries)', queries: queries.length, memories: all.length, report, effective, embedderId: store.embedder?.id ?? null, note: note || undefined };
}
