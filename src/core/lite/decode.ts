/**
 * Decoding policy: turns calibrated per-category probabilities into a category set. The policy is
 * data stored in the model file (chosen by cross-validation at training time), not code branches.
 */
import { CATEGORY_NAMES, type CategoryName } from '../taxonomy';

export interface DecodingPolicy {
  /** A category other than the top one is added when its calibrated probability reaches this. */
  minProbability: number;
  /** ...and when it is at least this fraction of the top category's probability. */
  minRatioToTop: number;
  /** At most this many categories (the recipe's storage-efficiency reward drops after 3). */
  maxCategories: number;
  /**
   * Multiplier per category (CATEGORY_NAMES order) applied to probabilities before ranking: a
   * label-shift correction, (1 / training prior)^alpha normalised to mean 1. All 1 = no correction.
   */
  rankWeights: number[];
  /** The alpha used to derive rankWeights, kept for the record. */
  priorCorrection: number;
}

export const NONE_INDEX = CATEGORY_NAMES.indexOf('none');

/**
 * Top-ranked category always; others by threshold; `none` only ever alone: when it ranks first
 * and nothing else qualifies. Returns indices into CATEGORY_NAMES.
 */
export function decodeIndices(probs: ArrayLike<number>, policy: DecodingPolicy): number[] {
  const k = CATEGORY_NAMES.length;
  const order: number[] = [];
  for (let c = 0; c < k; c++) order.push(c);
  const rank = (c: number) => probs[c] * policy.rankWeights[c];
  // Ties break on taxonomy order so equal scores always decode equally.
  order.sort((a, b) => rank(b) - rank(a) || a - b);
  const top = order[0];
  const picked: number[] = [];
  const qualifies = (c: number, ref: number) =>
    probs[c] >= policy.minProbability && probs[c] >= policy.minRatioToTop * ref;
  if (top === NONE_INDEX) {
    // `none` won: keep it unless another category is strong enough on its own.
    for (const c of order) {
      if (c === NONE_INDEX || picked.length >= policy.maxCategories) continue;
      if (qualifies(c, probs[top])) picked.push(c);
    }
    return picked.length ? picked : [NONE_INDEX];
  }
  picked.push(top);
  for (const c of order) {
    if (c === top || c === NONE_INDEX || picked.length >= policy.maxCategories) continue;
    if (qualifies(c, probs[top])) picked.push(c);
  }
  return picked;
}

export function decodeCategories(probs: ArrayLike<number>, policy: DecodingPolicy): CategoryName[] {
  const picked = new Set(decodeIndices(probs, policy));
  return CATEGORY_NAMES.filter((_, i) => picked.has(i));
}

/** rankWeights for a given training prior and correction strength alpha (0 = none, 1 = full). */
export function priorRankWeights(prior: readonly number[], alpha: number): number[] {
  const raw = prior.map((p) => Math.pow(Math.max(p, 1e-6), -alpha));
  const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
  return raw.map((w) => Number((w / mean).toPrecision(6)));
}
