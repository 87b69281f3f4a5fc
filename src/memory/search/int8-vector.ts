/**
 * Approximate vector search over an int8 copy of the vectors: each row is L2-normalised, then
 * scaled so its largest component is 127 and rounded (one float scale per row). A scan reads a
 * quarter of the bytes of the float32 index and holds a quarter of the memory; its scores differ
 * from the exact cosine by the rounding (about 1e-3 at 384 dimensions), so callers take more
 * candidates than they need and re-rank them with the exact vectors (MemoryIndex reads those from
 * the database). Same slot scheme as VectorIndex: dense rows, the last row moves into a hole.
 */
import { l2norm } from '../../core/util/vector-math';
import { SlotRows } from './slot-rows';
import { TopK } from './top-k';
import type { SearchFilter, SearchHit } from './types';
import { Int8Kernel, queryIntMax } from './wasm-dot-i8';

export class Int8VectorIndex extends SlotRows {
  private readonly kernel: Int8Kernel;
  private scales: Float32Array;

  constructor(dimension: number, initialCapacity = 64, simd = true) {
    super(dimension);
    this.kernel = new Int8Kernel(dimension, initialCapacity, simd);
    this.scales = new Float32Array(this.kernel.capacity);
  }

  /** Bytes held for the rows, their scales and the scan's scratch scores. */
  get bytes(): number {
    return this.kernel.bytes + this.scales.byteLength;
  }

  add(id: string, vector: Float32Array): void {
    this.checkDimension(vector, `vector of ${id}`);
    const slot = this.slotFor(id);
    const norm = l2norm(vector);
    let max = 0;
    for (let j = 0; j < this.dimension; j++) max = Math.max(max, Math.abs(vector[j]));
    // Unit length first, then the largest component maps to 127: scale converts back to the unit vector.
    const unitMax = norm > 0 ? max / norm : 0;
    const scale = unitMax > 0 ? unitMax / 127 : 0;
    const toInt = scale > 0 ? 1 / (norm * scale) : 0;
    const rows = this.kernel.rows;
    const base = slot * this.kernel.stride;
    for (let j = 0; j < this.kernel.stride; j++) rows[base + j] = j < this.dimension ? Math.round(vector[j] * toInt) : 0;
    this.scales[slot] = scale;
  }

  /** The k rows with the highest approximate cosine to `query`, best first. */
  search(query: Float32Array, k: number, filter?: SearchFilter): SearchHit[] {
    this.checkDimension(query, 'query vector');
    if (this.count === 0 || k <= 0) return [];
    const norm = l2norm(query);
    if (norm === 0) return [];
    let max = 0;
    for (let j = 0; j < this.dimension; j++) max = Math.max(max, Math.abs(query[j]));
    const qmax = queryIntMax(this.kernel.stride);
    const qScale = max / norm / qmax;
    const q = this.kernel.query;
    const toInt = 1 / (norm * qScale);
    for (let j = 0; j < this.dimension; j++) q[j] = Math.round(query[j] * toInt);
    const dots = this.kernel.scan(this.count);
    const top = new TopK(Math.min(k, this.count));
    const scales = this.scales;
    let threshold = top.threshold;
    for (let r = 0; r < dots.length; r++) {
      const s = dots[r] * scales[r] * qScale;
      if (s > threshold && (!filter || filter(this.ids[r]))) {
        top.push(r, s);
        threshold = top.threshold;
      }
    }
    return top.sorted().map(({ slot, score }) => ({ id: this.ids[slot], score }));
  }

  protected rowCapacity(): number {
    return this.kernel.capacity;
  }

  protected grow(): void {
    this.kernel.reserve(this.kernel.capacity * 2);
    const scales = new Float32Array(this.kernel.capacity);
    scales.set(this.scales);
    this.scales = scales;
  }

  protected moveRow(from: number, to: number): void {
    const stride = this.kernel.stride;
    this.kernel.rows.copyWithin(to * stride, from * stride, (from + 1) * stride);
    this.scales[to] = this.scales[from];
  }
}
