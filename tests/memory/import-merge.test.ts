/**
 * Issue 13, findings 2 (counts), 3 (history rewritten by import) and 4 (duplicates by the back door),
 * and finding 1's cancel: what an import writes, and that its summary counts exactly that.
 */
import { describe, expect, it } from 'vitest';
import Dexie, { type ObservabilitySet } from 'dexie';
import { changedMemoryKeys } from '../../src/memory/tab-sync';
import type { MemoryExport } from '../../src/memory/export-import';
import type { MemoryStore } from '../../src/memory/memory-store';
import { HashedBagOfWordsTestEmbedder, manualClock, openTestStore, testDb } from './helpers';

const DAY = 86_400_000;

async function storeWithOneMemory(opts: { embedder?: boolean } = {}): Promise<{ store: MemoryStore; file: MemoryExport; id: string }> {
  const store = await openTestStore({ now: manualClock().now, ...(opts.embedder ? { embedder: new HashedBagOfWordsTestEmbedder() } : {}) });
  const { results } = await store.add('Our brand voice is warm and plain', { infer: false, category: 'company.brand_core', userId: 'ann' });
  return { store, file: await store.exportAll(), id: results[0].id };
}

const rows = async (store: MemoryStore) => {
  const db = testDb(store);
  return { memories: await db.memories.toArray(), history: await db.history.toArray(), conversations: await db.conversations.toArray() };
};

describe('history is append-only', () => {
  it('an imported history entry with an existing id never overwrites it: kept, and reported as a conflict', async () => {
    const { store, file } = await storeWithOneMemory();
    const original = (await rows(store)).history[0];
    const forged = structuredClone(file);
    forged.history[0] = { ...forged.history[0], newText: 'Our brand voice is loud and full of jargon', reason: 'edit' };
    const summary = await store.importAll(forged);
    expect((await rows(store)).history).toEqual([original]);
    expect(summary.history).toEqual({ inFile: 1, added: 0, present: 0, conflicts: 1 });
    expect(summary.conflictIds.history).toEqual([original.id]);
    store.close();
  });

  it('an identical entry is "present", a new one is added, and replace mode starts from an empty log', async () => {
    const { store, file } = await storeWithOneMemory();
    const extra = { ...file.history[0], id: 'h-from-another-device', event: 'UPDATE' as const, reason: 'edit', createdAt: file.history[0].createdAt + 1 };
    const summary = await store.importAll({ ...file, history: [...file.history, extra] });
    expect(summary.history).toEqual({ inFile: 2, added: 1, present: 1, conflicts: 0 });
    expect((await rows(store)).history).toHaveLength(2);
    store.close();
  });

  it('a conversation with an existing id is not overwritten either', async () => {
    const store = await openTestStore();
    await store.add([{ role: 'user', content: 'Our brand voice is warm and plain.' }], { userId: 'ann' });
    const file = await store.exportAll();
    const before = (await rows(store)).conversations;
    const forged = structuredClone(file);
    forged.conversations[0] = { ...forged.conversations[0], text: 'USER: something else entirely' };
    const summary = await store.importAll(forged);
    expect((await rows(store)).conversations).toEqual(before);
    expect(summary.conversations).toMatchObject({ added: 0, conflicts: 1 });
    store.close();
  });
});

describe('import merges memories by content hash, as every other way in does', () => {
  it('an existing text under a new id is merged into the stored memory, not stored twice', async () => {
    const { store, file, id } = await storeWithOneMemory();
    const copy = structuredClone(file);
    copy.memories[0] = { ...copy.memories[0], id: 'm-from-another-device', text: 'OUR BRAND VOICE is  warm and plain', updatedAt: copy.memories[0].updatedAt + DAY, pinned: true, metadata: { tag: 'x' } };
    copy.history = copy.history.map((h) => ({ ...h, id: `${h.id}-b`, memoryId: 'm-from-another-device' }));
    const summary = await store.importAll(copy);

    const after = await rows(store);
    expect(after.memories).toHaveLength(1);
    expect(after.memories[0]).toMatchObject({ id, pinned: true, metadata: { tag: 'x' }, text: 'OUR BRAND VOICE is  warm and plain' });
    expect(summary.memories).toMatchObject({ inFile: 1, added: 0, merged: 1 });
    expect(summary.merges).toEqual([{ fileId: 'm-from-another-device', intoId: id, text: 'OUR BRAND VOICE is  warm and plain' }]);
    // The file's history follows the memory it was merged into; the merge itself is logged.
    expect(after.history.every((h) => h.memoryId === id)).toBe(true);
    expect(after.history.map((h) => h.reason)).toContain('import');
    store.close();
  });

  it('two copies of one text inside the file become one memory, in replace mode too', async () => {
    const { store, file } = await storeWithOneMemory();
    const twice = { ...file, memories: [file.memories[0], { ...file.memories[0], id: 'm-copy' }] };
    const summary = await store.importAll(twice, { mode: 'replace', all: true });
    expect((await rows(store)).memories).toHaveLength(1);
    expect(summary.memories).toMatchObject({ added: 1, merged: 1 });
    store.close();
  });

  it('a newer version (same id) whose text is already another memory is skipped, with the reason', async () => {
    const store = await openTestStore();
    const a = (await store.add('Our brand voice is warm and plain', { infer: false, category: 'company.brand_core' })).results[0].id;
    const b = (await store.add('We never use jargon in copy', { infer: false, category: 'company.brand_core' })).results[0].id;
    const file = await store.exportAll();
    const bRow = file.memories.find((m) => m.id === b)!;
    const aRow = file.memories.find((m) => m.id === a)!;
    const forged = { ...file, memories: [{ ...bRow, text: aRow.text, hash: aRow.hash, updatedAt: bRow.updatedAt + DAY }] };
    const summary = await store.importAll(forged);
    expect(summary.memories.skipped).toBe(1);
    expect(summary.skipped[0]).toEqual({ id: b, reason: `its newer text is already stored as memory ${a}` });
    expect((await store.get(b))?.text).toBe('We never use jargon in copy');
    store.close();
  });
});

describe('the summary counts what was written', () => {
  it('an older version of a stored memory (hand-edited text) writes nothing and says so: kept ours, 0 re-hashed', async () => {
    const { store, file, id } = await storeWithOneMemory();
    await store.update(id, 'Our brand voice is warm, plain and a little playful');
    const before = await rows(store);
    const older = structuredClone(file);
    older.memories[0] = { ...older.memories[0], text: 'Our brand voice is warm and plain (edited by hand)' };
    const summary = await store.importAll(older);
    expect(summary.memories).toEqual({ inFile: 1, added: 0, updated: 0, merged: 0, unchanged: 0, keptOurs: 1, skipped: 0 });
    expect(summary.rehashed).toBe(0);
    expect((await rows(store)).memories).toEqual(before.memories);
    store.close();
  });

  it('the same export again: everything unchanged or present, nothing added', async () => {
    const { store, file } = await storeWithOneMemory();
    const summary = await store.importAll(file);
    expect(summary.memories).toMatchObject({ unchanged: 1, added: 0, updated: 0 });
    expect(summary.history).toMatchObject({ present: file.history.length, added: 0 });
    store.close();
  });
});

describe('cancel', () => {
  function bigFile(file: MemoryExport, n: number): MemoryExport {
    const m = file.memories[0];
    return { ...file, history: [], conversations: [], memories: Array.from({ length: n }, (_, i) => ({ ...m, id: `m${i}`, text: `Fact number ${i} about the brand voice`, hash: '0'.repeat(64), embedding: null, embeddingModel: null, embeddingDim: null })) };
  }

  it('during the write: nothing is changed', async () => {
    const { store, file } = await storeWithOneMemory();
    const before = await rows(store);
    const ctrl = new AbortController();
    const phases = new Set<string>();
    const err = await store.importAll(bigFile(file, 5_000), {
      signal: ctrl.signal,
      onProgress: (p) => { phases.add(p.phase ?? ''); if (p.phase === 'Writing' && p.done >= 2_000) ctrl.abort(); },
    }).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'CANCELLED', message: expect.stringMatching(/nothing was changed/) });
    expect(phases).toContain('Writing');
    expect(await rows(store)).toEqual(before);
    store.close();
  });

  it('during the re-embedding: the import stays written, and the summary says the embedding stopped', async () => {
    const { store, file } = await storeWithOneMemory({ embedder: true });
    const ctrl = new AbortController();
    const summary = await store.importAll(bigFile(file, 1_000), {
      signal: ctrl.signal,
      onProgress: (p) => { if (p.phase === 'Embedding memories' && p.done >= 64) ctrl.abort(); },
    });
    expect(summary.memories.added).toBe(1_000);
    expect(summary.embedding).toMatchObject({ stopped: true, total: 1_000 });
    expect(summary.embedding!.done).toBeLessThan(1_000);
    expect((await rows(store)).memories).toHaveLength(1_001);
    expect((await store.staleEmbeddingIds()).length).toBeGreaterThan(0);
    store.close();
  });
});

describe('long work stays light on live views', () => {
  it('re-embedding 1,000 imported memories commits a few times, not once per batch of 64', async () => {
    const { store, file } = await storeWithOneMemory({ embedder: true });
    const m = file.memories[0];
    const many = { ...file, history: [], conversations: [], memories: Array.from({ length: 1_000 }, (_, i) => ({ ...m, id: `m${i}`, text: `Fact ${i} about the brand`, hash: '0'.repeat(64), embedding: null, embeddingModel: null, embeddingDim: null })) };
    const name = testDb(store).name;
    let commits = 0;
    const wholeTable: number[] = [];
    const count = (parts: ObservabilitySet) => {
      if (!parts[`idb://${name}/memories/`]) return;
      commits++;
      if (changedMemoryKeys(parts, name) === 'all') wholeTable.push(commits);
    };
    Dexie.on('storagemutated', count);
    try {
      const summary = await store.importAll(many);
      expect(summary.embedding).toMatchObject({ done: 1_000, total: 1_000, stopped: false });
    } finally {
      Dexie.on('storagemutated').unsubscribe(count);
    }
    // One for the import's own transaction, then the vectors in batches of 256: 16 commits when each batch of 64 was one.
    expect(commits).toBeLessThanOrEqual(5); // the import, then one per 256 vectors
    // Every write names its keys, so an open store updates those rows instead of rebuilding its
    // whole index after each one.
    expect(wholeTable).toEqual([]);
    expect(await store.staleEmbeddingIds()).toEqual([]);
    store.close();
  });
  it('a big import marks the memories table changed instead of naming every key, and another tab still sees every row', async () => {
    const { store: tabA, file } = await storeWithOneMemory();
    const tabB = await openTestStore({ dbName: testDb(tabA).name });
    const name = testDb(tabA).name;
    const m = file.memories[0];
    const big = { ...file, history: [], conversations: [], memories: Array.from({ length: 3_000 }, (_, i) => ({ ...m, id: `big${i}`, text: `Launch fact ${i} for the spring campaign`, hash: '0'.repeat(64) })) };
    const events: Array<string[] | 'all'> = [];
    const note = (parts: ObservabilitySet) => {
      const keys = changedMemoryKeys(parts, name);
      if (keys) events.push(keys);
    };
    Dexie.on('storagemutated', note);
    try {
      await tabA.importAll(big);
    } finally {
      Dexie.on('storagemutated').unsubscribe(note);
    }
    // One event for the import's transaction, and it says "the table", not 3,000 keys that every
    // page on this database would have to take in.
    expect(events).toEqual(['all']);
    const end = Date.now() + 5_000;
    while (tabB.size !== 3_001 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(tabB.size).toBe(3_001);
    expect((await tabB.search('Launch fact 2999 spring campaign')).results[0]?.id).toBe('big2999');
    tabA.close();
    tabB.close();
  });
});
