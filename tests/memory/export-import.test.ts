import { describe, expect, it } from 'vitest';
import { RouterError } from '../../src/core/errors';
import { buildExport, exportParts, validateExport, type ImportData, type MemoryExport } from '../../src/memory/export-import';
import { makeMemoryRecord, historyEntry } from '../../src/memory/records';
import { base64ToFloat32 as decodeEmbedding, float32ToBase64 as encodeEmbedding } from '../../src/core/util/base64';
import type { MemoryStore } from '../../src/memory/memory-store';
import { HashedBagOfWordsTestEmbedder, manualClock, openTestStore, testDb } from './helpers';

const CONVERSATION = [
  { role: 'user', content: 'Our brand voice is warm and plain. Keep answers concise with bullet points.' },
  { role: 'assistant', content: 'Noted.' },
  { role: 'user', content: 'The Q3 campaign budget is $50k. We sync leads from HubSpot every night.' },
];

async function filledStore(): Promise<MemoryStore> {
  const clock = manualClock();
  const store = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder(), now: clock.now, dedupThreshold: 0.7 });
  const { results } = await store.add(CONVERSATION, { userId: 'ann', metadata: { tags: ['launch'], n: 1 } });
  clock.advanceDays(1);
  await store.add('The Q3 campaign budget is $60k', { infer: false, userId: 'ann' }); // near-duplicate UPDATE
  await store.add('I lead the growth team as marketing director', { infer: false, userId: 'bob' });
  await store.pin(results[0].id);
  await store.delete(results[1].id);
  return store;
}

function withoutTime(e: MemoryExport): Omit<MemoryExport, 'exportedAt'> {
  const { exportedAt: _t, ...rest } = e;
  return rest;
}

async function refusal(store: MemoryStore, input: unknown): Promise<RouterError> {
  const err = await store.importAll(input).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(RouterError);
  return err as RouterError;
}

describe('embedding encoding', () => {
  it('round-trips float32 exactly and rejects wrong lengths', () => {
    const v = new Float32Array([0.1, -1e-30, 3.4e38, 0, -0.5, Math.PI]);
    expect(Array.from(decodeEmbedding(encodeEmbedding(v), 6) as Float32Array)).toEqual(Array.from(v));
    expect(decodeEmbedding(encodeEmbedding(v), 5)).toBeNull();
    expect(decodeEmbedding('not base64 !!', 1)).toBeNull();
  });
});

describe('the export file', () => {
  it('is written in parts that join to exactly the JSON of the export, for empty tables and for thousands of rows', async () => {
    const at = new Date(Date.UTC(2026, 0, 2));
    const empty: ImportData = { memories: [], history: [], conversations: [] };
    expect(exportParts(empty, at).join('')).toBe(JSON.stringify(buildExport(empty, at)));
    const memories = Array.from({ length: 4_501 }, (_, i) => makeMemoryRecord({ text: `Fact ${i} "quoted" \u2028 ünïcode`, category: 'company.brand_core', userId: 'ann', hash: String(i).padStart(64, '0'), vector: i % 2 ? { data: new Float32Array([i, 0.5]), model: 'm' } : undefined }, 1_000 + i));
    const data: ImportData = { memories, history: memories.slice(0, 2_001).map((m, i) => historyEntry(m, 'ADD', null, m, 'add', 2_000 + i)), conversations: [] };
    const parts = exportParts(data, at);
    expect(parts.length).toBeGreaterThan(5);
    expect(parts.join('')).toBe(JSON.stringify(buildExport(data, at)));
  });

  it('comes from the store as a file with its name and counts, the same text as exportAll', async () => {
    const store = await filledStore();
    const file = await store.exportFile();
    const all = await store.exportAll();
    expect(file.name).toBe(`memories-${all.exportedAt.slice(0, 10)}.json`);
    expect(file.counts).toEqual({ memories: 4, history: all.history.length, conversations: 1 });
    expect(withoutTime(JSON.parse(await file.blob.text()) as MemoryExport)).toEqual(withoutTime(all));
    store.close();
  });
});

describe('export / import round trip', () => {
  it('export -> forget everything -> import gives an identical store', async () => {
    const store = await filledStore();
    const before = await store.exportAll();
    expect(before).toMatchObject({ format: 'memory-router-export', version: 1, embeddingEncoding: 'float32-le-base64' });
    expect(before.memories).toHaveLength(4);
    expect(before.history.length).toBeGreaterThanOrEqual(6);
    expect(before.conversations).toHaveLength(1);
    // Keyword scores: rank-based fused scores may swap between exact ties, which is not a difference.
    const scores = async () => (await store.search('campaign budget brand', { mode: 'keyword' })).results.map((r) => [r.id, r.score]).sort();
    const searchBefore = await scores();
    expect(searchBefore.length).toBeGreaterThan(1);

    const text = JSON.stringify(before);
    await store.reset({ all: true });
    expect((await store.exportAll()).memories).toEqual([]);
    const summary = await store.importAll(text);
    expect(summary).toMatchObject({
      mode: 'merge',
      memories: { inFile: 4, added: 4, updated: 0, merged: 0, unchanged: 0, keptOurs: 0, skipped: 0 },
      history: { inFile: before.history.length, added: before.history.length, present: 0, conflicts: 0 },
      conversations: { inFile: 1, added: 1, present: 0, conflicts: 0 },
      rehashed: 0,
      merges: [],
    });
    const after = await store.exportAll();
    expect(withoutTime(after)).toEqual(withoutTime(before));
    expect(JSON.stringify(withoutTime(after))).toBe(JSON.stringify(withoutTime(before)));
    expect(await scores()).toEqual(searchBefore);
    store.close();
  });

  it('imports into a fresh store (another device) identically', async () => {
    const source = await filledStore();
    const exported = await source.exportAll();
    const target = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder() });
    await target.importAll(exported);
    expect(withoutTime(await target.exportAll())).toEqual(withoutTime(exported));
    source.close();
    target.close();
  });

  it('merge keeps both sides and the newer version of a memory present in both', async () => {
    const store = await filledStore();
    const snapshot = await store.exportAll();
    const bob = snapshot.memories.find((m) => m.userId === 'bob')!;
    await store.update(bob.id, 'I lead growth and brand as VP marketing');
    const added = await store.add('We report ROAS weekly to the board', { infer: false, userId: 'ann' });
    await store.importAll(snapshot, { mode: 'merge' });
    expect((await store.get(bob.id))?.text).toBe('I lead growth and brand as VP marketing');
    expect(await store.get(added.results[0].id)).not.toBeNull();
    expect((await store.exportAll()).memories).toHaveLength(5);

    const older = { ...snapshot, memories: snapshot.memories.map((m) => (m.id === bob.id ? { ...m, updatedAt: m.updatedAt + 10 * 86_400_000 } : m)) };
    await store.importAll(older, { mode: 'merge' });
    expect((await store.get(bob.id))?.text).toBe(bob.text);
    store.close();
  });

  it('re-hashes a hand-edited text and drops its now-stale vector (then re-embeds it)', async () => {
    const store = await filledStore();
    const exported = await store.exportAll();
    exported.memories[0] = { ...exported.memories[0], text: `${exported.memories[0].text} (edited)` };
    const summary = await store.importAll(exported, { mode: 'replace', all: true });
    expect(summary.rehashed).toBe(1);
    const raw = await testDb(store).memories.get(exported.memories[0].id);
    expect(raw?.hash).not.toBe(exported.memories[0].hash);
    expect(raw?.embeddingModel).toBe(store.embedder?.id);
    expect(await store.staleEmbeddingIds()).toEqual([]);
    store.close();
  });
});

describe('import validation', () => {
  type Mutate = (e: MemoryExport & Record<string, unknown>) => unknown;
  const CASES: Array<[string, Mutate, string, RegExp]> = [
    ['not an object', () => 42, 'WRONG_SCHEMA', /\(file\): expected an object/],
    ['wrong format', (e) => ({ ...e, format: 'mem0' }), 'WRONG_SCHEMA', /format: expected "memory-router-export"/],
    ['newer version', (e) => ({ ...e, version: 99 }), 'WRONG_SCHEMA', /version: 99 is newer than this app understands/],
    ['memories not an array', (e) => ({ ...e, memories: {} }), 'WRONG_SCHEMA', /memories: expected an array/],
    ['unknown category', (e) => { e.memories[1] = { ...e.memories[1], category: 'company.secrets' as never }; return e; }, 'WRONG_SCHEMA', /memories\[1\]\.category: "company\.secrets" is not a memory category/],
    ['none is not storable', (e) => { e.memories[0] = { ...e.memories[0], category: 'none' as never }; return e; }, 'WRONG_SCHEMA', /memories\[0\]\.category/],
    ['numeric id', (e) => { e.memories[2] = { ...e.memories[2], id: 7 as never }; return e; }, 'WRONG_SCHEMA', /memories\[2\]\.id: expected text, found number 7/],
    ['duplicate id', (e) => { e.memories[1] = { ...e.memories[1], id: e.memories[0].id }; return e; }, 'WRONG_SCHEMA', /memories\[1\]\.id: .* appears twice/],
    ['scope mismatch', (e) => { e.memories[0] = { ...e.memories[0], scope: e.memories[0].scope === 'user' ? 'company' : 'user' }; return e; }, 'WRONG_SCHEMA', /memories\[0\]\.scope/],
    ['truncated embedding', (e) => { e.memories[0] = { ...e.memories[0], embedding: (e.memories[0].embedding as string).slice(0, 40) }; return e; }, 'WRONG_SCHEMA', /memories\[0\]\.embedding: is not float32-le-base64 of 256 numbers/],
    ['text too long', (e) => { e.memories[0] = { ...e.memories[0], text: 'x'.repeat(20_001) }; return e; }, 'WRONG_SCHEMA', /memories\[0\]\.text: is 20001 characters long/],
    ['bad time', (e) => { e.memories[0] = { ...e.memories[0], createdAt: 'yesterday' as never }; return e; }, 'WRONG_SCHEMA', /memories\[0\]\.createdAt: expected a time/],
    ['bad history event', (e) => { e.history[0] = { ...e.history[0], event: 'MERGE' as never }; return e; }, 'WRONG_SCHEMA', /history\[0\]\.event: "MERGE" is not ADD, UPDATE or DELETE/],
    ['bad turn role', (e) => { e.conversations[0] = { ...e.conversations[0], turns: [{ role: 'robot' as never, content: 'x' }] }; return e; }, 'WRONG_SCHEMA', /conversations\[0\]\.turns\[0\]\.role/],
    ['non-JSON metadata', (e) => { e.memories[0] = { ...e.memories[0], metadata: { a: { b: Number.NaN } } }; return e; }, 'WRONG_SCHEMA', /memories\[0\]\.metadata\.a\.b: is not a finite number/],
  ];

  it.each(CASES)('refuses %s with the path of the first problem and changes nothing', async (_name, mutate, code, message) => {
    const store = await filledStore();
    const before = await store.exportAll();
    const err = await refusal(store, mutate(structuredClone(before) as MemoryExport & Record<string, unknown>));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/Nothing was changed\.$/);
    expect(withoutTime(await store.exportAll())).toEqual(withoutTime(before));
    store.close();
  });

  it('refuses text that is not JSON with MALFORMED_JSON', async () => {
    const store = await filledStore();
    const before = await store.exportAll();
    const err = await refusal(store, '{"format": "memory-router-export", ');
    expect(err.code).toBe('MALFORMED_JSON');
    expect(err.message).toMatch(/^Cannot import this file: it is not valid JSON/);
    expect(withoutTime(await store.exportAll())).toEqual(withoutTime(before));
    store.close();
  });

  it('names the file in the message when given', () => {
    expect(() => validateExport('[', 'memories.json')).toThrow(/^Cannot import memories\.json:/);
  });
});
