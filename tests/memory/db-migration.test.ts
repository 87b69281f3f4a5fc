import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { createMemoryDb, LATEST_SCHEMA_VERSION, SCHEMA_VERSIONS, type MemoryRecord } from '../../src/memory/db';
import { DAY_MS } from '../../src/memory/expiry';
import { MemoryStore } from '../../src/memory/memory-store';

const T0 = Date.UTC(2025, 2, 1);

/** A row as v1 wrote it: no reviewAt field. */
function v1Row(id: string, category: MemoryRecord['category'], scope: MemoryRecord['scope'], persistence: MemoryRecord['persistence']): Omit<MemoryRecord, 'reviewAt'> {
  return {
    id, text: `memory ${id}`, category, scope, persistence, userId: 'u1', metadata: { source: 'v1' },
    createdAt: T0, updatedAt: T0 + 1000, expiresAt: null, pinned: false, hash: id.padEnd(64, '0'),
    embedding: new Float32Array([0.6, 0.8]), embeddingModel: 'm', embeddingDim: 2, sourceConversationId: null,
  };
}

describe('schema versions', () => {
  it('are declared in increasing order and end at the latest', () => {
    const versions = SCHEMA_VERSIONS.map((v) => v.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(LATEST_SCHEMA_VERSION).toBe(versions[versions.length - 1]);
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
  });
});

describe('migration v1 -> v2', () => {
  it('keeps every row, back-fills reviewAt and adds the [userId+category+hash] index', async () => {
    const name = `migration-${process.pid}`;
    const v1 = createMemoryDb(name, { upToVersion: 1 });
    await v1.open();
    expect(v1.verno).toBe(1);
    const pref = v1Row('a', 'user.interaction_preferences', 'user', 'evolving');
    const brand = v1Row('b', 'company.brand_core', 'company', 'long');
    await v1.memories.bulkAdd([pref, brand] as MemoryRecord[]);
    await v1.history.add({ id: 'h1', memoryId: 'a', userId: 'u1', event: 'ADD', oldText: null, newText: 'memory a', oldCategory: null, newCategory: 'user.interaction_preferences', reason: 'add', createdAt: T0 });
    // The v1 schema has no compound hash index: querying it must fail there.
    await expect(v1.memories.where('[userId+category+hash]').equals(['u1', 'company.brand_core', brand.hash]).first()).rejects.toThrow();
    v1.close();

    const v2 = createMemoryDb(name, { upToVersion: 2 });
    await v2.open();
    expect(v2.verno).toBe(2);
    const rows = await v2.memories.orderBy('id').toArray();
    expect(rows.map((r) => r.id)).toEqual(['a', 'b']);
    expect(rows[0].text).toBe('memory a');
    expect(rows[0].metadata).toEqual({ source: 'v1' });
    expect(Array.from(rows[0].embedding as Float32Array)).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    // interaction_preferences has reviewAfterDays = 90 in the taxonomy, counted from updatedAt.
    expect(rows[0].reviewAt).toBe(T0 + 1000 + 90 * DAY_MS);
    expect(rows[1].reviewAt).toBeNull();
    const viaIndex = await v2.memories.where('[userId+category+hash]').equals(['u1', 'company.brand_core', brand.hash]).toArray();
    expect(viaIndex.map((r) => r.id)).toEqual(['b']);
    expect(await v2.memories.where('reviewAt').above(0).primaryKeys()).toEqual(['a']);
    expect(await v2.history.count()).toBe(1);
    v2.close();
    await Dexie.delete(name);
  });
});

describe('migration v2 -> v3', () => {
  const indexNames = (db: Dexie, table: string) => {
    const idb = db.backendDB();
    return [...idb.transaction(table, 'readonly').objectStore(table).indexNames].sort();
  };

  it('keeps every row, drops the indexes nothing reads, and still answers by user', async () => {
    const name = `migration3-${process.pid}`;
    const v2 = createMemoryDb(name, { upToVersion: 2 });
    await v2.open();
    const rows = [v1Row('a', 'user.interaction_preferences', 'user', 'evolving'), v1Row('b', 'company.brand_core', 'company', 'long'), { ...v1Row('c', 'company.brand_core', 'company', 'long'), userId: 'u2' }];
    await v2.memories.bulkAdd(rows.map((r) => ({ ...r, reviewAt: null })) as MemoryRecord[]);
    await v2.history.add({ id: 'h1', memoryId: 'a', userId: 'u1', event: 'ADD', oldText: null, newText: 'memory a', oldCategory: null, newCategory: 'user.interaction_preferences', reason: 'add', createdAt: T0 });
    await v2.conversations.add({ id: 'c1', userId: 'u1', createdAt: T0, messages: [], memoryIds: ['a'] } as never);
    expect(indexNames(v2, 'memories')).toContain('hash');
    v2.close();

    const v3 = createMemoryDb(name);
    await v3.open();
    expect(v3.verno).toBe(3);
    expect(indexNames(v3, 'memories')).toEqual(['[userId+category+hash]', '[userId+category]', 'category', 'reviewAt', 'updatedAt']);
    expect(indexNames(v3, 'history')).toEqual(['memoryId', 'userId']);
    expect(indexNames(v3, 'conversations')).toEqual(['userId']);
    expect((await v3.memories.orderBy('id').toArray()).map((r) => r.text)).toEqual(['memory a', 'memory b', 'memory c']);
    // userId is answered from [userId+category] (Dexie's virtual index).
    expect((await v3.memories.where('userId').equals('u1').primaryKeys()).sort()).toEqual(['a', 'b']);
    expect(await v3.memories.where('[userId+category]').equals(['u1', 'company.brand_core']).primaryKeys()).toEqual(['b']);
    expect(await v3.history.where('memoryId').equals('a').count()).toBe(1);
    expect(await v3.conversations.where('userId').equals('u1').count()).toBe(1);
    v3.close();
    await Dexie.delete(name);
  });
});

describe('opening a database that a newer app version changed', () => {
  // Dexie 4 opens an installed database of a higher version and adds indexes it lacks, so an older
  // app (a stale tab during a deploy) keeps working instead of failing with VersionError.
  it.each([
    ['a superset of our schema', { ...SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1].stores, memories: `${SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1].stores.memories}, pinnedAt` }],
    ['a schema without our indexes', { memories: 'id', conversations: 'id', history: 'id' }],
  ])('opens and works with %s', async (_name, stores) => {
    const name = `newer-${process.pid}-${Math.random()}`;
    const future = new Dexie(name);
    future.version(LATEST_SCHEMA_VERSION + 5).stores(stores);
    await future.open();
    future.close();
    const store = await MemoryStore.open({ dbName: name });
    const first = await store.add('Our brand voice is warm', { infer: false, category: 'company.brand_core' });
    const again = await store.add('our brand voice is WARM', { infer: false, category: 'company.brand_core' });
    expect([first.results[0].event, again.results[0].event]).toEqual(['ADD', 'NONE']);
    store.close();
    await Dexie.delete(name);
  });
});
