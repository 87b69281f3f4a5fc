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
import { FAKE_IDB, openTestStore, testDb } from './helpers';

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
