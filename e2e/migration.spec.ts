/**
 * A store written by the previous app version (schema v2, as Dexie created it in Chromium) is opened
 * by this one: Dexie upgrades it to v3 in the browser, every row is still there and searchable, and
 * the indexes v3 dropped are gone. The v2 database is built with plain IndexedDB on a page of the
 * same origin that does not run the app, exactly as Dexie 4 lays it out (IndexedDB version = Dexie
 * version x 10, one object store per table, indexes named by their key path).
 */
import { expect, test, type Page } from '@playwright/test';
import { openMemories, search } from './support/app';

const V2 = {
  memories: { key: 'id', indexes: ['userId', 'category', '[userId+category]', 'hash', 'expiresAt', 'updatedAt', 'sourceConversationId', '[userId+category+hash]', 'reviewAt'] },
  conversations: { key: 'id', indexes: ['userId', 'createdAt'] },
  history: { key: 'id', indexes: ['memoryId', 'userId', 'createdAt'] },
};

async function writeV2Store(page: Page): Promise<void> {
  await page.route('**/e2e-old-app.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>old app</title>' }));
  await page.goto('/e2e-old-app.html');
  await page.evaluate(async (schema) => {
    const keyPath = (name: string) => (name.startsWith('[') ? name.slice(1, -1).split('+') : name);
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('memory-router', 20);
      req.onupgradeneeded = () => {
        for (const [table, { key, indexes }] of Object.entries(schema)) {
          const store = req.result.createObjectStore(table, { keyPath: key });
          for (const name of indexes) store.createIndex(name, keyPath(name));
        }
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const now = Date.UTC(2026, 10, 1);
    const memories = [
      ['m-voice', 'Our brand voice is warm and plain, never sarcastic.', 'company.brand_core', 'company', 'long'],
      ['m-crm', 'We keep our contacts in HubSpot and sync them to Salesforce nightly.', 'company.tools_config', 'company', 'medium'],
    ].map(([id, text, category, scope, persistence]) => ({
      id, text, category, scope, persistence, userId: 'default', metadata: {}, createdAt: now, updatedAt: now,
      expiresAt: null, reviewAt: null, pinned: false, hash: id.padEnd(64, '0'), embedding: null, embeddingModel: null,
      embeddingDim: null, sourceConversationId: null,
    }));
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['memories', 'history'], 'readwrite');
      for (const m of memories) {
        tx.objectStore('memories').put(m);
        tx.objectStore('history').put({ id: `h-${m.id}`, memoryId: m.id, userId: 'default', event: 'ADD', oldText: null, newText: m.text, oldCategory: null, newCategory: m.category, reason: 'add', createdAt: now });
      }
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, V2);
}

/** The database's version and the index names of each table, read without Dexie. */
async function layout(page: Page): Promise<{ version: number; indexes: Record<string, string[]> }> {
  await page.goto('/e2e-old-app.html');
  return page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('memory-router');
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction(['memories', 'history', 'conversations'], 'readonly');
      const indexes = Object.fromEntries(['memories', 'history', 'conversations'].map((t) => [t, [...tx.objectStore(t).indexNames].sort()]));
      db.close();
      resolve({ version: db.version, indexes });
    };
    req.onerror = () => reject(req.error);
  }));
}

test('a v2 store from the previous version opens upgraded to v3: every memory listed and found, the unread indexes dropped', async ({ page }) => {
  await writeV2Store(page);
  await openMemories(page);
  await expect(page.getByTestId('store-total')).toHaveText('2');
  await search(page, 'which system holds our contacts');
  await expect(page.getByTestId('search-results').getByTestId('memory-text').first()).toContainText('HubSpot');
  await search(page, 'brand voice');
  await expect(page.getByTestId('search-results').getByTestId('memory-text').first()).toContainText('warm and plain');

  const after = await layout(page);
  expect(after.version).toBe(30);
  expect(after.indexes).toEqual({
    memories: ['[userId+category+hash]', '[userId+category]', 'category', 'reviewAt', 'updatedAt'],
    history: ['memoryId', 'userId'],
    conversations: ['userId'],
  });
});
