/**
 * A WebAssembly SIMD kernel for brute-force vector search: dot products of one query with every
 * row, four f32x4 accumulators per row. A plain JS loop converts each float32 to a double and
 * multiplies one pair at a time (about 95 ms for 100k x 384 on the 2-core dev machine); the SIMD
 * loop does four pairs per instruction and is close to the memory-read bound (about 20 ms).
 *
 * The module is assembled here from a few opcodes (no toolchain, no binary blob in the repo);
 * WebAssembly SIMD exists in Node >= 16.4, Chrome 91, Firefox 89 and Safari 16.4. Where it is
 * missing (or the CSP forbids compiling WebAssembly), createDotKernel returns null and the caller
 * keeps its JS loop. Rows live in the kernel's own WebAssembly.Memory so a search copies nothing.
 */

import { T, name, op, section, uleb, vec } from './wasm-asm';
import { KernelLayout, compiledOnce, doubledFor } from './wasm-kernel';

/** Horizontal sum of a v128 local onto the stack as f32. */
const hsum = (v: number) => [
  ...op.get(v), ...op.lane(0), ...op.get(v), ...op.lane(1), ...op.f32add,
  ...op.get(v), ...op.lane(2), ...op.f32add, ...op.get(v), ...op.lane(3), ...op.f32add,
];

/**
 * dots(rows, query, count, strideBytes, out): out[r] = sum_j rows[r][j] * query[j].
 * Locals: r 5, j 6, row 7, end64 8, accumulators 9..12.
 */
function dotsFunction(): number[] {
  const [ROWS, Q, COUNT, STRIDE, OUT, R, J, ROW, END, A0, A1, A2, A3] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const mac = (acc: number, offset: number) => [
    ...op.get(acc), ...op.get(ROW), ...op.get(J), ...op.add, ...op.load(offset),
    ...op.get(Q), ...op.get(J), ...op.add, ...op.load(offset), ...op.f32x4mul, ...op.f32x4add, ...op.set(acc),
  ];
  const step = (bytes: number) => [...op.get(J), ...op.i32(bytes), ...op.add, ...op.set(J)];
  const row = [
    ...op.zero, ...op.set(A0), ...op.zero, ...op.set(A1), ...op.zero, ...op.set(A2), ...op.zero, ...op.set(A3),
    ...op.i32(0), ...op.set(J),
    ...op.whileLt(J, END, [...mac(A0, 0), ...mac(A1, 16), ...mac(A2, 32), ...mac(A3, 48), ...step(64)]),
    ...op.whileLt(J, STRIDE, [...mac(A0, 0), ...step(16)]),
    ...op.get(A0), ...op.get(A1), ...op.f32x4add, ...op.get(A2), ...op.f32x4add, ...op.get(A3), ...op.f32x4add, ...op.set(A0),
    ...op.get(OUT), ...op.get(R), ...op.i32(2), ...op.shl, ...op.add, ...hsum(A0), ...op.f32store,
    ...op.get(ROW), ...op.get(STRIDE), ...op.add, ...op.set(ROW),
    ...op.get(R), ...op.i32(1), ...op.add, ...op.set(R),
  ];
  const body = [
    ...op.get(STRIDE), ...op.i32(-64), ...op.and, ...op.set(END),
    ...op.get(ROWS), ...op.set(ROW),
    ...op.whileLt(R, COUNT, row),
    0x0b,
  ];
  return [...vec([[...uleb(4), T.i32], [...uleb(4), T.v128]]), ...body];
}

/** sum(ptr, bytes) -> f32: reads memory as fast as SIMD allows (the bandwidth probe). */
function sumFunction(): number[] {
  const [PTR, BYTES, J, A0, A1, A2, A3] = [0, 1, 2, 3, 4, 5, 6];
  const acc = (a: number, offset: number) => [...op.get(a), ...op.get(PTR), ...op.get(J), ...op.add, ...op.load(offset), ...op.f32x4add, ...op.set(a)];
  const body = [
    ...op.whileLt(J, BYTES, [...acc(A0, 0), ...acc(A1, 16), ...acc(A2, 32), ...acc(A3, 48), ...op.get(J), ...op.i32(64), ...op.add, ...op.set(J)]),
    ...op.get(A0), ...op.get(A1), ...op.f32x4add, ...op.get(A2), ...op.f32x4add, ...op.get(A3), ...op.f32x4add, ...op.set(A0),
    ...hsum(A0),
    0x0b,
  ];
  return [...vec([[...uleb(1), T.i32], [...uleb(4), T.v128]]), ...body];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const dots = dotsFunction();
  const sum = sumFunction();
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([
      [0x60, ...vec([[T.i32], [T.i32], [T.i32], [T.i32], [T.i32]]), 0],
      [0x60, ...vec([[T.i32], [T.i32]]), ...vec([[T.f32]])],
    ])),
    ...section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0], [1]])),
    ...section(7, vec([[...name('dots'), 0x00, 0], [...name('sum'), 0x00, 1]])),
    ...section(10, vec([[...uleb(dots.length), ...dots], [...uleb(sum.length), ...sum]])),
  ]);
}

interface Exports {
  dots(rows: number, query: number, count: number, strideBytes: number, out: number): void;
  sum(ptr: number, bytes: number): number;
}

const simdModule = compiledOnce(moduleBytes);

export function wasmSimdAvailable(): boolean {
  return simdModule() !== null;
}

/** Row storage plus the scan, in the memory layout of wasm-kernel.ts (the query is one row). */
export class DotKernel {
  private readonly memory: WebAssembly.Memory;
  private readonly exports: Exports;
  private readonly layout: KernelLayout;
  private capacityRows: number;
  private rowsView!: Float32Array;
  private scoresView!: Float32Array;
  private queryView!: Float32Array;

  private constructor(readonly dimension: number, capacity: number, module: WebAssembly.Module) {
    this.layout = new KernelLayout(dimension * 4, dimension * 4);
    this.capacityRows = Math.max(1, capacity);
    const { memory, exports } = this.layout.instantiate<Exports>(module, this.capacityRows);
    this.memory = memory;
    this.exports = exports;
    this.refreshViews();
  }

  /** A kernel for `dimension`-float rows, or null (no SIMD, or a dimension not a multiple of 4). */
  static create(dimension: number, capacity = 64): DotKernel | null {
    const module = simdModule();
    if (!module || dimension <= 0 || dimension % 4 !== 0) return null;
    return new DotKernel(dimension, capacity, module);
  }

  get capacity(): number {
    return this.capacityRows;
  }

  /** All rows, row r at [r * dimension, (r + 1) * dimension). Re-read after reserve(). */
  get rows(): Float32Array {
    return this.rowsView;
  }

  /** Makes room for `rows` rows, keeping the existing ones; false when 4 GiB would not hold them. */
  reserve(rows: number): boolean {
    if (rows <= this.capacityRows) return true;
    const cap = doubledFor(this.capacityRows, rows);
    if (!this.layout.grow(this.memory, cap)) return false;
    this.capacityRows = cap;
    this.refreshViews();
    return true;
  }

  /** Dot product of `query` with rows 0..count-1; the result is a view, valid until the next call. */
  dots(query: Float32Array, count: number): Float32Array {
    this.queryView.set(query);
    this.exports.dots(this.layout.rowsAt, 0, count, this.layout.rowBytes, this.layout.scoresAt(this.capacityRows));
    return this.scoresView.subarray(0, count);
  }

  /** Sum of the first `floats` rows' floats (a multiple of 16): the memory-bandwidth probe. */
  sumRows(floats: number): number {
    return this.exports.sum(this.layout.rowsAt, floats * 4);
  }

  private refreshViews(): void {
    const buf = this.memory.buffer;
    this.queryView = new Float32Array(buf, 0, this.dimension);
    this.rowsView = new Float32Array(buf, this.layout.rowsAt, this.capacityRows * this.dimension);
    this.scoresView = new Float32Array(buf, this.layout.scoresAt(this.capacityRows), this.capacityRows);
  }
}
