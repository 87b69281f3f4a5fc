/**
 * embed-lite inference: a sentence vector is the weighted average of its word vectors, L2-normalised.
 * Everything linear that training decides (centring, removed common directions, the projection of
 * general-English plus domain vectors to one space, the supervised map) is already folded into the
 * stored rows, so inference is a table lookup and a sum. Words are looked up as written (lower-case,
 * stopwords out), then by their search stem, then by their character n-grams (fastText-style
 * buckets), so typos and rare inflections still land near their relatives. Rows are int8 with one
 * scale each and stay int8 in memory (4 MB, not 16). Plain TypeScript, no dependencies.
 */
import { stem, tokenize } from '../../core/tokenize';
import { fnv1a } from '../../core/util/random';
import { normalizeInPlace } from '../../core/util/vector-math';

/** int8 rows, value = int8 x scale of its row. */
export interface QuantizedRows {
  rows: number;
  cols: number;
  data: Int8Array;
  scales: Float32Array;
}

export interface NgramTable {
  minN: number;
  maxN: number;
  buckets: number;
  /** buckets x dimension; a zero row is an empty bucket. */
  vectors: QuantizedRows;
  /** Multiplies the weight of a word known only by its n-grams (their vector is blurrier). */
  weight: number;
}

export interface LiteModelParts {
  dimension: number;
  vocabulary: readonly string[];
  /** vocabulary x dimension */
  vectors: QuantizedRows;
  /** Weight of each vocabulary word in a sentence (SIF: frequent words count less). */
  weights: Float32Array;
  /** Weight of a word outside the vocabulary (known only by its n-grams). */
  unknownWeight: number;
  ngrams: NgramTable | null;
}

/** The words embed-lite looks up: lower-case, stopwords out, a possessive 's dropped, NOT stemmed. */
export function liteWords(text: string): string[] {
  return tokenize(text, { stem: false }).map((w) => (w.endsWith("'s") ? w.slice(0, -2) : w)).filter((w) => w.length > 0);
}

export class LiteEmbedModel {
  readonly dimension: number;
  private readonly index: Map<string, number>;
  private readonly scratch: Float32Array;

  constructor(readonly parts: LiteModelParts) {
    this.dimension = parts.dimension;
    this.index = new Map(parts.vocabulary.map((w, i) => [w, i]));
    this.scratch = new Float32Array(parts.dimension);
  }

  get vocabularySize(): number {
    return this.parts.vocabulary.length;
  }

  /** Normalised sentence vector; all zeros when no word of the text is known at all. */
  embed(text: string): Float32Array {
    return this.embedWords(liteWords(text));
  }

  /** Row of a word: as written, else its stem; undefined when neither is in the vocabulary. */
  rowOf(word: string): number | undefined {
    return this.index.get(word) ?? this.index.get(stem(word));
  }

  embedWords(words: readonly string[]): Float32Array {
    const acc = new Float32Array(this.dimension);
    const { vectors, weights, ngrams } = this.parts;
    for (const w of words) {
      const row = this.rowOf(w);
      if (row !== undefined) addRow(acc, vectors, row, weights[row]);
      else if (ngrams && ngramVector(w, ngrams, this.scratch)) {
        const k = this.parts.unknownWeight * ngrams.weight;
        for (let j = 0; j < this.dimension; j++) acc[j] += k * this.scratch[j];
      }
    }
    return normalizeInPlace(acc);
  }

  /** The stored (dequantized) vector of a vocabulary word, for inspection and tests. */
  wordVector(word: string): Float32Array | null {
    const row = this.index.get(word);
    if (row === undefined) return null;
    const out = new Float32Array(this.dimension);
    addRow(out, this.parts.vectors, row, 1);
    return out;
  }
}

function addRow(acc: Float32Array, m: QuantizedRows, row: number, weight: number): void {
  const k = weight * m.scales[row];
  if (k === 0) return;
  const o = row * m.cols;
  for (let j = 0; j < m.cols; j++) acc[j] += k * m.data[o + j];
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
function ngramVector(word: string, table: NgramTable, out: Float32Array): boolean {
  out.fill(0);
  let used = 0;
  for (const g of charNgrams(word, table.minN, table.maxN)) {
    const b = ngramBucket(g, table.buckets);
    if (table.vectors.scales[b] === 0) continue;
    addRow(out, table.vectors, b, 1);
    used++;
  }
  if (used === 0) return false;
  for (let j = 0; j < out.length; j++) out[j] /= used;
  return true;
}

/** int8 with one scale per row (max |value| / 127): a row keeps its direction, its norm comes back with the scale. */
/**
 * int8 rows with one scale each, on `levels` steps either side of zero. Fewer than 127 steps store
 * the same int8 array but make it compress: the model file ships gzip-compressed.
 */
export function quantizeRows(m: Float32Array | Float64Array, rows: number, cols: number, levels = 127): QuantizedRows {
  const data = new Int8Array(rows * cols);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let j = 0; j < cols; j++) max = Math.max(max, Math.abs(m[r * cols + j]));
    if (max === 0) continue;
    const scale = Math.fround(max / levels);
    scales[r] = scale;
    for (let j = 0; j < cols; j++) data[r * cols + j] = Math.max(-levels, Math.min(levels, Math.round(m[r * cols + j] / scale)));
  }
  return { rows, cols, data, scales };
}

export function dequantizeRows(q: QuantizedRows): Float32Array {
  const out = new Float32Array(q.rows * q.cols);
  for (let r = 0; r < q.rows; r++) {
    const s = q.scales[r];
    for (let j = 0; j < q.cols; j++) out[r * q.cols + j] = q.data[r * q.cols + j] * s;
  }
  return out;
}
