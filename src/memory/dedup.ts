/**
 * Near-duplicate rules. Exact duplicates are found by content hash (same user, same category);
 * near duplicates by cosine similarity of the new fact to the closest memory of the same user and
 * category, against a threshold measured per embedder (scripts/measure-dedup.ts, docs/memory-layer.md).
 * Thresholds are data: a new embedder gets a row here after it has been measured.
 */

export interface DedupThreshold {
  /** Matches an embedder id that starts with this prefix. */
  embedderPrefix: string;
  threshold: number;
  /** Where the number comes from (kept beside it so nobody tunes it blind). */
  measuredWith: string;
}

export const DEDUP_THRESHOLDS: readonly DedupThreshold[] = [
  // 90 hand-written pairs: same-fact median 0.924, different-fact max 0.823; best F1 with precision
  // >= 0.95 at 0.667 (P 0.952, R 0.952; two-fold held out: P 1.00 / R 0.79 and P 0.92 / R 0.96).
  // The two false duplicates it accepts are value changes of one fact with another period or metric
  // ("Q3 budget $50k" / "Q4 budget $80k", 0.82), which a word-vector average cannot tell apart.
  { embedderPrefix: 'embed-lite', threshold: 0.667, measuredWith: 'npx tsx scripts/measure-dedup.ts --embedder lite (embed-lite@8418159f, GloVe + domain, 160 d, ±7 levels)' },
];

/**
 * For an embedder nobody measured: high, so that a wrong UPDATE (which overwrites a distinct fact)
 * stays rare; a missed near-duplicate only costs one extra memory.
 */
export const FALLBACK_DEDUP_THRESHOLD = 0.9;

export function dedupThresholdFor(embedderId: string | null | undefined): number {
  if (!embedderId) return FALLBACK_DEDUP_THRESHOLD;
  let best: DedupThreshold | undefined;
  for (const row of DEDUP_THRESHOLDS) {
    if (embedderId.startsWith(row.embedderPrefix) && (!best || row.embedderPrefix.length > best.embedderPrefix.length)) best = row;
  }
  return best?.threshold ?? FALLBACK_DEDUP_THRESHOLD;
}

export type DedupDecision =
  | { kind: 'same'; id: string }
  | { kind: 'similar'; id: string; similarity: number }
  | { kind: 'new' };

/** Given the exact match (if any) and the nearest neighbour, what to do with a new fact. */
export function decideDedup(
  exactId: string | null,
  nearest: { id: string; score: number } | null,
  threshold: number,
): DedupDecision {
  if (exactId) return { kind: 'same', id: exactId };
  if (nearest && nearest.score >= threshold) return { kind: 'similar', id: nearest.id, similarity: nearest.score };
  return { kind: 'new' };
}
