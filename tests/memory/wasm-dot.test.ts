import { describe, expect, it } from 'vitest';
import { DotKernel, wasmSimdAvailable } from '../../src/memory/search/wasm-dot';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
}

function jsDot(rows: Float32Array, q: Float32Array, r: number, dim: number): number {
  let s = 0;
  for (let j = 0; j < dim; j++) s += rows[r * dim + j] * q[j];
  return s;
}

describe('DotKernel (WebAssembly SIMD)', () => {
  it('is available in Node 20', () => {
    expect(wasmSimdAvailable()).toBe(true);
  });

  it('refuses dimensions that are not a multiple of 4 (the caller keeps its JS loop)', () => {
    expect(DotKernel.create(6)).toBeNull();
    expect(DotKernel.create(0)).toBeNull();
  });

  it.each([4, 12, 16, 20, 64, 384])('matches a JS dot product for dimension %i, and keeps rows when it grows', (dim) => {
    const rand = seeded(dim);
    const kernel = DotKernel.create(dim, 2) as DotKernel;
    const count = 37;
    for (let r = 0; r < count; r++) {
      expect(kernel.reserve(r + 1)).toBe(true);
      for (let j = 0; j < dim; j++) kernel.rows[r * dim + j] = rand();
    }
    expect(kernel.capacity).toBeGreaterThanOrEqual(count);
    const q = Float32Array.from({ length: dim }, rand);
    const scores = kernel.dots(q, count);
    expect(scores).toHaveLength(count);
    for (let r = 0; r < count; r++) expect(scores[r]).toBeCloseTo(jsDot(kernel.rows, q, r, dim), 4);
    expect(kernel.dots(q, 0)).toHaveLength(0);
  });

  it('sums rows (the bandwidth probe)', () => {
    const kernel = DotKernel.create(16, 4) as DotKernel;
    kernel.rows.fill(0.5, 0, 64);
    expect(kernel.sumRows(64)).toBe(32);
    expect(kernel.sumRows(16)).toBe(8);
  });
});
