import { describe, expect, it } from 'vitest';
import { decideDedup, dedupThresholdFor, DEDUP_THRESHOLDS, FALLBACK_DEDUP_THRESHOLD } from '../../src/memory/dedup';
import { HashedBagOfWordsTestEmbedder, openTestStore, testDb } from './helpers';

describe('decideDedup', () => {
  it.each([
    ['exact match wins', 'm1', { id: 'm2', score: 0.99 }, 0.8, { kind: 'same', id: 'm1' }],
    ['near duplicate at the threshold', null, { id: 'm2', score: 0.8 }, 0.8, { kind: 'similar', id: 'm2', similarity: 0.8 }],
    ['below the threshold is new', null, { id: 'm2', score: 0.79 }, 0.8, { kind: 'new' }],
    ['nothing to compare is new', null, null, 0.8, { kind: 'new' }],
  ] as const)('%s', (_name, exact, nearest, threshold, expected) => {
    expect(decideDedup(exact, nearest, threshold)).toEqual(expected);
  });
});

describe('dedupThresholdFor', () => {
  it('uses the measured row for a known embedder and the cautious fallback otherwise', () => {
    for (const row of DEDUP_THRESHOLDS) expect(dedupThresholdFor(`${row.embedderPrefix}@abc`)).toBe(row.threshold);
    expect(dedupThresholdFor('someone/else')).toBe(FALLBACK_DEDUP_THRESHOLD);
    expect(dedupThresholdFor(null)).toBe(FALLBACK_DEDUP_THRESHOLD);
  });
});

describe('dedup in add', () => {
  // Cosine of these two under the bag-of-words test double: 3 shared of 4 words each = 0.75.
  const BUDGET_50 = 'The Q3 campaign budget is $50k';
  const BUDGET_60 = 'The Q3 campaign budget is $60k';

  it('returns NONE for the same text in the same category and user (case and spacing ignored)', async () => {
    const store = await openTestStore();
    const a = await store.add(BUDGET_50, { infer: false });
    const b = await store.add('  the q3 CAMPAIGN budget   is $50k ', { infer: false, metadata: { seen: 2 } });
    expect(b.results[0]).toMatchObject({ id: a.results[0].id, event: 'NONE', memory: BUDGET_50 });
    expect((await store.get(a.results[0].id))?.metadata).toEqual({ seen: 2 });
    expect(await store.history(a.results[0].id)).toHaveLength(1);
    store.close();
  });

  it('keeps the same text apart across categories and users', async () => {
    const store = await openTestStore();
    const a = await store.add(BUDGET_50, { infer: false });
    const other = await store.add(BUDGET_50, { infer: false, category: 'company.performance_context' });
    const bob = await store.add(BUDGET_50, { infer: false, userId: 'bob' });
    expect([other.results[0].event, bob.results[0].event]).toEqual(['ADD', 'ADD']);
    expect(new Set([a, other, bob].map((r) => r.results[0].id)).size).toBe(3);
    store.close();
  });

  it('updates a near duplicate (cosine >= threshold) and the history says so', async () => {
    const store = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder(), dedupThreshold: 0.7 });
    const a = await store.add(BUDGET_50, { infer: false });
    const b = await store.add(BUDGET_60, { infer: false });
    expect(b.results[0]).toMatchObject({ id: a.results[0].id, event: 'UPDATE', memory: BUDGET_60, previousMemory: BUDGET_50 });
    expect(b.results[0].similarity).toBeCloseTo(0.75, 5);
    expect((await store.getAll()).map((m) => m.text)).toEqual([BUDGET_60]);
    const log = await store.history(a.results[0].id);
    expect(log.map((h) => [h.event, h.reason, h.oldText, h.newText])).toEqual([
      ['ADD', 'add', null, BUDGET_50],
      ['UPDATE', 'near-duplicate', BUDGET_50, BUDGET_60],
    ]);
    expect(log[1].similarity).toBeCloseTo(0.75, 5);
    // The search index follows the new text.
    expect((await store.search('60k', { mode: 'keyword' })).results).toHaveLength(1);
    expect((await store.search('50k', { mode: 'keyword' })).results).toHaveLength(0);
    store.close();
  });

  it('adds when the similarity is under the threshold, or the category differs', async () => {
    const store = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder(), dedupThreshold: 0.8 });
    await store.add(BUDGET_50, { infer: false });
    expect((await store.add(BUDGET_60, { infer: false })).results[0].event).toBe('ADD');
    const other = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder(), dedupThreshold: 0.7 });
    await other.add(BUDGET_50, { infer: false });
    expect((await other.add(BUDGET_60, { infer: false, category: 'company.performance_context' })).results[0].event).toBe('ADD');
    store.close();
    other.close();
  });

  it('dedups facts within one conversation against each other', async () => {
    const store = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder(), dedupThreshold: 0.7 });
    const res = await store.add([
      { role: 'user', content: `${BUDGET_50}.` },
      { role: 'assistant', content: 'Got it.' },
      { role: 'user', content: `Sorry, my mistake. ${BUDGET_60}.` },
      { role: 'user', content: `${BUDGET_60}.` },
    ]);
    expect(res.results.map((r) => r.event)).toEqual(['ADD', 'UPDATE', 'NONE']);
    expect(new Set(res.results.map((r) => r.id)).size).toBe(1);
    expect(await testDb(store).memories.count()).toBe(1);
    const conv = await store.getConversation(res.conversationId as string);
    expect(conv?.memoryIds).toEqual([res.results[0].id]);
    store.close();
  });
});

describe('dedup candidates asked of the index before the transaction', () => {
  /** Vectors by text, for a geometry set up by hand. */
  class TableEmbedder {
    readonly id = 'table@40';
    readonly dimension = 40;
    constructor(private readonly table: Map<string, Float32Array>) {}
    async load(): Promise<void> {}
    async embed(texts: readonly string[]): Promise<Float32Array[]> {
      return texts.map((t) => {
        const v = this.table.get(t);
        if (!v) throw new Error(`no vector for ${t}`);
        return v;
      });
    }
  }
  const unit = (entries: Array<[number, number]>) => {
    const v = new Float32Array(40);
    for (const [i, x] of entries) v[i] = x;
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };

  it('finds the closest memory even when every candidate the index gave was rewritten earlier in the same call', async () => {
    // 33 memories E_i (orthogonal) and G; facts F_i each update E_i; the last fact Q is a little
    // closer to every old E_i than to G, but G is closer than any rewritten F_i: the index's 32
    // candidates for Q are all rewritten in this call, so only a scan of the group finds G.
    const table = new Map<string, Float32Array>();
    for (let i = 0; i < 33; i++) {
      table.set(`old fact ${i}`, unit([[i, 1]]));
      table.set(`new fact ${i}`, unit([[i, 1], [39, 0.3]]));
    }
    table.set('the G memory', unit([[38, 1]]));
    table.set('the query fact', unit([...Array.from({ length: 33 }, (_, i) => [i, 1] as [number, number]), [38, 0.98]]));
    const store = await openTestStore({ embedder: new TableEmbedder(table), dedupThreshold: 0.15 });
    const category = 'company.brand_core' as const;
    for (let i = 0; i < 33; i++) await store.add(`old fact ${i}`, { infer: false, category, userId: 'ann' });
    const g = await store.add('the G memory', { infer: false, category, userId: 'ann' });
    const [out] = await store.ingest([{
      turns: [{ role: 'user', content: 'many facts' }], userId: 'ann', saveConversation: false,
      facts: [...Array.from({ length: 33 }, (_, i) => ({ text: `new fact ${i}`, category })), { text: 'the query fact', category }],
    }]);
    expect(out.results.slice(0, 33).every((r) => r.event === 'UPDATE')).toBe(true);
    expect(out.results[33]).toMatchObject({ event: 'UPDATE', id: g.results[0].id, previousMemory: 'the G memory' });
    expect(out.results[33].similarity).toBeCloseTo(0.98 / Math.hypot(...Array(33).fill(1), 0.98), 5);
    store.close();
  });
});
