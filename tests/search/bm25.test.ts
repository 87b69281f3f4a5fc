import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../src/memory/search/bm25';

function index(): Bm25Index {
  const idx = new Bm25Index();
  idx.add('a', 'Our brand voice is warm, playful and direct.');
  idx.add('b', 'Q3 priority: launch the loyalty program campaign in September.');
  idx.add('c', 'The HubSpot integration syncs leads to Salesforce every hour.');
  idx.add('d', 'Email campaign open rate was 31% last quarter, click rate 4%.');
  return idx;
}

describe('Bm25Index', () => {
  it('ranks the document sharing the rarest query terms first', () => {
    const hits = index().search('hubspot salesforce sync', 3);
    expect(hits[0].id).toBe('c');
    expect(hits).toHaveLength(1);
  });

  it('scores a term that appears in fewer documents higher (idf)', () => {
    const hits = index().search('campaign loyalty', 4);
    expect(hits.map((h) => h.id)).toEqual(['b', 'd']);
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
  });

  it('honours k and the filter', () => {
    const idx = index();
    expect(idx.search('campaign', 1)).toHaveLength(1);
    expect(idx.search('campaign', 5, (id) => id !== 'b').map((h) => h.id)).toEqual(['d']);
  });

  it('removes and replaces documents', () => {
    const idx = index();
    idx.remove('c');
    expect(idx.has('c')).toBe(false);
    expect(idx.size).toBe(3);
    expect(idx.search('hubspot', 5)).toEqual([]);
    idx.add('a', 'HubSpot is our CRM');
    expect(idx.size).toBe(3);
    expect(idx.search('hubspot', 5).map((h) => h.id)).toEqual(['a']);
    expect(idx.search('playful', 5)).toEqual([]);
    idx.remove('missing'); // no-op
  });

  it('reuses slots and keeps scores correct after many removals', () => {
    const idx = new Bm25Index();
    for (let i = 0; i < 200; i++) idx.add(`m${i}`, `memory number ${i} about topic${i % 7}`);
    for (let i = 0; i < 200; i += 2) idx.remove(`m${i}`);
    for (let i = 0; i < 50; i++) idx.add(`n${i}`, `fresh note topic3`);
    const hits = idx.search('topic3', 500);
    const expected = [...Array(200).keys()].filter((i) => i % 2 === 1 && i % 7 === 3).map((i) => `m${i}`);
    expect(hits.map((h) => h.id).sort()).toEqual([...expected, ...Array.from({ length: 50 }, (_, i) => `n${i}`)].sort());
    // twice in a row gives the same answer: the scratch scores are reset
    expect(idx.search('topic3', 500)).toEqual(hits);
  });

  it('returns nothing for an empty index, a stopword-only query or k <= 0', () => {
    expect(new Bm25Index().search('brand', 3)).toEqual([]);
    expect(index().search('the and of', 3)).toEqual([]);
    expect(index().search('brand', 0)).toEqual([]);
  });
});
