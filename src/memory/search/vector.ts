/**
 * Exact (brute-force) cosine search. All vectors sit in ONE contiguous Float32Array, row `slot` at
 * `slot * dimension`, so a search is a single linear scan of memory with plain loops and no
 * per-row objects. Rows are L2-normalised on insert, so cosine similarity is a dot product.
 * Removal moves the last row into the hole, keeping rows dense. This is the reference search;
 * an approximate index (HNSW) would only pay off far above the sizes a browser store holds.
 */
import { SlotRows } from './slot-rows';
import { TopK } from './top-k';
import type { SearchFilter, SearchHit } from './types';
import { DotKernel } from './wasm-dot';
import { dotRow, l2norm } from '../../core/util/vector-math';

export class VectorIndex extends SlotRows {
  private data: Float32Array;
  private capacity: number;
  /** WebAssembly SIMD scan over rows kept in its memory (about 5x faster); null = JS loop. */
  private kernel: DotKernel | null;

  /** `simd: false` keeps the JS loop (small throwaway indexes, where a kernel's setup costs more than it saves). */
  constructor(dimension: number, initialCapacity = 64, simd = true) {
    super(dimension);
    this.capacity = Math.max(1, initialCapacity);
    this.kernel = simd ? DotKernel.create(dimension, this.capacity) : null;
    this.data = this.kernel ? this.kernel.rows.subarray(0, this.capacity * dimension) : new Float32Array(this.capacity * dimension);
  }

  /** Bytes held for the rows (capacity, not count: what the index occupies). */
  get bytes(): number {
    return this.capacity * this.dimension * 4;
  }

  /** Adds or replaces the vector of `id` (stored normalised; a zero vector stays zero). */
  add(id: string, vector: Float32Array): void {
    this.checkDimension(vector, `vector of ${id}`);
    const slot = this.slotFor(id);
    const norm = l2norm(vector);
    const inv = norm > 0 ? 1 / norm : 0;
    const base = slot * this.dimension;
    for (let j = 0; j < this.dimension; j++) this.data[base + j] = vector[j] * inv;
  }

  /** The stored (normalised) vector of `id`, as a copy. */
  get(id: string): Float32Array | undefined {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return undefined;
    return this.data.slice(slot * this.dimension, (slot + 1) * this.dimension);
  }

  /** Cosine similarity of one stored row to `query` (undefined when the id has no vector). */
  similarity(id: string, query: Float32Array): number | undefined {
    this.checkDimension(query, 'query vector');
    const slot = this.slotOf.get(id);
    if (slot === undefined) return undefined;
    const norm = l2norm(query);
    if (norm === 0) return 0;
    return dotRow(this.data, slot, this.dimension, query) / norm;
  }

  /** The k rows with the highest cosine similarity to `query`, best first. */
  search(query: Float32Array, k: number, filter?: SearchFilter): SearchHit[] {
    this.checkDimension(query, 'query vector');
    if (this.count === 0 || k <= 0) return [];
    const norm = l2norm(query);
    if (norm === 0) return [];
    const q = new Float32Array(this.dimension);
    for (let j = 0; j < this.dimension; j++) q[j] = query[j] / norm;
    const top = new TopK(Math.min(k, this.count));
    const keep = filter ? (slot: number) => filter(this.ids[slot]) : undefined;
    if (this.kernel) pick(this.kernel.dots(q, this.count), top, keep);
    else scan(this.data, q, this.count, this.dimension, top, keep);
    return top.sorted().map(({ slot, score }) => ({ id: this.ids[slot], score }));
  }

  protected rowCapacity(): number {
    return this.capacity;
  }

  protected moveRow(from: number, to: number): void {
    this.data.copyWithin(to * this.dimension, from * this.dimension, (from + 1) * this.dimension);
  }

  protected grow(): void {
    if (this.kernel?.reserve(this.capacity * 2)) {
      this.capacity = this.kernel.capacity;
      this.data = this.kernel.rows.subarray(0, this.capacity * this.dimension);
      return;
    }
    this.kernel = null; // past what a wasm32 memory holds: the JS loop scans a plain array
    this.capacity *= 2;
    const data = new Float32Array(this.capacity * this.dimension);
    data.set(this.data.subarray(0, this.count * this.dimension));
    this.data = data;
  }
}

/** Top k of precomputed scores (the kernel's output), filter only for rows that would enter. */
function pick(scores: Float32Array, top: TopK, keep: ((slot: number) => boolean) | undefined): void {
  let threshold = top.threshold;
  for (let r = 0; r < scores.length; r++) {
    const s = scores[r];
    if (s > threshold && (keep === undefined || keep(r))) {
      top.push(r, s);
      threshold = top.threshold;
    }
  }
}

/**
 * The hot loop: one dot product per row, four accumulators so the additions do not wait on each
 * other. The filter (a closure over ids) runs only for rows that would enter the top k.
 */
function scan(
  data: Float32Array,
  q: Float32Array,
  rows: number,
  dim: number,
  top: TopK,
  keep: ((slot: number) => boolean) | undefined,
): void {
  const dim4 = dim - (dim % 4);
  let threshold = top.threshold;
  for (let r = 0, base = 0; r < rows; r++, base += dim) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let j = 0;
    for (; j < dim4; j += 4) {
      s0 += data[base + j] * q[j];
      s1 += data[base + j + 1] * q[j + 1];
      s2 += data[base + j + 2] * q[j + 2];
      s3 += data[base + j + 3] * q[j + 3];
    }
    for (; j < dim; j++) s0 += data[base + j] * q[j];
    const s = s0 + s1 + s2 + s3;
    if (s > threshold && (keep === undefined || keep(r))) {
      top.push(r, s);
      threshold = top.threshold;
    }
  }
}
