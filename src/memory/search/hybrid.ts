/**
 * Keyword, vector or fused search over the two indexes, with one filter and one limit. The query
 * vector is the caller's (embedding is async and lives elsewhere); without one, or without a
 * vector index, every mode answers with keyword search, so search works before any model loads.
 */
import type { Bm25Index } from './bm25';
import { reciprocalRankFusion, type FusionOptions } from './fusion';
import type { SearchFilter, SearchHit } from './types';
import type { VectorIndex } from './vector';

export type SearchMode = 'keyword' | 'vector' | 'hybrid';

export const SEARCH_MODES: readonly SearchMode[] = ['keyword', 'vector', 'hybrid'];

export interface HybridQuery {
  text: string;
  /** The embedded query; absent when no embedder is ready. */
  vector?: Float32Array | null;
  mode?: SearchMode;
  limit: number;
  filter?: SearchFilter;
}

export interface HybridOptions {
  fusion?: FusionOptions;
  /** How many candidates each list feeds into fusion (default max(limit, 50)). */
  depth?: number;
}

export class HybridSearcher {
  constructor(
    readonly keyword: Bm25Index,
    readonly vector: VectorIndex | null,
    private readonly opts: HybridOptions = {},
  ) {}

  /** The mode a query will actually run in, given what is available. */
  effectiveMode(query: Pick<HybridQuery, 'mode' | 'vector'>): SearchMode {
    const wanted = query.mode ?? 'hybrid';
    const canVector = !!query.vector && !!this.vector && this.vector.size > 0 && query.vector.length === this.vector.dimension;
    return canVector ? wanted : 'keyword';
  }

  search(query: HybridQuery): SearchHit[] {
    const { limit, filter } = query;
    if (limit <= 0) return [];
    const mode = this.effectiveMode(query);
    if (mode === 'keyword') return this.keyword.search(query.text, limit, filter);
    const vectors = this.vector as VectorIndex;
    const qv = query.vector as Float32Array;
    if (mode === 'vector') return vectors.search(qv, limit, filter);
    const depth = Math.max(limit, this.opts.depth ?? 50);
    const fused = reciprocalRankFusion(
      [this.keyword.search(query.text, depth, filter), vectors.search(qv, depth, filter)],
      this.opts.fusion,
    );
    return fused.slice(0, limit);
  }
}
