/**
 * The category prior of hybrid search: the router's calibrated per-category probabilities for the
 * query, over the storable categories (`none` dropped), normalised to sum to 1. A memory of
 * category c gets weight x prior(c) added to its fused score. The router's probabilities are
 * independent per category and low on a short query, so normalising keeps the prior's scale the
 * same whatever the router's confidence; a query with no category signal at all gets no prior.
 */
import { MEMORY_CATEGORIES } from '../../core/taxonomy';

/**
 * Weight of the prior in the fused score (cosine + keyword share + weight x prior), chosen on the
 * dev split of data/retrieval-dev by `npm run train:embed` (docs/embeddings.md): hybrid MRR
 * 0.581 without, 0.591 / 0.599 / 0.602 at 0.2 / 0.3 / 0.5, 0.558 at 0.8; 0.3 was best or
 * level in both search runs and leaves a wrong route the least room to push an answer down.
 */
export const DEFAULT_CATEGORY_PRIOR_WEIGHT = 0.3;

export type CategoryPrior = Readonly<Record<string, number>>;

export function categoryPriorOf(scores: Readonly<Partial<Record<string, number>>> | null | undefined): CategoryPrior | null {
  if (!scores) return null;
  let total = 0;
  for (const c of MEMORY_CATEGORIES) {
    const p = scores[c];
    if (typeof p === 'number' && Number.isFinite(p) && p > 0) total += p;
  }
  if (!(total > 0)) return null;
  const out: Record<string, number> = {};
  for (const c of MEMORY_CATEGORIES) {
    const p = scores[c];
    out[c] = typeof p === 'number' && Number.isFinite(p) && p > 0 ? p / total : 0;
  }
  return out;
}
