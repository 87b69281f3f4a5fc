/**
 * Issue 12's condition for the int8 scan: recall@10 >= 0.99 against exact search on the
 * benchmark's data. The memories are bench:app's (scripts/lib/bench-corpus.ts) with embed-lite's
 * vectors, and random unit vectors at 384 dimensions (the neural model's size, and the hardest
 * case for rounding: every cosine is near 0). The int8 index re-ranks its candidates with the
 * exact vectors, so its scores must also equal the exact ones.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryIndex, type EmbeddingSpace, type ExactVectors } from '../../src/memory/memory-index';
import type { MemoryRecord } from '../../src/memory/db';
import type { SearchMode } from '../../src/memory/search';
import { benchRecords, generateMemories, generateQueries } from '../../scripts/lib/bench-corpus';
import { makeEmbedder } from '../../scripts/lib/embedders';
import { LITE_MODEL } from '../embed/lite-model-file';

const NOW = Date.UTC(2025, 5, 1);

function indexes(records: MemoryRecord[], space: EmbeddingSpace): { exact: MemoryIndex; int8: MemoryIndex } {
  const byId = new Map(records.map((r) => [r.id, r]));
  const read: ExactVectors = async (ids) => ids.map((id) => byId.get(id));
  const exact = new MemoryIndex();
  const int8 = new MemoryIndex({ exactVectors: read });
  for (const idx of [exact, int8]) {
    idx.setSpace(space);
    for (const r of records) idx.upsert(r);
  }
  expect(int8.stats.precision).toBe('int8');
  expect(exact.stats.precision).toBe('f32');
  return { exact, int8 };
}

/**
 * Share of the exact top 10 the int8 search returns. Generated memories repeat (one text in four
 * has a twin, with the same vector), so a tie at the 10th place may be broken either way: a
 * returned memory scoring exactly what the exact 10th scores counts as found.
 */
async function recallAt10(exact: MemoryIndex, int8: MemoryIndex, queries: Array<{ text: string; vector: Float32Array }>, mode: SearchMode): Promise<number> {
  let found = 0;
  let total = 0;
  for (const q of queries) {
    const req = { text: q.text, vector: q.vector, mode, limit: 10, spec: { now: NOW, includeExpired: true } };
    const [a, b] = await Promise.all([exact.search(req), int8.search(req)]);
    const got = new Set(b.hits.map((h) => h.id));
    const tenth = a.hits[a.hits.length - 1]?.score ?? Infinity;
    const tiedAtTenth = b.hits.filter((h) => !a.hits.some((x) => x.id === h.id) && Math.abs(h.score - tenth) < 1e-6).length;
    found += Math.min(a.hits.length, a.hits.filter((h) => got.has(h.id)).length + tiedAtTenth);
    total += a.hits.length;
    // Re-ranked with the exact vectors: the scores of the memories both return are the same.
    const exactScore = new Map(a.hits.map((h) => [h.id, h.score]));
    for (const h of b.hits) if (exactScore.has(h.id)) expect(h.score).toBeCloseTo(exactScore.get(h.id) as number, 5);
  }
  return found / total;
}

const EMBED_LITE = LITE_MODEL;

describe('int8 scan with exact re-ranking: recall@10 against exact search', () => {
  it.skipIf(!existsSync(EMBED_LITE))('on bench:app\'s memories with embed-lite vectors (10k memories, 150 queries): >= 0.99 in vector and hybrid mode', async () => {
    const embedder = makeEmbedder('lite');
    await embedder.load();
    const memories = generateMemories(10_000, 5);
    const records = await benchRecords(memories, { embedder, now: NOW });
    const { exact, int8 } = indexes(records, { id: embedder.id, dimension: embedder.dimension });
    const texts = generateQueries(memories, 150, 9);
    const vectors = await embedder.embed(texts);
    const queries = texts.map((text, i) => ({ text, vector: vectors[i] }));
    expect(await recallAt10(exact, int8, queries, 'vector')).toBeGreaterThanOrEqual(0.99);
    expect(await recallAt10(exact, int8, queries, 'hybrid')).toBeGreaterThanOrEqual(0.99);
    expect(int8.stats.vectorBytes).toBeLessThan(exact.stats.vectorBytes * 0.3);
  }, 60_000);

  it('on random unit vectors at 384 dimensions (10k memories): >= 0.99, and dedup\'s nearest memory is the exact one', async () => {
    const memories = generateMemories(10_000, 6);
    const space = { id: 'random@384', dimension: 384 };
    const records = await benchRecords(memories, { randomVectors: space, now: NOW });
    const { exact, int8 } = indexes(records, space);
    const queries = records.slice(0, 100).map((r, i) => {
      // A query near a stored memory (as a re-phrased fact is), and one nowhere in particular.
      const v = Float32Array.from(r.embedding as Float32Array, (x, j) => x + ((Math.sin(i * 7 + j) * 0.5) / 19.6));
      return { text: memories[i].text.split(' ').slice(0, 3).join(' '), vector: v };
    });
    expect(await recallAt10(exact, int8, queries, 'vector')).toBeGreaterThanOrEqual(0.99);
    const asks = queries.map((q, i) => ({ vector: q.vector, userId: records[i].userId, category: records[i].category, k: 1 }));
    const [a, b] = await Promise.all([exact.nearest(asks), int8.nearest(asks)]);
    expect(b.map((h) => h[0]?.id)).toEqual(a.map((h) => h[0]?.id));
    b.forEach((h, i) => expect(h[0].score).toBeCloseTo(a[i][0].score, 5));
  }, 60_000);
});
