/**
 * Scope guards and argument checks of MemoryStore (issue 14): bulk deletes need a user or an
 * explicit { all: true }, user ids are trimmed and blank ones refused everywhere, limits and
 * thresholds are checked, and a threshold means the same 0-1 relevance in every search mode.
 */
import { describe, expect, it } from 'vitest';
import { RouterError } from '../../src/core/errors';
import { Bm25Index } from '../../src/memory/search';
import { HashedBagOfWordsTestEmbedder, manualClock, openTestStore, testDb } from './helpers';

async function rejectsWith(p: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(RouterError);
  expect((err as RouterError).code).toBe(code);
  if (message) expect((err as RouterError).message).toMatch(message);
}

async function twoUsers() {
  const store = await openTestStore();
  await store.add('USER: Our brand voice is warm and plain. Please keep answers concise.', { userId: 'ann' });
  await store.add('I lead the growth team as marketing director', { infer: false, userId: 'bob' });
  return store;
}

const rows = async (store: Awaited<ReturnType<typeof openTestStore>>) => {
  const db = testDb(store);
  return { memories: await db.memories.count(), history: await db.history.count(), conversations: await db.conversations.count() };
};

describe('bulk deletes need a scope', () => {
  it('deleteAll({}) and deleteAll() throw a clear error and delete nothing', async () => {
    const store = await twoUsers();
    const before = await rows(store);
    expect(before.memories).toBe(3);
    await rejectsWith(store.deleteAll({}), 'WRONG_SCHEMA', /deleteAll needs a scope: pass \{ userId \}.*or \{ all: true \}.*Nothing was deleted/);
    await rejectsWith(store.deleteAll(), 'WRONG_SCHEMA');
    await rejectsWith(store.deleteAll({ all: false }), 'WRONG_SCHEMA');
    expect(await rows(store)).toEqual(before);
    expect(store.size).toBe(3);
    store.close();
  });

  it('deleteAll({ userId }) deletes that user only (the id trimmed); filters narrow it; { all: true } deletes everyone', async () => {
    const store = await twoUsers();
    expect(await store.deleteAll({ userId: ' ann ', filters: { category: 'user.communication_style' } })).toBe(1);
    expect((await store.getAll()).map((m) => m.userId).sort()).toEqual(['ann', 'bob']);
    expect(await store.deleteAll({ userId: 'ann' })).toBe(1);
    expect((await store.getAll()).map((m) => m.userId)).toEqual(['bob']);
    expect(await store.deleteAll({ all: true })).toBe(1);
    expect(store.size).toBe(0);
    store.close();
  });

  it('reset() is refused; reset({ userId }) removes one user\'s memories, history and conversations; reset({ all: true }) everything', async () => {
    const store = await twoUsers();
    const before = await rows(store);
    await rejectsWith(store.reset(undefined as never), 'WRONG_SCHEMA', /reset needs a scope/);
    await rejectsWith(store.reset({} as never), 'WRONG_SCHEMA');
    expect(await rows(store)).toEqual(before);
    await store.reset({ userId: 'ann' });
    expect(await rows(store)).toEqual({ memories: 1, history: 1, conversations: 0 });
    expect((await store.getAll()).map((m) => m.userId)).toEqual(['bob']);
    expect((await store.search('brand voice')).results).toEqual([]);
    await store.reset({ all: true });
    expect(await rows(store)).toEqual({ memories: 0, history: 0, conversations: 0 });
    store.close();
  });

  it('importAll in replace mode (which empties the store first) needs { all: true }; merge is the default', async () => {
    const store = await twoUsers();
    const file = await store.exportAll();
    await store.add('We use HubSpot for email', { infer: false, userId: 'carl' });
    const before = await rows(store);
    await rejectsWith(store.importAll(file, { mode: 'replace' }), 'WRONG_SCHEMA', /replace mode deletes every user's memories first.*Nothing was changed/);
    expect(await rows(store)).toEqual(before);
    await store.importAll(file);
    expect((await rows(store)).memories).toBe(4); // merged: carl's memory stays
    await store.importAll(file, { mode: 'replace', all: true });
    expect((await store.getAll()).map((m) => m.userId).sort()).toEqual(['ann', 'ann', 'bob']);
    store.close();
  });

  it('purgeExpired needs a scope too', async () => {
    const clock = manualClock();
    const store = await openTestStore({ now: clock.now });
    await store.add('We discussed the launch yesterday on the last call', { infer: false, category: 'user.session_history', userId: 'ann' });
    clock.advanceDays(30);
    await rejectsWith(store.purgeExpired(), 'WRONG_SCHEMA');
    expect(await store.purgeExpired({ userId: 'bob' })).toBe(0);
    expect(await store.purgeExpired({ userId: 'ann' })).toBe(1);
    store.close();
  });
});

describe('user ids', () => {
  it('are trimmed on the way in and in every filter; blank or non-text ids are refused', async () => {
    const store = await openTestStore();
    const r = await store.add('We use HubSpot for email', { infer: false, userId: '  ann\t' });
    expect((await store.get(r.results[0].id))?.userId).toBe('ann');
    expect(await store.getAll({ userId: ' ann ' })).toHaveLength(1);
    expect((await store.search('hubspot', { userId: 'ann  ' })).results).toHaveLength(1);
    for (const bad of ['', '   ', '\t\n']) {
      await rejectsWith(store.add('We use HubSpot for email', { infer: false, userId: bad }), 'WRONG_SCHEMA', /Invalid userId: cannot be empty/);
      await rejectsWith(store.getAll({ userId: bad }), 'WRONG_SCHEMA');
      await rejectsWith(store.search('hubspot', { userId: bad }), 'WRONG_SCHEMA');
      await rejectsWith(store.deleteAll({ userId: bad }), 'WRONG_SCHEMA');
    }
    await rejectsWith(store.ingest([{ turns: [{ role: 'user', content: 'x' }], facts: [], userId: ' ' }]), 'WRONG_SCHEMA');
    await rejectsWith(store.getAll({ userId: {} as never }), 'WRONG_SCHEMA', /expected text/);
    expect(await store.getAll()).toHaveLength(1);
    store.close();
  });
});

describe('limits and thresholds', () => {
  it('refuses negative or fractional limits and thresholds outside 0-1; accepts the edges', async () => {
    const store = await openTestStore();
    await store.add('Our brand voice is warm and plain', { infer: false });
    for (const limit of [-1, -5, 1.5, Number.NaN]) {
      await rejectsWith(store.search('brand', { limit }), 'WRONG_SCHEMA', /Invalid limit/);
      await rejectsWith(store.getAll({ limit }), 'WRONG_SCHEMA', /Invalid limit/);
    }
    for (const threshold of [-0.1, 1.1, 1.5, Number.NaN]) {
      await rejectsWith(store.search('brand', { threshold }), 'WRONG_SCHEMA', /Invalid threshold/);
    }
    expect((await store.search('brand', { limit: 0 })).results).toEqual([]);
    expect((await store.search('brand', { threshold: 0 })).results).toHaveLength(1);
    expect((await store.search('brand', { threshold: 1 })).results.every((r) => r.relevance === 1)).toBe(true);
    store.close();
  });

  it('keyword mode compares BM25 divided by what a full match of the query scores, not raw BM25', async () => {
    const store = await openTestStore();
    await store.add('Our brand voice is warm, plain and never salesy', { infer: false, category: 'company.brand_core' });
    await store.add('The brand guide lives in Notion', { infer: false, category: 'company.knowledge_artifacts' });
    await store.add('Weekly report goes out on Mondays', { infer: false, category: 'user.workflow_patterns' });
    const query = 'warm salesy brand';
    const { results, mode } = await store.search(query);
    expect(mode).toBe('keyword');
    expect(results.map((r) => r.text)).toEqual(['Our brand voice is warm, plain and never salesy', 'The brand guide lives in Notion']);
    // The same index, built by hand: relevance is score / fullMatchScore(query) = score x (k1 + 1) / maxScore(query).
    const bm25 = new Bm25Index();
    for (const m of await store.getAll()) bm25.add(m.id, m.text);
    for (const r of results) expect(r.relevance).toBeCloseTo(Math.min(1, (r.score * 2.2) / bm25.maxScore(query)), 9);
    // Matching every word scores near 1; matching only "brand" (in two of three memories) stays low.
    expect(results[0].relevance).toBeGreaterThan(0.75);
    expect(results[1].relevance).toBeLessThan(0.25);
    expect((await store.search(query, { threshold: 0.5 })).results.map((r) => r.text)).toEqual(['Our brand voice is warm, plain and never salesy']);
    store.close();
  });

  it('hybrid relevance is the fused score over its maximum, so it is 0-1', async () => {
    const store = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder() });
    await store.add('Our brand voice is warm, plain and never salesy', { infer: false, category: 'company.brand_core' });
    const [hit] = (await store.search('Our brand voice is warm, plain and never salesy')).results;
    // Fused score = cosine + BM25 / maxScore (keyword weight 1), at most 2.
    expect(hit.relevance).toBeCloseTo(hit.score / 2, 9);
    expect(hit.similarity).toBeCloseTo(1, 6);
    expect(hit.relevance).toBeGreaterThan(0.5);
    expect(hit.relevance).toBeLessThanOrEqual(1);
    store.close();
  });
});

describe('explicit expiry and metadata merges', () => {
  it('metadata.expiration_date (YYYY-MM-DD) replaces the horizon; the memory lives through that day; clearing it restores the horizon', async () => {
    const clock = manualClock(Date.UTC(2025, 5, 10, 12));
    const store = await openTestStore({ now: clock.now });
    const r = await store.add('Our brand voice is warm', { infer: false, category: 'company.brand_core', metadata: { expiration_date: '2025-06-10' } });
    const id = r.results[0].id;
    expect((await store.get(id))?.expiresAt).toBe(Date.UTC(2025, 5, 11));
    expect(await store.getAll()).toHaveLength(1); // expiring today: not yet expired
    clock.advanceDays(1);
    expect(await store.getAll()).toHaveLength(0);
    expect((await store.get(id))?.expired).toBe(true);
    await store.update(id, { mergeMetadata: { expiration_date: null } });
    expect((await store.get(id))?.expiresAt).toBeNull(); // brand core never expires
    expect((await store.get(id))?.metadata).toEqual({ expiration_date: null });
    store.close();
  });

  it('update merges mergeMetadata into the metadata and replaces it with metadata', async () => {
    const store = await openTestStore();
    const r = await store.add('We use HubSpot for email', { infer: false, metadata: { source: 'chat', tag: 'tools' } });
    const id = r.results[0].id;
    expect((await store.update(id, { mergeMetadata: { tag: 'crm', checked: true } })).metadata).toEqual({ source: 'chat', tag: 'crm', checked: true });
    expect((await store.update(id, { metadata: { only: 1 } })).metadata).toEqual({ only: 1 });
    store.close();
  });
});

describe('conversation metadata', () => {
  it('is stored with the conversation record and survives export and import', async () => {
    const store = await openTestStore();
    const [r] = await store.ingest([{
      turns: [{ role: 'user', content: 'Our brand voice is warm and plain.' }],
      facts: [{ text: 'Our brand voice is warm and plain.', category: 'company.brand_core' }],
      userId: 'ann', conversationMetadata: { title: 'Brand voice', format: 'chatgpt-export', createdAt: 1736935200000 },
    }]);
    expect((await store.getConversation(r.conversationId as string))?.metadata).toEqual({ title: 'Brand voice', format: 'chatgpt-export', createdAt: 1736935200000 });
    const file = await store.exportAll();
    await store.reset({ all: true });
    await store.importAll(file);
    expect((await store.getConversation(r.conversationId as string))?.metadata?.title).toBe('Brand voice');
    store.close();
  });
});
