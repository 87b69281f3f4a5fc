/**
 * How embed-lite's word table is made from general-English GloVe vectors and the domain PPMI-SVD
 * space, with every linear step folded into the rows so inference stays a weighted sum:
 *
 *   1. vocabulary: the `topWords` most frequent GloVe words, plus every GloVe word of the training
 *      conversations and of the dev set's train split, plus domain-only words (in the conversations,
 *      unknown to GloVe: "webinar", "onboarding") that the domain space knows by their stem;
 *   2. GloVe rows centred and stripped of their `abtt` top principal directions ("all-but-the-top",
 *      Mu & Viswanath 2018), unit length; domain rows (the stem's PPMI-SVD vector) x `domainWeight`,
 *      concatenated;
 *   3. SIF weights a / (a + p(w)) (Arora et al. 2017), p(w) from the GloVe rank (Zipf);
 *   4. a PCA projection of the concatenated rows to `dimension`;
 *   5. the first `commonComponents` principal directions of training sentences removed;
 *   6. optionally the supervised map (supervised.ts), fitted on the dev set's train split;
 *   7. character n-gram buckets for words outside the vocabulary; int8 rows with one scale each.
 */
import { STOPWORDS, stem } from '../../src/core/tokenize';
import { dot, normalizeInPlace } from '../../src/core/util/vector-math';
import { charNgrams, LiteEmbedModel, ngramBucket, quantizeRows, type LiteModelParts } from '../../src/embed/lite/model';
import type { GloveVectors } from './glove';
import { jacobiEigen } from './svd';
import { fitLinearMap, type MapSettings, type PairGroup } from './supervised';

export interface ComposeSettings {
  /** GloVe words kept by frequency alone (the training vocabulary is added to them). */
  topWords: number;
  /** Top principal directions removed from the centred GloVe vectors. */
  abtt: number;
  sifA: number;
  /** Weight of the domain block against the unit GloVe block; 0 = GloVe only. */
  domainWeight: number;
  /** Output dimension (PCA of the concatenated rows); 0 keeps the concatenation. */
  dimension: number;
  /**
   * Rows the PCA is fitted on: every word, or only the domain's (the training conversations', the
   * dev train split's and the domain-only words), so the general-English tail does not decide
   * which directions survive.
   */
  pcaRows: 'all' | 'domain';
  /** Principal directions of training sentences removed (SIF's common component). */
  commonComponents: number;
  /** n-gram buckets for unknown words (0 = none) and the weight of such a word. */
  ngramBuckets: number;
  ngramWeight: number;
  /** The supervised map, or null. */
  map: MapSettings | null;
  /** Quantisation steps either side of zero of the int8 rows (127: all of int8); fewer compress better. */
  levels?: number;
}

export interface DomainSpace {
  /** Stems (the search tokenizer's), most frequent first. */
  vocabulary: string[];
  vectors: Float32Array;
  dimension: number;
}

export interface ComposeInputs {
  glove: GloveVectors;
  domain: DomainSpace | null;
  /** Surface-word counts of the training conversations (liteWords). */
  corpusWords: Map<string, number>;
  /** Words of the dev set's train split (memories and queries). */
  extraWords: ReadonlySet<string>;
  /** Training sentences as liteWords, for the common component. */
  sentences: readonly (readonly string[])[];
  /** Query/answer pairs of the dev set's train split, for the supervised map. */
  pairs: readonly PairGroup[];
}

export interface Composed {
  parts: LiteModelParts;
  stats: { vocabulary: number; gloveWords: number; domainOnlyWords: number; dimension: number; mapLoss?: number[] };
}

const NGRAM_MIN = 3;
const NGRAM_MAX = 5;
/** Words whose GloVe vectors define the centre and the top directions (the frequent, well-trained ones). */
const ABTT_SAMPLE = 30000;

export function composeVocabulary(inputs: ComposeInputs, topWords: number): { words: string[]; gloveRow: Int32Array; domainOnly: number } {
  const { glove, domain, corpusWords, extraWords } = inputs;
  const domainIndex = new Map((domain?.vocabulary ?? []).map((w, i) => [w, i]));
  const words: string[] = [];
  const gloveRow: number[] = [];
  const inGlove = new Set<string>();
  glove.words.forEach((w, i) => {
    inGlove.add(w);
    if (STOPWORDS.has(w)) return;
    if (i < topWords || corpusWords.has(w) || extraWords.has(w)) { words.push(w); gloveRow.push(i); }
  });
  let domainOnly = 0;
  if (domain) {
    const candidates = [...corpusWords].filter(([w, c]) => c >= 2 && !inGlove.has(w) && !STOPWORDS.has(w) && domainIndex.has(stem(w)));
    candidates.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const [w] of candidates) { words.push(w); gloveRow.push(-1); domainOnly++; }
  }
  return { words, gloveRow: Int32Array.from(gloveRow), domainOnly };
}

/** Centred GloVe rows minus their top `k` principal directions, unit length. */
function gloveBlock(glove: GloveVectors, rows: Int32Array, k: number): Float32Array {
  const d = glove.dimension;
  const n = Math.min(ABTT_SAMPLE, glove.words.length);
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j] += glove.vectors[r * d + j] / n;
  const cov = new Float64Array(d * d);
  const x = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) x[j] = glove.vectors[r * d + j] - mean[j];
    for (let i = 0; i < d; i++) for (let j = i; j < d; j++) cov[i * d + j] += x[i] * x[j];
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i * d + j] = cov[j * d + i];
  const top = topEigenvectors(cov, d, k);
  const out = new Float32Array(rows.length * d);
  rows.forEach((g, i) => {
    if (g < 0) return;
    const row = out.subarray(i * d, (i + 1) * d);
    for (let j = 0; j < d; j++) row[j] = glove.vectors[g * d + j] - mean[j];
    for (const u of top) { const p = dot(row, u); for (let j = 0; j < d; j++) row[j] -= p * u[j]; }
    normalizeInPlace(row);
  });
  return out;
}

/** The k eigenvectors of a symmetric matrix with the largest eigenvalues. */
export function topEigenvectors(sym: Float64Array, n: number, k: number): Float64Array[] {
  if (k <= 0) return [];
  const { values, vectors } = jacobiEigen(sym, n);
  const order = [...values.keys()].sort((a, b) => values[b] - values[a]).slice(0, k);
  return order.map((p) => {
    const u = new Float64Array(n);
    for (let i = 0; i < n; i++) u[i] = vectors[i * n + p];
    return u;
  });
}

/** First principal directions (uncentred) of sentence vectors. */
function sentenceDirections(model: LiteEmbedModel, sentences: readonly (readonly string[])[], k: number): Float64Array[] {
  const d = model.dimension;
  const cov = new Float64Array(d * d);
  for (const s of sentences) {
    const v = model.embedWords(s);
    for (let i = 0; i < d; i++) { const vi = v[i]; if (vi === 0) continue; for (let j = 0; j < d; j++) cov[i * d + j] += vi * v[j]; }
  }
  return topEigenvectors(cov, d, k);
}

/** Rows x (I - sum u u^T), in place. */
function removeDirections(rows: Float32Array, n: number, d: number, dirs: readonly Float64Array[]): void {
  for (let r = 0; r < n; r++) {
    const row = rows.subarray(r * d, (r + 1) * d);
    for (const u of dirs) { const p = dot(row, u); for (let j = 0; j < d; j++) row[j] -= p * u[j]; }
  }
}

function buildNgrams(words: readonly string[], rows: Float32Array, d: number, buckets: number): Float32Array {
  const sums = new Float64Array(buckets * d);
  const counts = new Float64Array(buckets);
  words.forEach((w, r) => {
    for (const g of charNgrams(w, NGRAM_MIN, NGRAM_MAX)) {
      const b = ngramBucket(g, buckets);
      counts[b]++;
      for (let j = 0; j < d; j++) sums[b * d + j] += rows[r * d + j];
    }
  });
  const out = new Float32Array(buckets * d);
  for (let b = 0; b < buckets; b++) if (counts[b] > 0) for (let j = 0; j < d; j++) out[b * d + j] = sums[b * d + j] / counts[b];
  return out;
}

function partsOf(words: string[], rows: Float32Array, d: number, weights: Float32Array, s: ComposeSettings): LiteModelParts {
  return {
    dimension: d,
    vocabulary: words,
    vectors: quantizeRows(rows, words.length, d, s.levels),
    weights,
    unknownWeight: 1,
    ngrams: s.ngramBuckets > 0
      ? { minN: NGRAM_MIN, maxN: NGRAM_MAX, buckets: s.ngramBuckets, weight: s.ngramWeight, vectors: quantizeRows(buildNgrams(words, rows, d, s.ngramBuckets), s.ngramBuckets, d, s.levels) }
      : null,
  };
}

export function compose(inputs: ComposeInputs, s: ComposeSettings): Composed {
  const { glove, domain } = inputs;
  const { words, gloveRow, domainOnly } = composeVocabulary(inputs, s.topWords);
  const gd = glove.dimension;
  const g = gloveBlock(glove, gloveRow, s.abtt);
  const useDomain = !!domain && s.domainWeight > 0;
  const dd = useDomain ? (domain as DomainSpace).dimension : 0;
  const wide = gd + dd;
  const z = new Float32Array(words.length * wide);
  const domainIndex = new Map((domain?.vocabulary ?? []).map((w, i) => [w, i]));
  words.forEach((w, r) => {
    for (let j = 0; j < gd; j++) z[r * wide + j] = g[r * gd + j];
    if (!useDomain) return;
    const dr = domainIndex.get(stem(w));
    if (dr === undefined) return;
    for (let j = 0; j < dd; j++) z[r * wide + gd + j] = s.domainWeight * (domain as DomainSpace).vectors[dr * dd + j];
  });
  // SIF weights: p(w) by Zipf's law from the GloVe rank; a word GloVe lacks is rare in English.
  const harmonic = Math.log(glove.publishedWords) + 0.5772;
  const weights = Float32Array.from(words, (_, r) => {
    const rank = gloveRow[r] >= 0 ? glove.ranks[gloveRow[r]] : glove.publishedWords;
    return s.sifA / (s.sifA + 1 / ((rank + 1) * harmonic));
  });

  let d = wide;
  let rows = z;
  if (s.dimension > 0 && s.dimension < wide) {
    const cov = new Float64Array(wide * wide);
    for (let r = 0; r < words.length; r++) {
      if (s.pcaRows === 'domain' && gloveRow[r] >= 0 && !inputs.corpusWords.has(words[r]) && !inputs.extraWords.has(words[r])) continue;
      const o = r * wide;
      for (let i = 0; i < wide; i++) { const zi = z[o + i]; if (zi === 0) continue; for (let j = i; j < wide; j++) cov[i * wide + j] += zi * z[o + j]; }
    }
    for (let i = 0; i < wide; i++) for (let j = 0; j < i; j++) cov[i * wide + j] = cov[j * wide + i];
    const basis = topEigenvectors(cov, wide, s.dimension);
    d = s.dimension;
    rows = new Float32Array(words.length * d);
    for (let r = 0; r < words.length; r++) for (let k = 0; k < d; k++) rows[r * d + k] = dot(z.subarray(r * wide, (r + 1) * wide), basis[k]);
  }
  if (s.commonComponents > 0) {
    const draft = new LiteEmbedModel({ ...partsOf(words, rows, d, weights, { ...s, ngramBuckets: 0 }) });
    removeDirections(rows, words.length, d, sentenceDirections(draft, inputs.sentences, s.commonComponents));
  }
  let mapLoss: number[] | undefined;
  if (s.map) {
    const draft = new LiteEmbedModel(partsOf(words, rows, d, weights, { ...s, ngramBuckets: 0 }));
    const fitted = fitLinearMap(draft, inputs.pairs, s.map);
    mapLoss = fitted.loss;
    const tmp = new Float64Array(d);
    for (let r = 0; r < words.length; r++) {
      const row = rows.subarray(r * d, (r + 1) * d);
      for (let i = 0; i < d; i++) tmp[i] = dot(fitted.matrix.subarray(i * d, (i + 1) * d), row);
      row.set(tmp);
    }
  }
  return { parts: partsOf(words, rows, d, weights, s), stats: { vocabulary: words.length, gloveWords: words.length - domainOnly, domainOnlyWords: domainOnly, dimension: d, mapLoss } };
}
