/**
 * embed-lite training: PPMI word–context matrix from windowed co-occurrence (Levy, Goldberg &
 * Dagan, 2015: context-distribution smoothing 0.75, eigenvalue weighting), truncated by randomized
 * SVD, then SIF weights, n-gram buckets and the common component for sentence vectors. Pure and
 * deterministic: the same documents and hyper-parameters give the same floats.
 */
import { CsrMatrix } from './sparse';
import { randomizedSvd } from './svd';
import { charNgrams, LiteEmbedModel, ngramBucket, type LiteModelParts, type NgramTable } from '../../src/embed/lite/model';

export interface LiteHyperparameters {
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
  /** SIF constant a in a / (a + p(w)). */
  sifA: number;
  /** 0 disables n-gram buckets; otherwise the weight of an n-gram-only word. */
  ngramWeight: number;
  ngramBuckets: number;
  ngramMin: number;
  ngramMax: number;
  removeCommonComponent: boolean;
  seed: number;
}

export const DEFAULT_HYPERPARAMETERS: LiteHyperparameters = {
  dimension: 160,
  minCount: 2,
  context: 'conversation',
  window: 150,
  harmonicWindow: false,
  contextAlpha: 0.75,
  eigenPower: 0.25,
  sifA: 1e-3,
  ngramWeight: 0.5,
  ngramBuckets: 2048,
  ngramMin: 3,
  ngramMax: 5,
  removeCommonComponent: true,
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

export function sifWeights(vocabulary: readonly string[], counts: Map<string, number>, total: number, a: number): Float32Array {
  return Float32Array.from(vocabulary, (w) => a / (a + (counts.get(w) ?? 0) / total));
}

/** Each bucket is the mean vector of the vocabulary words whose n-grams fall into it. */
export function buildNgramTable(
  vocabulary: readonly string[],
  vectors: Float32Array,
  d: number,
  hp: Pick<LiteHyperparameters, 'ngramBuckets' | 'ngramMin' | 'ngramMax' | 'ngramWeight'>,
): NgramTable {
  const sums = new Float64Array(hp.ngramBuckets * d);
  const n = new Float64Array(hp.ngramBuckets);
  vocabulary.forEach((word, row) => {
    for (const g of charNgrams(word, hp.ngramMin, hp.ngramMax)) {
      const b = ngramBucket(g, hp.ngramBuckets);
      n[b]++;
      for (let j = 0; j < d; j++) sums[b * d + j] += vectors[row * d + j];
    }
  });
  const table = new Float32Array(hp.ngramBuckets * d);
  for (let b = 0; b < hp.ngramBuckets; b++) {
    if (n[b] === 0) continue;
    for (let j = 0; j < d; j++) table[b * d + j] = sums[b * d + j] / n[b];
  }
  return { minN: hp.ngramMin, maxN: hp.ngramMax, buckets: hp.ngramBuckets, vectors: table, weight: hp.ngramWeight };
}

/** First right-singular direction of the (uncentred) sentence vectors, by power iteration. */
export function commonComponent(sentences: readonly Float32Array[], d: number, iterations = 50): Float32Array {
  let u = new Float64Array(d).fill(1 / Math.sqrt(d));
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(d);
    for (const s of sentences) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += s[j] * u[j];
      for (let j = 0; j < d; j++) next[j] += dot * s[j];
    }
    let norm = 0;
    for (let j = 0; j < d; j++) norm += next[j] * next[j];
    norm = Math.sqrt(norm);
    if (norm === 0) break;
    for (let j = 0; j < d; j++) next[j] /= norm;
    u = next;
  }
  return Float32Array.from(u);
}

export interface TrainedLite {
  parts: LiteModelParts;
  counts: Counts;
  stats: { vocabulary: number; nnz: number; singularValues: number[] };
}

/** Shared upstream product of the co-occurrence settings, reusable across the SVD/SIF settings. */
export interface WordSpace {
  vocabulary: string[];
  counts: Counts;
  ppmi: CsrMatrix;
}

/** `docs` are the co-occurrence contexts (turns or whole conversations, per hp.context). */
export function buildWordSpace(docs: readonly (readonly string[])[], hp: Pick<LiteHyperparameters, 'minCount' | 'window' | 'harmonicWindow' | 'contextAlpha'>): WordSpace {
  const counts = countTokens(docs);
  const vocabulary = buildVocabulary(counts.counts, hp.minCount);
  const index = new Map(vocabulary.map((w, i) => [w, i]));
  const ppmi = ppmiMatrix(cooccurrence(docs, index, hp.window, hp.harmonicWindow), vocabulary.length, hp.contextAlpha);
  return { vocabulary, counts, ppmi };
}

/** `docs` here are sentences (turns): the common component is a property of sentence vectors. */
export function trainFromWordSpace(space: WordSpace, docs: readonly (readonly string[])[], hp: LiteHyperparameters): TrainedLite {
  const { vocabulary, counts, ppmi } = space;
  const svd = randomizedSvd(ppmi, { rank: hp.dimension, seed: hp.seed, powerIterations: 3, oversample: 16 });
  const d = svd.rank;
  const vectors = new Float32Array(vocabulary.length * d);
  const scale = Float64Array.from(svd.s, (s) => s ** hp.eigenPower);
  for (let r = 0; r < vocabulary.length; r++) {
    // rows are normalised so a word's weight in a sentence comes from SIF alone, not its norm
    let norm = 0;
    for (let j = 0; j < d; j++) norm += (svd.u[r * d + j] * scale[j]) ** 2;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < d; j++) vectors[r * d + j] = svd.u[r * d + j] * scale[j] * inv;
  }
  const weights = sifWeights(vocabulary, counts.counts, counts.total, hp.sifA);
  const parts: LiteModelParts = {
    dimension: d,
    vocabulary,
    vectors,
    weights,
    unknownWeight: 1, // a / (a + ~0)
    ngrams: hp.ngramWeight > 0 ? buildNgramTable(vocabulary, vectors, d, hp) : null,
    commonComponent: null,
  };
  if (hp.removeCommonComponent) {
    const draft = new LiteEmbedModel(parts);
    const sample = docs.filter((doc) => doc.length > 0).map((doc) => draft.embedTokens(doc));
    parts.commonComponent = commonComponent(sample, d);
  }
  return { parts, counts, stats: { vocabulary: vocabulary.length, nnz: ppmi.nnz, singularValues: Array.from(svd.s.slice(0, 5)) } };
}
