/**
 * Finding 7 (issue 13): a database deleted from another tab left the open tab showing deleted
 * memories, and its next call silently recreated an empty store. The store now notices the
 * deletion (or an upgrade by a newer app, or the browser closing the connection), says why, and
 * stays closed: nothing is recreated until someone opens it again.
 */
import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { indexedDB } from 'fake-indexeddb';
import type { StoreLoss } from '../../src/memory/db-watch';
import { createMemoryDb } from '../../src/memory/db';
import { createIndexWorkerHandler } from '../../src/memory/index-worker-handler';
import type { IndexWorkerResponse } from '../../src/memory/index-protocol';
import { FAKE_IDB, openTestStore, testDb } from './helpers';
import { inProcessIndexWorker } from './in-process-index-worker';

async function databaseNames(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? '');
}

function lossOf(store: Awaited<ReturnType<typeof openTestStore>>): Promise<StoreLoss> {
  return new Promise((resolve) => store.onLost(resolve));
}

describe('the database changed under an open store', () => {
  it('deleted elsewhere: the store says so and nothing is recreated by a later call', async () => {
    const store = await openTestStore();
    await store.add('Our brand voice is warm and plain', { infer: false, category: 'company.brand_core' });
    const name = testDb(store).name;
    const lost = lossOf(store);
    // Another tab's delete: the open connection gets versionchange (newVersion null).
    await new Dexie(name, FAKE_IDB).delete();
    expect(await lost).toMatchObject({ reason: 'deleted' });
    expect(store.lost?.message).toMatch(/deleted in another tab/);
    expect(await databaseNames()).not.toContain(name);

    // Dexie alone would reopen here and create an empty database; the store refuses instead.
    await expect(store.add('We sync leads from HubSpot nightly', { infer: false, category: 'company.tools_config' }))
      .rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    await expect(store.getAll()).rejects.toThrow();
    expect(await databaseNames()).not.toContain(name);
  });

  it('upgraded elsewhere by a newer app version: reason "upgraded"', async () => {
    const store = await openTestStore();
    const name = testDb(store).name;
    const lost = lossOf(store);
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 1000);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    expect(await lost).toMatchObject({ reason: 'upgraded' });
    expect(store.lost?.message).toMatch(/newer version of this app/);
    newer.close();
  });

  it('closed by the browser (site data cleared): reason "closed"', async () => {
    const store = await openTestStore();
    const lost = lossOf(store);
    // What the browser does when it force-closes a connection: the connection's close event.
    const idb = testDb(store).backendDB() as IDBDatabase & { onclose: ((ev: Event) => void) | null };
    idb.onclose?.(new Event('close'));
    expect(await lost).toMatchObject({ reason: 'closed' });
  });

  it('closing the store on purpose is not a loss', async () => {
    const store = await openTestStore();
    let lost: StoreLoss | null = null;
    store.onLost((l) => { lost = l; });
    store.close();
    await new Promise((r) => setTimeout(r, 10));
    expect(lost).toBeNull();
    expect(store.lost).toBeNull();
  });
});

/**
 * In the page the search index lives in a worker with its own connection (issue 12): the loss must
 * close that one for good too, or the worker's next read would recreate the database.
 */
describe('the database changed under the search worker', () => {
  it('deleted elsewhere: the worker\'s own connection stays closed, and its requests recreate nothing', async () => {
    const seed = await openTestStore();
    await seed.add('Our brand voice is warm and plain', { infer: false, category: 'company.brand_core' });
    const name = testDb(seed).name;
    seed.close();
    const answers: IndexWorkerResponse[] = [];
    const handle = createIndexWorkerHandler((m) => answers.push(m), { openDb: (n) => createMemoryDb(n, FAKE_IDB) });
    await handle({ type: 'open', id: 1, dbName: name, space: null });
    await new Dexie(name, FAKE_IDB).delete();
    expect(await databaseNames()).not.toContain(name);

    // Each would read the table; Dexie alone would reopen (and create) the database for it.
    await handle({ type: 'load', id: 2, space: null });
    await handle({ type: 'apply', id: 3, change: { refresh: ['x'] } });
    await handle({ type: 'import', id: 4, input: { format: 'memory-router-export', version: 1, memories: [], history: [], conversations: [] }, opts: {} });
    const errors = answers.filter((a) => a.type === 'error');
    expect(errors.map((e) => e.id)).toEqual([2, 3, 4]);
    for (const e of errors) expect(e).toMatchObject({ error: { code: 'STORAGE_UNAVAILABLE', message: expect.stringMatching(/deleted in another tab/) } });
    expect(await databaseNames()).not.toContain(name);
    await handle({ type: 'close', id: 5 });
  });

  it('a store whose database is lost closes its search worker; later calls fail instead of waiting', async () => {
    let worker: ReturnType<typeof inProcessIndexWorker> | null = null;
    const store = await openTestStore({ searchWorker: () => (worker = inProcessIndexWorker()) });
    await store.add('Our brand voice is warm and plain', { infer: false, category: 'company.brand_core' });
    const name = testDb(store).name;
    const lost = lossOf(store);
    await new Dexie(name, FAKE_IDB).delete();
    expect(await lost).toMatchObject({ reason: 'deleted' });
    await expect(store.overview()).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    await expect(store.search('brand voice')).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    await new Promise((r) => setTimeout(r, 20));
    expect(worker!.requests.at(-1)?.type).toBe('close');
    expect(worker!.terminated).toBe(true);
    expect(await databaseNames()).not.toContain(name);
  });
});
