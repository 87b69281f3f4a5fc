/**
 * Reciprocal rank fusion (Cormack et al., 2009): each list contributes weight / (k + rank), so
 * lists with incomparable scores (BM25, cosine) combine by rank alone. k = 60 is the published
 * default and damps the influence of the very top ranks.
 */
import type { SearchHit } from './types';

export type { SearchHit } from './types';

export interface FusionOptions {
  /** Rank offset (default 60). */
  k?: number;
  /** One weight per list (default 1 each). */
  weights?: number[];
}

export function reciprocalRankFusion(lists: SearchHit[][], opts: FusionOptions = {}): SearchHit[] {
  const k = opts.k ?? 60;
  const fused = new Map<string, number>();
  const firstSeen = new Map<string, number>();
  let order = 0;
  lists.forEach((list, li) => {
    const w = opts.weights?.[li] ?? 1;
    if (w === 0) return;
    list.forEach((hit, rank) => {
      fused.set(hit.id, (fused.get(hit.id) ?? 0) + w / (k + rank + 1));
      if (!firstSeen.has(hit.id)) firstSeen.set(hit.id, order++);
    });
  });
  return [...fused]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || (firstSeen.get(a.id) as number) - (firstSeen.get(b.id) as number));
}
