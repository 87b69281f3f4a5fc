import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateRetrieval, parseRetrievalDataset, scoreRanking } from '../../src/memory/search/retrieval-eval';
import { RouterError } from '../../src/core/errors';

const valid = {
  memories: [
    { id: 'a', text: 'Brand colours are teal and coral', category: 'company.brand_core' },
    { id: 'b', text: 'Priya reviews results every Monday', category: 'user.workflow_patterns' },
  ],
  queries: [{ query: 'which colours does the brand use', relevant: ['a'] }],
};

describe('parseRetrievalDataset', () => {
  it('accepts a valid file and warns about unknown categories', () => {
    const d = parseRetrievalDataset(JSON.stringify({ ...valid, memories: [...valid.memories, { id: 'c', text: 't', category: 'misc' }] }));
    expect(d.memories).toHaveLength(3);
    expect(d.warnings[0]).toMatch(/misc/);
  });

  it.each([
    ['not JSON', '{', 'MALFORMED_JSON', /not valid JSON/],
    ['empty', '  ', 'EMPTY_INPUT', /empty/],
    ['an array', '[]', 'WRONG_SCHEMA', /JSON object/],
    ['no memories', JSON.stringify({ memories: [], queries: valid.queries }), 'WRONG_SCHEMA', /"memories" must be a non-empty array/],
    ['duplicate id', JSON.stringify({ ...valid, memories: [valid.memories[0], valid.memories[0]] }), 'WRONG_SCHEMA', /"a" is used twice/],
    ['missing text', JSON.stringify({ ...valid, memories: [{ id: 'a', category: 'x' }] }), 'WRONG_SCHEMA', /memories\[0\]\.text: expected text/],
    ['dangling relevant id', JSON.stringify({ ...valid, queries: [{ query: 'q', relevant: ['zzz'] }] }), 'WRONG_SCHEMA', /"zzz", which is not the id of any memory/],
    ['empty relevant', JSON.stringify({ ...valid, queries: [{ query: 'q', relevant: [] }] }), 'WRONG_SCHEMA', /queries\[0\]\.relevant: must name at least one memory id/],
  ])('rejects %s', (_name, text, code, message) => {
    let err: unknown;
    try { parseRetrievalDataset(text, 'data.json'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(RouterError);
    expect((err as RouterError).code).toBe(code);
    expect((err as RouterError).message).toMatch(message);
  });

  it('lists several problems at once', () => {
    const bad = { memories: [{ id: 1 }, { id: 'x', text: '' }], queries: [{ query: '', relevant: ['x'] }] };
    expect(() => parseRetrievalDataset(JSON.stringify(bad), 'd.json')).toThrow(/3 problems/);
  });

  it('reads the committed dataset: at least 100 memories, one query each', () => {
    const d = parseRetrievalDataset(readFileSync('bench/retrieval-dataset.json', 'utf8'));
    expect(d.memories.length).toBeGreaterThanOrEqual(100);
    expect(d.queries.length).toBe(d.memories.length);
    expect(d.warnings).toEqual([]);
  });
});

describe('scoring', () => {
  it.each([
    [['a', 'b'], 1, 1, 1],
    [['b', 'a'], 0, 1, 0.5],
    [['b', 'c', 'd', 'e', 'f', 'a'], 0, 0, 1 / 6],
    [['b'], 0, 0, 0],
  ])('ranking %j -> p@1 %d, p@5 %d, mrr %d', (ids, p1, p5, mrr) => {
    expect(scoreRanking(ids.map((id) => ({ id, score: 1 })), ['a'])).toEqual({ p_at_1: p1, p_at_5: p5, mrr });
  });

  it('scores keyword, vector and hybrid; without vectors every mode is keyword', () => {
    const d = parseRetrievalDataset(JSON.stringify(valid));
    const noVectors = evaluateRetrieval(d, null);
    expect(noVectors.keyword).toEqual({ p_at_1: 1, p_at_5: 1, mrr: 1 });
    expect(noVectors.vector).toEqual(noVectors.keyword);
    // vectors that point the query at the wrong memory: vector mode fails, keyword still finds it
    const wrong = evaluateRetrieval(d, { memories: [Float32Array.of(1, 0), Float32Array.of(0, 1)], queries: [Float32Array.of(0, 1)] });
    expect(wrong.vector.p_at_1).toBe(0);
    expect(wrong.keyword.p_at_1).toBe(1);
  });
});
