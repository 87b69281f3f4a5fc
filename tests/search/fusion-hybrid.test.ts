import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from '../../src/memory/search/fusion';
import { Bm25Index, HybridSearcher, TopK, VectorIndex } from '../../src/memory/search';

describe('reciprocalRankFusion', () => {
  it('sums 1/(k + rank) over lists', () => {
    const fused = reciprocalRankFusion(
      [
        [{ id: 'a', score: 9 }, { id: 'b', score: 5 }],
        [{ id: 'b', score: 0.9 }, { id: 'c', score: 0.5 }],
      ],
      { k: 10 },
    );
    expect(fused.map((h) => h.id)).toEqual(['b', 'a', 'c']);
    expect(fused[0].score).toBeCloseTo(1 / 12 + 1 / 11, 12);
    expect(fused[1].score).toBeCloseTo(1 / 11, 12);
  });

  it('weights lists and ignores a zero-weight list', () => {
    const lists = [[{ id: 'a', score: 1 }], [{ id: 'b', score: 1 }]];
    expect(reciprocalRankFusion(lists, { weights: [1, 2] })[0].id).toBe('b');
    expect(reciprocalRankFusion(lists, { weights: [1, 0] }).map((h) => h.id)).toEqual(['a']);
  });

  it('breaks ties by first appearance and handles empty input', () => {
    expect(reciprocalRankFusion([[{ id: 'x', score: 1 }], [{ id: 'y', score: 1 }]]).map((h) => h.id)).toEqual(['x', 'y']);
    expect(reciprocalRankFusion([])).toEqual([]);
    expect(reciprocalRankFusion([[], []])).toEqual([]);
  });
});

describe('TopK', () => {
  it('keeps the k largest scores, best first', () => {
    const top = new TopK(3);
    [5, 1, 9, 3, 7, 7, 2].forEach((s, i) => top.push(i, s));
    expect(top.sorted()).toEqual([{ slot: 2, score: 9 }, { slot: 4, score: 7 }, { slot: 5, score: 7 }]);
    expect(top.threshold).toBe(7);
    expect(new TopK(0).sorted()).toEqual([]);
  });
});

describe('HybridSearcher', () => {
  const keyword = new Bm25Index();
  const vectors = new VectorIndex(2);
  keyword.add('a', 'brand voice playful');
  keyword.add('b', 'quarterly revenue target');
  keyword.add('c', 'brand colours teal');
  vectors.add('a', new Float32Array([1, 0]));
  vectors.add('b', new Float32Array([0, 1]));
  vectors.add('c', new Float32Array([0.7, 0.7]));
  const searcher = new HybridSearcher(keyword, vectors);

  it('falls back to keyword search without a query vector or vector index', () => {
    expect(searcher.effectiveMode({ mode: 'hybrid' })).toBe('keyword');
    expect(searcher.search({ text: 'revenue', mode: 'vector', limit: 3 }).map((h) => h.id)).toEqual(['b']);
    const noVectors = new HybridSearcher(keyword, null);
    expect(noVectors.effectiveMode({ mode: 'vector', vector: new Float32Array([1, 0]) })).toBe('keyword');
  });

  it('runs vector and fused modes', () => {
    const q = new Float32Array([0, 1]);
    expect(searcher.search({ text: 'brand', vector: q, mode: 'vector', limit: 1 }).map((h) => h.id)).toEqual(['b']);
    const hybrid = searcher.search({ text: 'brand teal', vector: q, mode: 'hybrid', limit: 3 });
    // c is second in both lists, a first only in keyword, b first only in vector
    expect(hybrid.map((h) => h.id)[0]).toBe('c');
    expect(hybrid).toHaveLength(3);
  });

  it('passes the filter to both searches', () => {
    const q = new Float32Array([1, 0]);
    const hits = searcher.search({ text: 'brand', vector: q, mode: 'hybrid', limit: 5, filter: (id) => id !== 'a' });
    expect(hits.map((h) => h.id)).not.toContain('a');
  });
});
