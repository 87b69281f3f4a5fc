import { describe, expect, it } from 'vitest';
import { Int8VectorIndex } from '../../src/memory/search/int8-vector';
import { Int8Kernel, int8SimdAvailable, int8Stride, queryIntMax } from '../../src/memory/search/wasm-dot-i8';
import { VectorIndex } from '../../src/memory/search/vector';
import { mulberry32 } from '../../src/core/util/random';
import { randomUnitVector } from '../../scripts/lib/bench-corpus';

describe('Int8Kernel (WebAssembly SIMD, int8 rows x int16 query)', () => {
  it('is available in Node 20', () => {
    expect(int8SimdAvailable()).toBe(true);
  });

  it.each([1, 7, 16, 17, 160, 384])('gives the exact integer dot products of the JS loop for dimension %i, across growth', (dim) => {
    const rand = mulberry32(dim);
    const simd = new Int8Kernel(dim, 2);
    const js = new Int8Kernel(dim, 2, false);
    expect(simd.simd).toBe(true);
    expect(js.simd).toBe(false);
    const count = 41;
    simd.reserve(count);
    js.reserve(count);
    for (let r = 0; r < count; r++) for (let j = 0; j < simd.stride; j++) simd.rows[r * simd.stride + j] = j < dim ? Math.round(rand() * 254 - 127) : 0;
    for (let j = 0; j < dim; j++) simd.query[j] = Math.round(rand() * 2 * queryIntMax(simd.stride) - queryIntMax(simd.stride));
    js.rows.set(simd.rows.subarray(0, count * simd.stride));
    js.query.set(simd.query);
    const a = Array.from(simd.scan(count));
    const b = Array.from(js.scan(count));
    expect(a).toEqual(b);
    let expected = 0;
    for (let j = 0; j < dim; j++) expected += simd.rows[j] * simd.query[j];
    expect(a[0]).toBe(expected);
  });

  it('pads rows to 16 bytes and keeps sums inside int32 for wide vectors', () => {
    expect(int8Stride(160)).toBe(160);
    expect(int8Stride(100)).toBe(112);
    expect(127 * int8Stride(4096) * queryIntMax(int8Stride(4096))).toBeLessThan(2 ** 31);
  });
});

describe('Int8VectorIndex', () => {
  it('scores within a few thousandths of the exact cosine and holds a quarter of the bytes', () => {
    const dim = 384;
    const rand = mulberry32(3);
    const i8 = new Int8VectorIndex(dim);
    const f32 = new VectorIndex(dim);
    for (let i = 0; i < 2000; i++) {
      const v = randomUnitVector(rand, dim);
      i8.add(`m${i}`, v);
      f32.add(`m${i}`, v);
    }
    for (let q = 0; q < 20; q++) {
      const query = randomUnitVector(rand, dim);
      for (const hit of i8.search(query, 20)) expect(Math.abs(hit.score - (f32.similarity(hit.id, query) as number))).toBeLessThan(0.005);
    }
    expect(i8.bytes).toBeLessThan(f32.bytes * 0.3);
  });

  it('adds, replaces, removes (the last row moves into the hole) and filters', () => {
    const idx = new Int8VectorIndex(4, 1);
    idx.add('a', new Float32Array([1, 0, 0, 0]));
    idx.add('b', new Float32Array([0, 1, 0, 0]));
    idx.add('c', new Float32Array([0, 0, 3, 0])); // normalised on the way in
    expect(idx.size).toBe(3);
    expect(idx.search(new Float32Array([0, 0, 1, 0]), 1)[0]).toMatchObject({ id: 'c' });
    expect(idx.search(new Float32Array([0, 0, 1, 0]), 1)[0].score).toBeCloseTo(1, 2);
    idx.remove('a');
    expect(idx.has('a')).toBe(false);
    expect(idx.search(new Float32Array([0, 0, 1, 0]), 3).map((h) => h.id)).toEqual(['c', 'b']);
    idx.add('b', new Float32Array([0, 0, 1, 0]));
    expect(idx.search(new Float32Array([0, 0, 1, 0]), 2, (id) => id !== 'c').map((h) => h.id)).toEqual(['b']);
    expect(idx.search(new Float32Array([0, 0, 0, 0]), 2)).toEqual([]);
    expect(() => idx.add('x', new Float32Array(3))).toThrow(/dimensions/);
  });
});
