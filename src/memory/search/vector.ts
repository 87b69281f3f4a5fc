/**
 * Exact (brute-force) cosine search. All vectors sit in ONE contiguous Float32Array, row `slot` at
 * `slot * dimension`, so a search is a single linear scan of memory with plain loops and no
 * per-row objects. Rows are L2-normalised on insert, so cosine similarity is a dot product.
 * Removal moves the last row into the hole, keeping rows dense. This is the reference search;
 * an approximate index (HNSW) would only pay off far above the sizes a browser store holds.
 */
import { RouterError } from '../../core/errors';
import { TopK } from './top-k';
import type { SearchFilter, SearchHit } from './types';
import { DotKernel } from './wasm-dot';
import { dotRow, l2norm } from '../../core/util/vector-math';

export class VectorIndex {
  private readonly dim: number;
  private data: Float32Array;
  private capacity: number;
  private count = 0;
  private ids: string[] = [];
  private readonly slotOf = new Map<string, number>();
  /** WebAssembly SIMD scan over rows kept in its memory (about 5x faster); null = JS loop. */
  private kernel: DotKernel | null;

  /** `simd: false` keeps the JS loop (small throwaway indexes, where a kernel's setup costs more than it saves). */
  constructor(dimension: number, initialCapacity = 64, simd = true) {
    if (!Number.isInteger(dimension) || dimension <= 0) {
      throw new RouterError('WRONG_SCHEMA', `Vector dimension must be a positive integer, got ${dimension}.`);
    }
    this.dim = dimension;
    this.capacity = Math.max(1, initialCapacity);
    this.kernel = simd ? DotKernel.create(dimension, this.capacity) : null;
    this.data = this.kernel ? this.kernel.rows.subarray(0, this.capacity * dimension) : new Float32Array(this.capacity * dimension);
  }

  get size(): number {
    return this.count;
  }

  get dimension(): number {
    return this.dim;
  }

  /** Bytes held for the rows (capacity, not count: what the index occupies). */
  get bytes(): number {
    return this.capacity * this.dim * 4;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Adds or replaces the vector of `id` (stored normalised; a zero vector stays zero). */
  add(id: string, vector: Float32Array): void {
    this.checkDimension(vector, `vector of ${id}`);
    let slot = this.slotOf.get(id);
    if (slot === undefined) {
      if (this.count === this.capacity) this.grow();
      slot = this.count++;
      this.ids[slot] = id;
      this.slotOf.set(id, slot);
    }
    const norm = l2norm(vector);
    const inv = norm > 0 ? 1 / norm : 0;
    const base = slot * this.dim;
    for (let j = 0; j < this.dim; j++) this.data[base + j] = vector[j] * inv;
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const last = this.count - 1;
    if (slot !== last) {
      this.data.copyWithin(slot * this.dim, last * this.dim, (last + 1) * this.dim);
      const moved = this.ids[last];
      this.ids[slot] = moved;
      this.slotOf.set(moved, slot);
    }
    this.ids.length = last;
    this.slotOf.delete(id);
    this.count = last;
  }

  /** The stored (normalised) vector of `id`, as a copy. */
  get(id: string): Float32Array | undefined {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return undefined;
    return this.data.slice(slot * this.dim, (slot + 1) * this.dim);
  }

  /** Cosine similarity of one stored row to `query` (undefined when the id has no vector). */
  similarity(id: string, query: Float32Array): number | undefined {
    this.checkDimension(query, 'query vector');
    const slot = this.slotOf.get(id);
    if (slot === undefined) return undefined;
    const norm = l2norm(query);
    if (norm === 0) return 0;
    return dotRow(this.data, slot, this.dim, query) / norm;
  }

  /** The k rows with the highest cosine similarity to `query`, best first. */
  search(query: Float32Array, k: number, filter?: SearchFilter): SearchHit[] {
    this.checkDimension(query, 'query vector');
    if (this.count === 0 || k <= 0) return [];
    const norm = l2norm(query);
    if (norm === 0) return [];
    const q = new Float32Array(this.dim);
    for (let j = 0; j < this.dim; j++) q[j] = query[j] / norm;
    const top = new TopK(Math.min(k, this.count));
    const keep = filter ? (slot: number) => filter(this.ids[slot]) : undefined;
    if (this.kernel) pick(this.kernel.dots(q, this.count), top, keep);
    else scan(this.data, q, this.count, this.dim, top, keep);
    return top.sorted().map(({ slot, score }) => ({ id: this.ids[slot], score }));
  }

  private checkDimension(v: Float32Array, what: string): void {
    if (!(v instanceof Float32Array) || v.length !== this.dim) {
      throw new RouterError(
        'WRONG_SCHEMA',
        `The ${what} has ${v?.length ?? 'no'} dimensions but this index holds ${this.dim}: re-embed with the same embedder.`,
      );
    }
  }

  private grow(): void {
    if (this.kernel?.reserve(this.capacity * 2)) {
      this.capacity = this.kernel.capacity;
      this.data = this.kernel.rows.subarray(0, this.capacity * this.dim);
      return;
    }
    this.kernel = null; // past what a wasm32 memory holds: the JS loop scans a plain array
    this.capacity *= 2;
    const data = new Float32Array(this.capacity * this.dim);
    data.set(this.data.subarray(0, this.count * this.dim));
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
