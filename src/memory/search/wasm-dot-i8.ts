/**
 * The int8 scan of Int8VectorIndex: each row is int8 (one scale per row), the query int16, and a
 * row's score is the exact integer dot product (i16x8 lanes, i32x4.dot_i16x8_s), which the caller
 * multiplies by the two scales. A row is a quarter of its float32 size, so a scan reads a quarter
 * of the bytes; the caller re-ranks the best candidates with the exact float32 vectors.
 *
 * Layout of the kernel's memory: [query int16 (stride x 2 bytes) | rows int8 (capacity x stride) |
 * scores int32 (capacity)]. Rows are padded with zeros to `stride`, a multiple of 16 bytes. Where
 * WebAssembly SIMD is missing the same arithmetic runs as a JS loop over the same arrays.
 */
import { T, name, op, section, uleb, vec } from './wasm-asm';
import { KernelLayout, MAX_PAGES, compiledOnce, doubledFor } from './wasm-kernel';

/**
 * dotsI8(rows, query, count, strideBytes, out): out[r] = sum_j rows[r][j] * query[j] (int32).
 * Locals: r 5, j 6, row 7, acc 8, bytes 9 (v128).
 */
function dotsI8Function(): number[] {
  const [ROWS, Q, COUNT, STRIDE, OUT, R, J, ROW, ACC, BYTES] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  /** acc += dot(extend(bytes half), query int16 lanes at q + 2j + offset) */
  const half = (extend: number[], offset: number) => [
    ...op.get(ACC),
    ...op.get(BYTES), ...extend,
    ...op.get(Q), ...op.get(J), ...op.i32(1), ...op.shl, ...op.add, ...op.load(offset),
    ...op.i32x4DotI16x8S, ...op.i32x4add, ...op.set(ACC),
  ];
  const row = [
    ...op.zero, ...op.set(ACC),
    ...op.i32(0), ...op.set(J),
    ...op.whileLt(J, STRIDE, [
      ...op.get(ROW), ...op.get(J), ...op.add, ...op.load(0), ...op.set(BYTES),
      ...half(op.i16x8ExtendLowI8x16S, 0),
      ...half(op.i16x8ExtendHighI8x16S, 16),
      ...op.get(J), ...op.i32(16), ...op.add, ...op.set(J),
    ]),
    ...op.get(OUT), ...op.get(R), ...op.i32(2), ...op.shl, ...op.add,
    ...op.get(ACC), ...op.i32lane(0), ...op.get(ACC), ...op.i32lane(1), ...op.add,
    ...op.get(ACC), ...op.i32lane(2), ...op.add, ...op.get(ACC), ...op.i32lane(3), ...op.add,
    ...op.i32store,
    ...op.get(ROW), ...op.get(STRIDE), ...op.add, ...op.set(ROW),
    ...op.get(R), ...op.i32(1), ...op.add, ...op.set(R),
  ];
  const body = [...op.get(ROWS), ...op.set(ROW), ...op.whileLt(R, COUNT, row), 0x0b];
  return [...vec([[...uleb(3), T.i32], [...uleb(2), T.v128]]), ...body];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const dots = dotsI8Function();
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([[T.i32], [T.i32], [T.i32], [T.i32], [T.i32]]), 0]])),
    ...section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name('dots'), 0x00, 0]])),
    ...section(10, vec([[...uleb(dots.length), ...dots]])),
  ]);
}

const simdModule = compiledOnce(moduleBytes);

export function int8SimdAvailable(): boolean {
  return simdModule() !== null;
}

/** Row bytes padded to a multiple of 16 (one v128 load). */
export function int8Stride(dimension: number): number {
  return Math.ceil(dimension / 16) * 16;
}

/**
 * The largest query value that keeps every row's integer sum inside int32: |row| <= 127, so
 * stride x 127 x qmax < 2^31. 8191 (13 bits) for strides up to 2048; the query's rounding error is
 * then below 1/16000 of its largest component.
 */
export function queryIntMax(stride: number): number {
  return Math.min(8191, Math.floor((2 ** 31 - 1) / (127 * stride)) - 1);
}

export class Int8Kernel {
  private readonly memory: WebAssembly.Memory | null;
  private readonly dots: ((rows: number, query: number, count: number, stride: number, out: number) => void) | null;
  readonly stride: number;
  private readonly layout: KernelLayout;
  private capacityRows: number;
  private rowsView!: Int8Array;
  private scoresView!: Int32Array;
  private queryView!: Int16Array;

  /** `simd: false` forces the JS loop (tests compare the two). */
  constructor(readonly dimension: number, capacity = 64, simd = true) {
    this.stride = int8Stride(dimension);
    this.layout = new KernelLayout(this.stride * 2, this.stride);
    this.capacityRows = Math.max(1, capacity);
    const module = simd ? simdModule() : null;
    if (module && this.layout.pages(this.capacityRows) <= MAX_PAGES) {
      const { memory, exports } = this.layout.instantiate<{ dots: Int8Kernel['dots'] }>(module, this.capacityRows);
      this.memory = memory;
      this.dots = exports.dots;
      this.refreshViews();
    } else {
      this.memory = null;
      this.dots = null;
      this.queryView = new Int16Array(this.stride);
      this.rowsView = new Int8Array(this.capacityRows * this.stride);
      this.scoresView = new Int32Array(this.capacityRows);
    }
  }

  get simd(): boolean {
    return this.dots !== null;
  }

  get capacity(): number {
    return this.capacityRows;
  }

  /** Bytes the rows and scores occupy (what 100k rows cost). */
  get bytes(): number {
    return this.capacityRows * (this.stride + 4) + this.stride * 2;
  }

  /** All rows, row r at [r * stride, r * stride + dimension). Re-read after reserve(). */
  get rows(): Int8Array {
    return this.rowsView;
  }

  /** The query, as int16 (zeros past `dimension`). Fill it, then call scan(). */
  get query(): Int16Array {
    return this.queryView;
  }

  /** Makes room for `rows` rows, keeping the existing ones. */
  reserve(rows: number): void {
    if (rows <= this.capacityRows) return;
    const cap = doubledFor(this.capacityRows, rows);
    if (this.memory) {
      if (!this.layout.grow(this.memory, cap)) throw new RangeError(`An int8 index of ${cap} rows x ${this.stride} bytes does not fit in a WebAssembly memory.`);
      this.capacityRows = cap;
      this.refreshViews();
      return;
    }
    const rows8 = new Int8Array(cap * this.stride);
    rows8.set(this.rowsView);
    this.rowsView = rows8;
    this.scoresView = new Int32Array(cap);
    this.capacityRows = cap;
  }

  /** Integer dot products of the query with rows 0..count-1; a view valid until the next call. */
  scan(count: number): Int32Array {
    if (this.dots) {
      this.dots(this.layout.rowsAt, 0, count, this.stride, this.layout.scoresAt(this.capacityRows));
      return this.scoresView.subarray(0, count);
    }
    const rows = this.rowsView;
    const q = this.queryView;
    const dim = this.dimension;
    const stride = this.stride;
    for (let r = 0, base = 0; r < count; r++, base += stride) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += rows[base + j] * q[j];
      this.scoresView[r] = s;
    }
    return this.scoresView.subarray(0, count);
  }

  private refreshViews(): void {
    const buf = (this.memory as WebAssembly.Memory).buffer;
    this.queryView = new Int16Array(buf, 0, this.stride);
    this.rowsView = new Int8Array(buf, this.layout.rowsAt, this.capacityRows * this.stride);
    this.scoresView = new Int32Array(buf, this.layout.scoresAt(this.capacityRows), this.capacityRows);
  }
}
