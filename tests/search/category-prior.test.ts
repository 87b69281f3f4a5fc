import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../src/memory/search/bm25';
import { VectorIndex } from '../../src/memory/search/vector';
import { HybridSearcher } from '../../src/memory/search/hybrid';
import { categoryPriorOf } from '../../src/memory/search/category-prior';
import { evaluateRetrieval, parseRetrievalDataset } from '../../src/memory/search/retrieval-eval';
import { openTestStore, HashedBagOfWordsTestEmbedder } from '../memory/helpers';

/**
 * Ten memories of a store, two categories. The query's answer is a brand memory; three tool
 * memories are near misses on the vectors (within the prior's reach), six are clearly worse.
 * Vectors are built by hand so the case is exact. A filter on the routed category would drop
 * the answer; the prior may only let the near misses pass it.
 */
function constructed() {
  const unit = (...xs: number[]) => { const v = Float32Array.from(xs); const n = Math.hypot(...v); return v.map((x) => x / n); };
  const memories = [
    { id: 'answer', category: 'company.brand_core', vector: unit(0.8, 0.6, 0) },
    ...Array.from({ length: 9 }, (_, i) => ({ id: `tool${i}`, category: 'company.tools_config', vector: i < 3 ? unit(0.8, 0.5, 0.2 + i * 0.05) : unit(0.3, 0.2, 0.9) })),
  ];
  const keyword = new Bm25Index();
  const vectors = new VectorIndex(3);
  for (const m of memories) { keyword.add(m.id, `memory ${m.id}`); vectors.add(m.id, m.vector); }
  const categoryOf = new Map(memories.map((m) => [m.id, m.category]));
  const searcher = new HybridSearcher(keyword, vectors);
  const query = unit(0.8, 0.6, 0.05);
  const search = (prior: Record<string, number> | null, weight: number) =>
    searcher.search({ text: 'what do we sound like', vector: query, mode: 'hybrid', limit: 10, prior: prior ? { weight, of: (id) => prior[categoryOf.get(id) as string] ?? 0 } : undefined });
  return { search };
}

describe('category prior in hybrid search', () => {
  it('normalises the router\'s scores over the storable categories and drops none', () => {
    const p = categoryPriorOf({ none: 0.9, 'company.brand_core': 0.3, 'company.tools_config': 0.1 }) as Record<string, number>;
    expect(p['company.brand_core']).toBeCloseTo(0.75, 6);
    expect(p['company.tools_config']).toBeCloseTo(0.25, 6);
    expect(p.none).toBeUndefined();
    expect(categoryPriorOf({ none: 1 })).toBeNull();
    expect(categoryPriorOf(undefined)).toBeNull();
  });

  it('a wrong route still returns the right memory in the top 5 (a ranking signal, not a filter)', () => {
    const { search } = constructed();
    const wrong = categoryPriorOf({ 'company.tools_config': 0.95, 'company.brand_core': 0.01 });
    const hits = search(wrong, 0.2);
    expect(hits).toHaveLength(10); // nothing filtered out
    const rank = hits.findIndex((h) => h.id === 'answer');
    expect(rank).toBeGreaterThan(0); // the wrong route did cost it the first place...
    expect(rank).toBeLessThan(5); // ...but not the top 5
  });

  it('a right route lifts the right memory, and weight 0 changes nothing', () => {
    const { search } = constructed();
    const right = categoryPriorOf({ 'company.brand_core': 0.6, 'company.tools_config': 0.2 });
    expect(search(right, 0.2)[0].id).toBe('answer');
    expect(search(right, 0).map((h) => h.id)).toEqual(search(null, 0).map((h) => h.id));
  });

  it('evaluateRetrieval searches each company as its own store and applies the prior per query', () => {
    const d = parseRetrievalDataset(JSON.stringify({
      memories: [
        { id: 'a1', text: 'blue', category: 'company.brand_core', company: 'A' },
        { id: 'b1', text: 'blue', category: 'company.brand_core', company: 'B' },
      ],
      queries: [{ query: 'blue', relevant: ['b1'] }],
    }));
    // one store per company: a1 is not a candidate for a query of company B
    expect(evaluateRetrieval(d, null).keyword.p_at_1).toBe(1);
    expect(() => parseRetrievalDataset(JSON.stringify({ ...JSON.parse(JSON.stringify(d)), queries: [{ query: 'x', relevant: ['a1', 'b1'] }] }))).toThrow(/different companies/);
  });
});

describe('MemoryStore with routeQuery', () => {
  const facts = ['Our brand voice is warm and plain', 'We use HubSpot for the CRM and marketing email'];

  it('uses the router\'s scores as a prior in hybrid search only, and says which prior it used', async () => {
    const routed: string[] = [];
    const store = await openTestStore({
      embedder: new HashedBagOfWordsTestEmbedder(64),
      routeQuery: async (q) => { routed.push(q); return { 'company.tools_config': 0.9, 'company.brand_core': 0.1 }; },
      categoryPriorWeight: 5,
    });
    await store.add(facts[0], { infer: false, category: 'company.brand_core' });
    await store.add(facts[1], { infer: false, category: 'company.tools_config' });
    const hybrid = await store.search('brand voice', { limit: 2 });
    expect(hybrid.prior?.['company.tools_config']).toBeCloseTo(0.9, 6);
    expect(hybrid.results.map((r) => r.text)).toEqual([facts[1], facts[0]]); // a huge weight reorders, still both returned
    const plain = await store.search('brand voice', { limit: 2, categoryPrior: false });
    expect(plain.results[0].text).toBe(facts[0]);
    expect(plain.prior).toBeUndefined();
    await store.search('brand voice', { limit: 2, mode: 'keyword' });
    expect(routed).toEqual(['brand voice']); // keyword mode and categoryPrior:false never route
    store.close();
  });

  it('searches as usual when the router fails', async () => {
    const store = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder(64), routeQuery: async () => { throw new Error('router down'); } });
    await store.add(facts[0], { infer: false, category: 'company.brand_core' });
    const r = await store.search('brand voice');
    expect(r.results[0].text).toBe(facts[0]);
    expect(r.prior).toBeUndefined();
    store.close();
  });
});
