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
 * dev split of data/retrieval-dev with the segment router routing the queries
 * (`npm run bench:retrieval -- --split dev --prior-weight W`): hybrid p@5 / MRR 0.729 / 0.581
 * without, 0.759 / 0.610 at 0.1, 0.836 / 0.662 at 0.3, 0.840 / 0.670 at 0.4 and 0.5, 0.824 / 0.667
 * at 0.6, 0.821 / 0.645 at 1.0. Of the two best, the smaller: a wrong route pushes an answer down less.
 */
export const DEFAULT_CATEGORY_PRIOR_WEIGHT = 0.4;

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
