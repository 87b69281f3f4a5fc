/**
 * A very small WebAssembly assembler for the search kernels (wasm-dot.ts, wasm-dot-i8.ts): just the
 * opcodes they use, so the modules are built from source here rather than shipped as binary blobs.
 * Opcode numbers are those of the WebAssembly core and SIMD specifications.
 */

export const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};

export const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};

export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
export const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

export const T = { i32: 0x7f, f32: 0x7d, v128: 0x7b } as const;
export const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  i32: (n: number) => [0x41, ...sleb(n)],
  add: [0x6a], and: [0x71], shl: [0x74], ltU: [0x49], eqz: [0x45],
  f32add: [0x92],
  f32store: [0x38, 0x02, 0x00],
  /** v128.load with alignment hint 4 bytes and a constant offset. */
  load: (offset: number) => [0xfd, 0x00, 0x02, ...uleb(offset)],
  zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  f32x4add: [0xfd, ...uleb(228)],
  f32x4mul: [0xfd, ...uleb(230)],
  lane: (l: number) => [0xfd, ...uleb(31), l],
  i32lane: (l: number) => [0xfd, ...uleb(27), l],
  i32store: [0x36, 0x02, 0x00],
  i16x8ExtendLowI8x16S: [0xfd, ...uleb(135)],
  i16x8ExtendHighI8x16S: [0xfd, ...uleb(136)],
  i32x4DotI16x8S: [0xfd, ...uleb(186)],
  i32x4add: [0xfd, ...uleb(174)],
  /** while (a <u b) { body } */
  whileLt: (a: number, b: number, body: number[]) =>
    [0x02, 0x40, 0x03, 0x40, ...op.get(a), ...op.get(b), ...op.ltU, ...op.eqz, 0x0d, 1, ...body, 0x0c, 0, 0x0b, 0x0b],
};
