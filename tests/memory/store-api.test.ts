import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbedLiteEmbedder } from '../../src/embed/embed-lite';
import { RouterError } from '../../src/core/errors';
import { HashedBagOfWordsTestEmbedder, openTestStore, testDb } from './helpers';

const CONVERSATION = [
  { role: 'user', content: 'Our brand voice is warm, plain and never salesy. Please keep answers concise with bullet points.' },
  { role: 'assistant', content: 'Understood: warm, plain brand voice and concise bullet answers.' },
  { role: 'user', content: 'Thanks! Also, the Q3 campaign budget is $50k.' },
];

async function rejectsWith(p: Promise<unknown>, code: string): Promise<RouterError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(RouterError);
  expect((err as RouterError).code).toBe(code);
  return err as RouterError;
}

describe('add', () => {
  it('extracts one memory per fact from a conversation, with categories, and saves the conversation', async () => {
    const store = await openTestStore();
    const res = await store.add(CONVERSATION, { userId: 'ann', metadata: { project: 'launch' } });
    expect(res.results.map((r) => [r.event, r.category, r.memory])).toEqual([
      ['ADD', 'company.brand_core', 'Our brand voice is warm, plain and never salesy.'],
      ['ADD', 'user.communication_style', 'Please keep answers concise with bullet points.'],
      ['ADD', 'company.business_priorities', 'Also, the Q3 campaign budget is $50k.'],
    ]);
    const conv = await store.getConversation(res.conversationId as string);
    expect(conv?.turns).toHaveLength(3);
    expect(conv?.memoryIds).toEqual(res.results.map((r) => r.id));
    const m = await store.get(res.results[0].id);
    expect(m).toMatchObject({ userId: 'ann', scope: 'company', persistence: 'long', metadata: { project: 'launch' }, sourceConversationId: res.conversationId });
    expect(m).not.toHaveProperty('embedding');
    store.close();
  });

  it('stores the text as one memory with infer=false: category from option, metadata, then classifier', async () => {
    const store = await openTestStore();
    const a = await store.add('Weekly report goes out on Mondays', { infer: false, category: 'user.workflow_patterns' });
    const b = await store.add('We use HubSpot for email', { infer: false, metadata: { category: 'company.tools_config' } });
    const c = await store.add('Our conversion rate on paid social was 2.1% last quarter', { infer: false });
    expect([a, b, c].map((r) => r.results[0].category)).toEqual(['user.workflow_patterns', 'company.tools_config', 'company.business_priorities']);
    expect(a.conversationId).toBeUndefined();
    await rejectsWith(store.add('x y z', { infer: false, category: 'none' as never }), 'WRONG_SCHEMA');
    store.close();
  });

  it('picks the best-scored category when the classifier answers none for infer=false', async () => {
    const store = await openTestStore();
    const r = await store.add('just a plain note without keywords', { infer: false });
    // fakeClassify scores every non-matching rule 0.05: the first rule's category wins the tie.
    expect(r.results[0].category).toBe('company.brand_core');
    store.close();
  });

  it('refuses bad input with a typed error and stores nothing', async () => {
    const store = await openTestStore();
    await rejectsWith(store.add('   '), 'EMPTY_INPUT');
    await rejectsWith(store.add([{ role: 'user' }] as never), 'WRONG_SCHEMA');
    await rejectsWith(store.add('x'.repeat(100_001)), 'INPUT_TOO_LARGE');
    await rejectsWith(store.add('a'.repeat(20_001), { infer: false, category: 'company.brand_core' }), 'INPUT_TOO_LARGE');
    expect(await store.getAll({ filters: { includeExpired: true } })).toEqual([]);
    store.close();
  });

  it('needs a classifier to infer facts, and says so', async () => {
    const store = await openTestStore({ classify: null });
    const err = await rejectsWith(store.add('Our brand voice is warm'), 'ENGINE_NOT_READY');
    expect(err.message).toMatch(/infer: false/);
    await rejectsWith(store.add('Our brand voice is warm', { infer: false }), 'WRONG_SCHEMA');
    store.close();
  });
});

describe('addMany', () => {
  it('writes many conversations in one transaction, dedups across them, and reports unreadable items', async () => {
    const store = await openTestStore();
    const progress: number[] = [];
    const out = await store.addMany([
      { messages: CONVERSATION, options: { userId: 'ann' } },
      { messages: '   ' },
      { messages: 'USER: Our brand voice is warm, plain and never salesy.', options: { userId: 'ann' } },
      { messages: 'We use HubSpot for email', options: { infer: false } },
    ], { onProgress: (p) => progress.push(p.done) });
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(out.errors.map((e) => [e.index, e.error.code])).toEqual([[1, 'EMPTY_INPUT']]);
    expect(out.results[1]).toBeNull();
    expect(out.results[0]?.results).toHaveLength(3);
    expect(out.results[2]?.results[0]).toMatchObject({ event: 'NONE', id: out.results[0]?.results[0].id });
    expect(out.results[3]?.results[0].category).toBe('company.tools_config');
    expect(await testDb(store).memories.count()).toBe(4);
    expect(await testDb(store).conversations.count()).toBe(2);
    store.close();
  });

  it('saves nothing of the batch when the one transaction fails', async () => {
    const store = await openTestStore();
    const table = testDb(store).conversations;
    const original = table.add.bind(table);
    let calls = 0;
    table.add = ((...args: Parameters<typeof table.add>) => (++calls === 2 ? Promise.reject(new DOMException('quota', 'QuotaExceededError')) : original(...args))) as typeof table.add;
    const err = await rejectsWith(store.addMany([{ messages: CONVERSATION }, { messages: 'USER: We use HubSpot for email marketing.' }]), 'STORAGE_FULL');
    expect(err.message).toMatch(/nothing was saved/);
    table.add = original;
    expect(await testDb(store).memories.count()).toBe(0);
    expect(await testDb(store).conversations.count()).toBe(0);
    expect(await testDb(store).history.count()).toBe(0);
    store.close();
  });
});

describe('get, getAll, update, delete, history', () => {
  it('covers the read and write methods', async () => {
    const store = await openTestStore();
    const { results } = await store.add(CONVERSATION, { userId: 'ann' });
    await store.add('I lead the growth team as marketing director', { infer: false, userId: 'bob' });
    expect(await store.get('no-such-id')).toBeNull();

    expect((await store.getAll({ userId: 'ann' })).map((m) => m.id).sort()).toEqual(results.map((r) => r.id).sort());
    expect((await store.getAll()).length).toBe(4);
    expect((await store.getAll({ userId: 'ann', filters: { scope: 'user' } })).map((m) => m.category)).toEqual(['user.communication_style']);
    expect((await store.getAll({ filters: { category: ['company.brand_core', 'user.role_context'] } })).length).toBe(2);
    expect(await store.getAll({ limit: 1 })).toHaveLength(1);

    const id = results[2].id;
    const updated = await store.update(id, 'The Q3 campaign budget is $60k.');
    expect(updated.text).toBe('The Q3 campaign budget is $60k.');
    const moved = await store.update(id, { category: 'company.performance_context', metadata: { checked: true } });
    expect(moved).toMatchObject({ category: 'company.performance_context', scope: 'company', persistence: 'rolling', metadata: { checked: true } });
    await store.delete(id);
    expect(await store.get(id)).toBeNull();
    const log = await store.history(id);
    expect(log.map((h) => [h.event, h.oldText, h.newText])).toEqual([
      ['ADD', null, 'Also, the Q3 campaign budget is $50k.'],
      ['UPDATE', 'Also, the Q3 campaign budget is $50k.', 'The Q3 campaign budget is $60k.'],
      ['UPDATE', 'The Q3 campaign budget is $60k.', 'The Q3 campaign budget is $60k.'],
      ['DELETE', 'The Q3 campaign budget is $60k.', null],
    ]);
    expect(log[2]).toMatchObject({ oldCategory: 'company.business_priorities', newCategory: 'company.performance_context' });

    await rejectsWith(store.update(id, 'again'), 'NOT_FOUND');
    await rejectsWith(store.delete(id), 'NOT_FOUND');
    await rejectsWith(store.update(results[0].id, '  '), 'EMPTY_INPUT');
    store.close();
  });

  it('deleteAll removes one user (or everyone) and logs a DELETE per memory; reset empties every table', async () => {
    const store = await openTestStore();
    const ann = await store.add(CONVERSATION, { userId: 'ann' });
    await store.add('I lead the growth team as marketing director', { infer: false, userId: 'bob' });
    expect(await store.deleteAll({ userId: 'ann' })).toBe(3);
    expect((await store.getAll()).map((m) => m.userId)).toEqual(['bob']);
    expect((await store.history(ann.results[0].id)).map((h) => h.reason)).toEqual(['add', 'delete-all']);
    expect((await store.search('brand voice')).results).toEqual([]);
    expect(await store.deleteAll({ all: true })).toBe(1);
    await store.add('I lead the growth team as marketing director', { infer: false });
    await store.reset({ all: true });
    expect(await testDb(store).memories.count()).toBe(0);
    expect(await testDb(store).history.count()).toBe(0);
    expect(await testDb(store).conversations.count()).toBe(0);
    expect(store.size).toBe(0);
    store.close();
  });
});

describe('search', () => {
  it('works keyword-only without an embedder, with userId, filters and limit', async () => {
    const store = await openTestStore();
    await store.add(CONVERSATION, { userId: 'ann' });
    await store.add('Our brand voice for the outlet store is playful', { infer: false, userId: 'bob', category: 'company.brand_core' });
    const res = await store.search('brand voice', { userId: 'ann' });
    expect(res.mode).toBe('keyword');
    expect(res.results.map((r) => r.text)).toEqual(['Our brand voice is warm, plain and never salesy.']);
    expect((await store.search('brand voice')).results).toHaveLength(2);
    expect((await store.search('brand voice', { limit: 1 })).results).toHaveLength(1);
    expect((await store.search('brand voice', { filters: { category: 'user.communication_style' } })).results).toEqual([]);
    expect((await store.search('brand voice', { mode: 'vector' })).mode).toBe('keyword');
    await rejectsWith(store.search(' '), 'EMPTY_INPUT');
    store.close();
  });

  it('is hybrid with an embedder; threshold is a 0-1 relevance floor in every mode; modes can be forced', async () => {
    const store = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder() });
    await store.add(CONVERSATION);
    const hybrid = await store.search('warm brand voice');
    expect(hybrid.mode).toBe('hybrid');
    expect(hybrid.results[0].text).toMatch(/brand voice/);
    expect(hybrid.results[0].similarity).toBeGreaterThan(0.3);
    // Words of all three memories, so every mode ranks more than one.
    const query = 'warm plain brand voice, concise answers, campaign budget';
    for (const mode of ['hybrid', 'vector', 'keyword'] as const) {
      const all = (await store.search(query, { mode })).results;
      expect(all.length).toBe(3);
      expect(all.every((r) => r.relevance >= 0 && r.relevance <= 1)).toBe(true);
      // Relevance keeps the order of the results, so a floor cuts a tail of the list.
      expect(all.map((r) => r.relevance)).toEqual([...all.map((r) => r.relevance)].sort((a, b) => b - a));
      const floor = (all[0].relevance + all[all.length - 1].relevance) / 2;
      const floored = (await store.search(query, { mode, threshold: floor })).results;
      expect(floored.length).toBeGreaterThan(0);
      expect(floored.length).toBeLessThan(all.length);
      expect(floored.every((r) => r.relevance >= floor)).toBe(true);
    }
    const vector = await store.search('warm brand voice', { mode: 'vector', limit: 1 });
    expect(vector.mode).toBe('vector');
    expect(vector.results[0].score).toBeCloseTo(vector.results[0].similarity as number, 6);
    expect(vector.results[0].relevance).toBeCloseTo(vector.results[0].similarity as number, 6);
    expect((await store.search('metadata filter', { filters: { metadata: { nope: 1 } } })).results).toEqual([]);
    store.close();
  });

  it('sees writes from another store on the same database (another tab)', async () => {
    const tabA = await openTestStore();
    const tabB = await openTestStore({ dbName: tabA.dbName });
    const added = await tabA.add('Our brand voice is warm and plain', { infer: false });
    await until(async () => (await tabB.search('brand voice')).results.length === 1);
    await tabA.update(added.results[0].id, 'Our brand tone is dry and witty');
    await until(async () => (await tabB.search('witty')).results.length === 1);
    await tabA.delete(added.results[0].id);
    await until(async () => tabB.size === 0);
    await tabB.add('We use HubSpot for email', { infer: false });
    await tabA.reset({ all: true });
    await until(async () => tabB.size === 0);
    tabA.close();
    tabB.close();
  });
});

async function until(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('embedder changes', () => {
  it('stores model id and dimension, ignores other models\' vectors, and re-embeds them', async () => {
    const first = new HashedBagOfWordsTestEmbedder(64, 'first');
    const store = await openTestStore({ embedder: first });
    const { results } = await store.add(CONVERSATION);
    const raw = await testDb(store).memories.get(results[0].id);
    expect(raw).toMatchObject({ embeddingModel: first.id, embeddingDim: 64 });
    expect(raw?.embedding).toBeInstanceOf(Float32Array);

    const second = new HashedBagOfWordsTestEmbedder(128, 'second');
    await store.setEmbedder(second, { reembed: false });
    expect(await store.staleEmbeddingIds()).toHaveLength(3);
    // Vectors of the old model are not searched: only keyword search answers until re-embedding.
    expect((await store.search('brand voice')).mode).toBe('keyword');
    const progress: number[] = [];
    expect(await store.reembedStale({ onProgress: (p) => progress.push(p.done) })).toBe(3);
    expect(progress).toEqual([0, 3]);
    expect(await store.staleEmbeddingIds()).toEqual([]);
    expect((await testDb(store).memories.get(results[0].id))).toMatchObject({ embeddingModel: second.id, embeddingDim: 128 });
    expect((await store.search('brand voice')).mode).toBe('hybrid');

    await store.setEmbedder(null);
    expect((await store.search('brand voice')).mode).toBe('keyword');
    expect(store.dedupThreshold).toBeGreaterThan(0);
    store.close();
  });

  it('re-embeds at open when the stored vectors belong to another embedder', async () => {
    const a = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder(64, 'old') });
    await a.add(CONVERSATION);
    a.close();
    const b = await openTestStore({ dbName: a.dbName, embedder: new HashedBagOfWordsTestEmbedder(32, 'new') });
    expect(await b.staleEmbeddingIds()).toEqual([]);
    expect((await b.getAll()).every((m) => m.embeddingModel === 'test-bow-new@32')).toBe(true);
    b.close();
  });
});

const EMBED_LITE = resolve(__dirname, '../../public/models/embed-lite.bin');

describe('with the real embed-lite embedder', () => {
  it.skipIf(!existsSync(EMBED_LITE))('loads it when given unloaded, stores its id and finds memories by meaning', async () => {
    const store = await openTestStore();
    await store.add(CONVERSATION);
    const lite = new EmbedLiteEmbedder(async () => new Uint8Array(readFileSync(EMBED_LITE)));
    await store.setEmbedder(lite);
    expect(lite.dimension).toBeGreaterThan(0);
    expect(store.embedder?.id).toMatch(/^embed-lite@/);
    expect(await store.staleEmbeddingIds()).toEqual([]);
    const res = await store.search('how much money can we spend this quarter', { mode: 'vector', limit: 1 });
    expect(res.results[0].category).toBe('company.business_priorities');
    store.close();
  });

  it('refuses an embedder that never reports a dimension', async () => {
    const store = await openTestStore();
    const broken = { id: 'broken', dimension: 0, load: async () => {}, embed: async () => [] };
    await rejectsWith(store.setEmbedder(broken), 'ENGINE_NOT_READY');
    expect(store.embedder).toBeNull();
    store.close();
  });
});

describe('storage full', () => {
  it('maps QuotaExceededError to STORAGE_FULL and saves nothing (memory and history together)', async () => {
    const store = await openTestStore();
    const table = testDb(store).history;
    const original = table.add.bind(table);
    table.add = (() => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))) as unknown as typeof table.add;
    const err = await rejectsWith(store.add('Our brand voice is warm and plain', { infer: false }), 'STORAGE_FULL');
    expect(err.message).toBe('Storage is full: export your memories, delete old ones, or free disk space; nothing was saved.');
    table.add = original;
    expect(await testDb(store).memories.count()).toBe(0);
    expect(store.size).toBe(0);
    // The store still works afterwards.
    expect((await store.add('Our brand voice is warm and plain', { infer: false })).results[0].event).toBe('ADD');
    store.close();
  });
});
