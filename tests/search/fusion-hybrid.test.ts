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

describe('weighted fusion (default) and its parts', () => {
  const keyword = new Bm25Index();
  const vectors = new VectorIndex(2);
  const docs: Array<[string, string, number[]]> = [
    ['a', 'quarterly revenue target for the loyalty program', [1, 0]],
    ['b', 'revenue', [0.6, 0.8]],
    ['c', 'brand colours teal and coral', [0, 1]],
  ];
  for (const [id, text, v] of docs) { keyword.add(id, text); vectors.add(id, Float32Array.from(v)); }

  it('scoreOf matches search and maxScore bounds every score', () => {
    const hits = keyword.search('loyalty revenue', 3);
    for (const h of hits) expect(keyword.scoreOf(h.id, 'loyalty revenue')).toBeCloseTo(h.score, 12);
    expect(keyword.scoreOf('c', 'loyalty revenue')).toBe(0);
    expect(keyword.scoreOf('missing', 'loyalty')).toBe(0);
    const max = keyword.maxScore('loyalty revenue');
    expect(hits.every((h) => h.score < max)).toBe(true);
    // an unknown query word makes the bound larger: matched share of the query goes down
    expect(keyword.maxScore('loyalty revenue zebra')).toBeGreaterThan(max);
  });

  it('similarity is the cosine of one row', () => {
    expect(vectors.similarity('b', Float32Array.of(2, 0))).toBeCloseTo(0.6, 6);
    expect(vectors.similarity('nope', Float32Array.of(1, 0))).toBeUndefined();
  });

  it('adds cosine and the normalised keyword score, looking up what one list lacks', () => {
    const s = new HybridSearcher(keyword, vectors, { fusion: { method: 'weighted', keywordWeight: 1 }, depth: 1 });
    const q = Float32Array.of(0, 1); // vector order: c, b, a; keyword: only a and b match
    const max = keyword.maxScore('loyalty revenue');
    const expected = (id: string) => (vectors.similarity(id, q) ?? 0) + keyword.scoreOf(id, 'loyalty revenue') / max;
    const all = s.search({ text: 'loyalty revenue', vector: q, mode: 'hybrid', limit: 3 });
    expect(all.map((h) => h.id)).toEqual(['a', 'b', 'c'].sort((x, y) => expected(y) - expected(x)));
    for (const h of all) expect(h.score).toBeCloseTo(expected(h.id), 6);
    // limit 1 = depth 1: candidates are b (top by cosine) and a (the only keyword match); a's
    // cosine is looked up, and its keyword score lifts it above b
    const q2 = Float32Array.of(0.8, 0.6); // cosine: b 0.96, a 0.8, c 0.6
    const [top] = s.search({ text: 'loyalty', vector: q2, mode: 'hybrid', limit: 1 });
    expect(vectors.search(q2, 1)[0].id).toBe('b');
    expect(top.id).toBe('a');
    expect(top.score).toBeCloseTo(0.8 + keyword.scoreOf('a', 'loyalty') / keyword.maxScore('loyalty'), 6);
  });

  it('keeps reciprocal rank fusion available', () => {
    const s = new HybridSearcher(keyword, vectors, { fusion: { method: 'rrf', k: 60 } });
    const hits = s.search({ text: 'revenue', vector: Float32Array.of(0.6, 0.8), mode: 'hybrid', limit: 3 });
    expect(hits[0].id).toBe('b'); // first in both lists
  });
});
