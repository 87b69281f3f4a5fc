import { describe, expect, it } from 'vitest';
import { VectorIndex } from '../../src/memory/search/vector';
import { RouterError } from '../../src/core/errors';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

function randomVector(dim: number, next: () => number): Float32Array {
  const v = new Float32Array(dim);
  for (let i = 0; i < dim; i++) v[i] = next();
  return v;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { d += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return d / Math.sqrt(na * nb);
}

describe('VectorIndex', () => {
  it.each([1, 3, 4, 7, 16, 384])('matches a naive cosine ranking (dimension %i)', (dim) => {
    const next = rng(dim);
    const idx = new VectorIndex(dim, 2); // small capacity: exercises growth
    const rows = new Map<string, Float32Array>();
    for (let i = 0; i < 300; i++) {
      const v = randomVector(dim, next);
      rows.set(`r${i}`, v);
      idx.add(`r${i}`, v);
    }
    const q = randomVector(dim, next);
    const expected = [...rows].map(([id, v]) => ({ id, score: cosine(q, v) })).sort((a, b) => b.score - a.score).slice(0, 10);
    const hits = idx.search(q, 10);
    expect(hits.map((h) => h.id)).toEqual(expected.map((e) => e.id));
    hits.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i].score, 5));
  });

  it('removes by swapping in the last row and keeps every other row findable', () => {
    const next = rng(9);
    const idx = new VectorIndex(8);
    const rows = new Map<string, Float32Array>();
    for (let i = 0; i < 50; i++) {
      const v = randomVector(8, next);
      rows.set(`r${i}`, v);
      idx.add(`r${i}`, v);
    }
    for (let i = 0; i < 50; i += 3) { idx.remove(`r${i}`); rows.delete(`r${i}`); }
    expect(idx.size).toBe(rows.size);
    for (const [id, v] of rows) {
      expect(idx.has(id)).toBe(true);
      expect(idx.search(v, 1)[0].id).toBe(id);
    }
    expect(idx.has('r0')).toBe(false);
  });

  it('replaces the vector of an existing id without growing', () => {
    const idx = new VectorIndex(2);
    idx.add('a', new Float32Array([1, 0]));
    idx.add('b', new Float32Array([0, 1]));
    idx.add('a', new Float32Array([0, 2]));
    expect(idx.size).toBe(2);
    expect(Array.from(idx.get('a') ?? [])).toEqual([0, 1]);
  });

  it('applies the filter and k', () => {
    const idx = new VectorIndex(2);
    idx.add('a', new Float32Array([1, 0]));
    idx.add('b', new Float32Array([0.9, 0.1]));
    idx.add('c', new Float32Array([0, 1]));
    const q = new Float32Array([1, 0]);
    expect(idx.search(q, 2).map((h) => h.id)).toEqual(['a', 'b']);
    expect(idx.search(q, 2, (id) => id !== 'a').map((h) => h.id)).toEqual(['b', 'c']);
    expect(idx.search(q, 0)).toEqual([]);
  });

  it('rejects vectors of the wrong dimension with a typed error', () => {
    const idx = new VectorIndex(3);
    expect(() => idx.add('a', new Float32Array(4))).toThrow(RouterError);
    expect(() => idx.search(new Float32Array(2), 1)).toThrow(/3/);
    expect(() => new VectorIndex(0)).toThrow(RouterError);
  });

  it('returns nothing for a zero query or an empty index', () => {
    const idx = new VectorIndex(2);
    expect(idx.search(new Float32Array([1, 0]), 3)).toEqual([]);
    idx.add('a', new Float32Array([1, 0]));
    expect(idx.search(new Float32Array([0, 0]), 3)).toEqual([]);
  });
});
