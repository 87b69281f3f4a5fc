/**
 * embed-lite inference: a sentence vector is the SIF-weighted average of its word vectors
 * (Arora, Liang & Ma, 2017: weight a / (a + p(w)), so frequent words count less), minus its
 * projection on the corpus' common direction, L2-normalised. Words outside the vocabulary borrow
 * the average vector of their character n-grams (fastText-style buckets), so typos and new
 * inflections still land near their relatives. Plain TypeScript, no dependencies.
 */
import { tokenize } from '../../core/tokenize';
import { fnv1a } from '../../core/util/random';
import { normalizeInPlace, removeComponent } from '../../core/util/vector-math';

export interface NgramTable {
  minN: number;
  maxN: number;
  buckets: number;
  /** buckets x dimension, row-major; a zero row is an empty bucket. */
  vectors: Float32Array;
  /** Multiplies the SIF weight of a word known only by its n-grams (their vector is blurrier). */
  weight: number;
}

export interface LiteModelParts {
  dimension: number;
  vocabulary: readonly string[];
  /** vocabulary x dimension, row-major */
  vectors: Float32Array;
  /** SIF weight of each vocabulary word */
  weights: Float32Array;
  /** SIF weight of a word seen too rarely to be in the vocabulary (p(w) ~ 0). */
  unknownWeight: number;
  ngrams: NgramTable | null;
  /** Unit vector removed from every sentence vector, or null. */
  commonComponent: Float32Array | null;
}

export class LiteEmbedModel {
  readonly dimension: number;
  private readonly index: Map<string, number>;

  constructor(readonly parts: LiteModelParts) {
    this.dimension = parts.dimension;
    this.index = new Map(parts.vocabulary.map((w, i) => [w, i]));
  }

  get vocabularySize(): number {
    return this.parts.vocabulary.length;
  }

  /** Normalised sentence vector; all zeros when no word of the text is known at all. */
  embed(text: string): Float32Array {
    return this.embedTokens(tokenize(text));
  }

  embedTokens(tokens: readonly string[]): Float32Array {
    const d = this.dimension;
    const acc = new Float32Array(d);
    const { vectors, weights, ngrams } = this.parts;
    const scratch = ngrams ? new Float32Array(d) : null;
    for (const t of tokens) {
      const row = this.index.get(t);
      if (row !== undefined) {
        const w = weights[row];
        const o = row * d;
        for (let j = 0; j < d; j++) acc[j] += w * vectors[o + j];
      } else if (ngrams && scratch && ngramVector(t, ngrams, d, scratch)) {
        const w = this.parts.unknownWeight * ngrams.weight;
        for (let j = 0; j < d; j++) acc[j] += w * scratch[j];
      }
    }
    const u = this.parts.commonComponent;
    if (u) removeComponent(acc, u);
    return normalizeInPlace(acc);
  }

  /** The stored vector of a vocabulary word (for inspection and tests). */
  wordVector(word: string): Float32Array | null {
    const row = this.index.get(word);
    if (row === undefined) return null;
    return this.parts.vectors.slice(row * this.dimension, (row + 1) * this.dimension);
  }
}

/** Character n-grams of a word with boundary marks: "<ad>" -> "<ad", "ad>", "<ad>" for n = 3..4. */
export function charNgrams(word: string, minN: number, maxN: number): string[] {
  const w = `<${word}>`;
  const out: string[] = [];
  for (let n = minN; n <= maxN; n++) {
    for (let i = 0; i + n <= w.length; i++) out.push(w.slice(i, i + n));
  }
  return out;
}

export function ngramBucket(gram: string, buckets: number): number {
  return fnv1a(gram) % buckets;
}

/** Average of the non-empty bucket vectors of a word's n-grams into `out`; false when none. */
function ngramVector(word: string, table: NgramTable, d: number, out: Float32Array): boolean {
  out.fill(0);
  let used = 0;
  for (const g of charNgrams(word, table.minN, table.maxN)) {
    const o = ngramBucket(g, table.buckets) * d;
    let empty = true;
    for (let j = 0; j < d; j++) if (table.vectors[o + j] !== 0) { empty = false; break; }
    if (empty) continue;
    for (let j = 0; j < d; j++) out[j] += table.vectors[o + j];
    used++;
  }
  if (used === 0) return false;
  for (let j = 0; j < d; j++) out[j] /= used;
  return true;
}
