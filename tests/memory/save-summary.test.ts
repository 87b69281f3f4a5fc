/**
 * Issue 13, finding 2: saving a 5,000-line batch said "5000 memories stored or updated" while the
 * table held 15 rows (near duplicates merged silently). The summary counts memories, from the
 * events ingest returned, and must agree with the table.
 */
import { describe, expect, it } from 'vitest';
import { summarizeSave } from '../../src/memory/save-summary';
import type { IngestItem } from '../../src/memory/ingest';
import { HashedBagOfWordsTestEmbedder, openTestStore, testDb } from './helpers';

const item = (text: string): IngestItem => ({
  turns: [{ role: 'user', content: text }],
  facts: [{ text, category: 'company.brand_core' }],
  userId: 'default',
});

describe('a save summary counts memories, not facts', () => {
  it('a batch of near-identical lines: the counts agree with the table, and the merges are listed', async () => {
    const store = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder(), dedupThreshold: 0.8 });
    await store.ingest([item('Our brand voice is warm plain and friendly always')]);
    const lines = Array.from({ length: 60 }, (_, i) => item(i % 3 === 0
      ? 'Our brand voice is warm plain and friendly always'
      : `Our brand voice is warm plain and friendly always ${i % 2 ? 'truly' : ''}`.trim()));
    lines.push(item('We never use jargon or buzzwords in any copy we write'));
    const results = await store.ingest(lines);
    const s = summarizeSave(results);

    const rows = await testDb(store).memories.toArray();
    expect(s.facts).toBe(61);
    expect(s.added + 1).toBe(rows.length); // one memory was there before the save
    expect(s.added).toBe(1);
    expect(s.memories).toBe(2);
    expect(s.added + s.updated + s.known).toBe(s.memories);
    expect(s.mergedFacts).toBe(60);
    const existing = s.merged.find((m) => !m.isNew)!;
    expect(existing.facts).toHaveLength(60);
    expect(rows.map((r) => r.text)).toContain(existing.memory);
    store.close();
  });

  it('a fact merged into a memory added earlier in the same save is not a second new memory', async () => {
    const store = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder(), dedupThreshold: 0.8 });
    const results = await store.ingest([{
      turns: [{ role: 'user', content: 'x' }],
      facts: [
        { text: 'Keep answers short in bullet points please', category: 'user.communication_style' },
        { text: 'Keep answers short in bullet points please always', category: 'user.communication_style' },
      ],
      userId: 'default',
    }]);
    expect(results[0].results.map((r) => r.event)).toEqual(['ADD', 'UPDATE']);
    const s = summarizeSave(results);
    expect(s).toMatchObject({ facts: 2, added: 1, updated: 0, known: 0, memories: 1, mergedFacts: 1 });
    expect(s.merged).toEqual([expect.objectContaining({ isNew: true, facts: ['Keep answers short in bullet points please always'], replaced: ['Keep answers short in bullet points please'] })]);
    expect(await testDb(store).memories.count()).toBe(1);
    store.close();
  });

  it('a cancel during the write transaction stores nothing', async () => {
    const store = await openTestStore();
    const ctrl = new AbortController();
    const items = Array.from({ length: 20 }, (_, i) => item(`Brand fact number ${i} for the cancel test`));
    // Abort once the write has started: the first conversation record is being added.
    const db = testDb(store);
    db.conversations.hook('creating', () => { ctrl.abort(); });
    await expect(store.ingest(items, { signal: ctrl.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await db.memories.count()).toBe(0);
    expect(await db.conversations.count()).toBe(0);
    store.close();
  });
});
