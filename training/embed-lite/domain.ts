/**
 * embed-lite's domain word space: PPMI word–context matrix from windowed co-occurrence over the
 * training conversations (Levy, Goldberg & Dagan, 2015: context-distribution smoothing 0.75,
 * eigenvalue weighting), truncated by randomized SVD. It knows the marketing words general English
 * vectors lack or see rarely (webinar, HubSpot, onboarding) and how this domain uses them; compose.ts
 * joins it with the GloVe vectors. Pure and deterministic: same documents, same floats.
 */
import { CsrMatrix } from './sparse';
import { randomizedSvd } from './svd';

export interface DomainHyperparameters {
  dimension: number;
  /** Words seen fewer times are left to the n-gram buckets. */
  minCount: number;
  /**
   * What a co-occurrence window may span: one turn, or a whole conversation (turns joined), where
   * the user's words meet the assistant's rephrasing of the same topic.
   */
  context: 'turn' | 'conversation';
  /** Co-occurrence window (tokens each side, within one context). */
  window: number;
  /** 1/distance weighting inside the window (word2vec-like) instead of flat counts. */
  harmonicWindow: boolean;
  /** Context distribution smoothing exponent. */
  contextAlpha: number;
  /** Word vectors = U · S^eigenPower (0 = U only, 1 = classic). */
  eigenPower: number;
  seed: number;
}

/** Chosen by the earlier proxy search (docs/embed-lite-search.json); the dev split re-checks the window. */
export const DOMAIN_DEFAULTS: DomainHyperparameters = {
  dimension: 160,
  minCount: 2,
  context: 'conversation',
  window: 150,
  harmonicWindow: false,
  contextAlpha: 0.75,
  eigenPower: 0.25,
  seed: 20240601,
};

export interface Counts {
  counts: Map<string, number>;
  total: number;
}

export function countTokens(docs: readonly (readonly string[])[]): Counts {
  const counts = new Map<string, number>();
  let total = 0;
  for (const doc of docs) for (const t of doc) { counts.set(t, (counts.get(t) ?? 0) + 1); total++; }
  return { counts, total };
}

/** Words with at least minCount occurrences, most frequent first, ties alphabetical (stable). */
export function buildVocabulary(counts: Map<string, number>, minCount: number): string[] {
  return [...counts]
    .filter(([, c]) => c >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([w]) => w);
}

/** Symmetric windowed co-occurrence counts keyed row * size + col. */
export function cooccurrence(
  docs: readonly (readonly string[])[],
  index: ReadonlyMap<string, number>,
  window: number,
  harmonic: boolean,
): Map<number, number> {
  const size = index.size;
  const out = new Map<number, number>();
  const add = (key: number, v: number) => out.set(key, (out.get(key) ?? 0) + v);
  for (const doc of docs) {
    const ids = doc.map((t) => index.get(t) ?? -1);
    for (let i = 0; i < ids.length; i++) {
      const a = ids[i];
      if (a < 0) continue;
      for (let j = i + 1; j < ids.length && j <= i + window; j++) {
        const b = ids[j];
        if (b < 0 || b === a) continue;
        const v = harmonic ? 1 / (j - i) : 1;
        add(a * size + b, v);
        add(b * size + a, v);
      }
    }
  }
  return out;
}

/** Positive PMI with context-distribution smoothing: max(0, log P(w,c) / (P(w) P_alpha(c))). */
export function ppmiMatrix(cooc: Map<number, number>, size: number, contextAlpha: number): CsrMatrix {
  const rowSum = new Float64Array(size);
  const colSum = new Float64Array(size);
  let total = 0;
  for (const [key, v] of cooc) {
    const r = Math.floor(key / size);
    rowSum[r] += v;
    colSum[key - r * size] += v;
    total += v;
  }
  let alphaTotal = 0;
  const colAlpha = colSum.map((c) => c ** contextAlpha);
  for (const c of colAlpha) alphaTotal += c;
  const entries = new Map<number, number>();
  for (const [key, v] of cooc) {
    const r = Math.floor(key / size);
    const c = key - r * size;
    const pmi = Math.log((v / total) / ((rowSum[r] / total) * (colAlpha[c] / alphaTotal)));
    if (pmi > 0) entries.set(key, pmi);
  }
  return CsrMatrix.fromEntries(size, size, entries);
}

/** Shared upstream product of the co-occurrence settings, reusable across the SVD/SIF settings. */
export interface WordSpace {
  vocabulary: string[];
  counts: Counts;
  ppmi: CsrMatrix;
}

/** `docs` are the co-occurrence contexts (turns or whole conversations, per hp.context). */
export function buildWordSpace(docs: readonly (readonly string[])[], hp: Pick<DomainHyperparameters, 'minCount' | 'window' | 'harmonicWindow' | 'contextAlpha'>): WordSpace {
  const counts = countTokens(docs);
  const vocabulary = buildVocabulary(counts.counts, hp.minCount);
  const index = new Map(vocabulary.map((w, i) => [w, i]));
  const ppmi = ppmiMatrix(cooccurrence(docs, index, hp.window, hp.harmonicWindow), vocabulary.length, hp.contextAlpha);
  return { vocabulary, counts, ppmi };
}

/** Word vectors U·S^eigenPower of the PPMI matrix, each row L2-normalised (a word's weight comes from elsewhere). */
export function domainVectors(space: WordSpace, hp: Pick<DomainHyperparameters, 'dimension' | 'eigenPower' | 'seed'>): { vectors: Float32Array; dimension: number; singularValues: number[] } {
  const svd = randomizedSvd(space.ppmi, { rank: hp.dimension, seed: hp.seed, powerIterations: 3, oversample: 16 });
  const d = svd.rank;
  const n = space.vocabulary.length;
  const vectors = new Float32Array(n * d);
  const scale = Float64Array.from(svd.s, (s) => s ** hp.eigenPower);
  for (let r = 0; r < n; r++) {
    let norm = 0;
    for (let j = 0; j < d; j++) norm += (svd.u[r * d + j] * scale[j]) ** 2;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < d; j++) vectors[r * d + j] = svd.u[r * d + j] * scale[j] * inv;
  }
  return { vectors, dimension: d, singularValues: Array.from(svd.s.slice(0, 5)) };
}
