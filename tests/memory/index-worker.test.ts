/**
 * What the search worker adds to the in-process index: the quick list it answers the Memories
 * page with while it loads (it must list exactly what the loaded index lists), imports read and
 * written in the worker, and change events for the page when another tab writes.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LiteWorkerEmbedder, type LiteWorkerLike } from '../../src/embed/lite-worker-client';
import { createLiteWorkerHandler } from '../../src/embed/lite-worker-handler';
import type { LiteWorkerRequest, LiteWorkerResponse } from '../../src/embed/lite-worker-protocol';
import { LITE_MODEL, liteModelSource } from '../embed/lite-model-file';
import { createMemoryDb } from '../../src/memory/db';
import { MemoryIndex, type FilterSpec } from '../../src/memory/memory-index';
import { loadIndex } from '../../src/memory/index-load';
import { quickCanAnswer, quickOverview, readQuickList } from '../../src/memory/quick-overview';
import { makeMemoryRecord } from '../../src/memory/records';
import { contentHash } from '../../src/memory/hash';
import { MEMORY_CATEGORIES } from '../../src/core/taxonomy';
import { RouterError, serializeError } from '../../src/core/errors';
import { FAKE_IDB, HashedBagOfWordsTestEmbedder, openTestStore } from './helpers';
import { inProcessIndexWorker } from './in-process-index-worker';
import { createIndexWorkerHandler } from '../../src/memory/index-worker-handler';

let seq = 0;

describe('the quick list (database index keys only)', () => {
  it('lists what the loaded index lists, in the same order, ties in updatedAt included', async () => {
    const db = createMemoryDb(`quick-${process.pid}-${++seq}`, FAKE_IDB);
    await db.open();
    const rows = [];
    for (let i = 0; i < 120; i++) {
      const text = `memory number ${i}`;
      // Three memories per timestamp: one save writes several at once.
      rows.push(makeMemoryRecord({ text, category: MEMORY_CATEGORIES[(i * 5) % 12], userId: i % 2 ? 'ann' : 'bob', hash: await contentHash(text) }, 1_000 + Math.floor(i / 3)));
    }
    await db.memories.bulkAdd(rows);
    const index = new MemoryIndex();
    await loadIndex(index, db, null);
    const quick = await readQuickList(db);
    const specs: FilterSpec[] = [
      { now: 0, includeExpired: true },
      { now: 0, includeExpired: true, scope: 'user' },
      { now: 0, includeExpired: true, category: 'company.tools_config' },
      { now: 0, includeExpired: true, category: ['company.brand_core', 'user.role_context'] },
    ];
    for (const spec of specs) {
      expect(quickCanAnswer(spec)).toBe(true);
      expect(quickOverview(quick, spec)).toEqual(index.overview(spec));
    }
    expect(quickCanAnswer({ now: 0, includeExpired: false })).toBe(false);
    expect(quickCanAnswer({ now: 0, includeExpired: true, userId: 'ann' })).toBe(false);
    db.close();
  });
});

describe('MemoryIndex.upsert', () => {
  it('says the list changed for a new memory or a new text, not for a new vector only (re-embedding)', async () => {
    const index = new MemoryIndex();
    index.setSpace({ id: 'v', dimension: 2 });
    const m = makeMemoryRecord({ text: 'We use HubSpot', category: 'company.tools_config', userId: 'ann', hash: await contentHash('We use HubSpot') }, 1);
    expect(index.upsert(m)).toBe(true);
    expect(index.staleIds()).toEqual([m.id]);
    expect(index.upsert({ ...m, embedding: new Float32Array([1, 0]), embeddingModel: 'v', embeddingDim: 2 })).toBe(false);
    expect(index.staleIds()).toEqual([]);
    expect(index.upsert({ ...m, text: 'We use Salesforce', hash: await contentHash('We use Salesforce'), updatedAt: 2 })).toBe(true);
    expect(index.remove(m.id)).toBe(true);
    expect(index.remove(m.id)).toBe(false);
  });

  it('holds the vectors of the first model it meets before an embedder is known, and adopt() takes them', async () => {
    const index = new MemoryIndex();
    index.setSpace(null, { provisional: true });
    const m = makeMemoryRecord({ text: 'Brand voice: warm', category: 'company.brand_core', userId: 'ann', hash: await contentHash('Brand voice: warm'), vector: { data: new Float32Array([0, 1]), model: 'v' } }, 1);
    index.upsert(m);
    expect(index.vectorCount).toBe(0); // no embedder yet: not searchable by vector
    expect(index.adopt({ id: 'other', dimension: 2 })).toBe(false);
    expect(index.adopt({ id: 'v', dimension: 2 })).toBe(true);
    expect(index.vectorCount).toBe(1);
    const hits = await index.nearest([{ vector: new Float32Array([0, 1]), userId: 'ann', category: 'company.brand_core', k: 1 }]);
    expect(hits[0][0]).toMatchObject({ id: m.id });
    expect(hits[0][0].score).toBeCloseTo(1, 6);
  });
});

describe('the search worker', () => {
  it('answers the list while it loads, then the loaded index answers the same', async () => {
    const seed = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder(64) });
    for (let i = 0; i < 30; i++) await seed.add(`Campaign note ${i} about the spring launch`, { infer: false, category: MEMORY_CATEGORIES[i % 12] });
    const full = await seed.overview({ filters: { includeExpired: true } });
    seed.close();
    const worker = inProcessIndexWorker();
    const store = await openTestStore({ dbName: seed.dbName, embedder: new HashedBagOfWordsTestEmbedder(64), searchWorker: () => worker, reembedOnOpen: false });
    const early = await store.overview({ filters: { includeExpired: true } });
    expect(early).toEqual(full);
    expect((await store.search('spring launch', { limit: 3 })).results).toHaveLength(3);
    expect(await store.overview({ filters: { includeExpired: true } })).toEqual(full);
    expect(store.size).toBe(30);
    store.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(worker.terminated).toBe(true);
  });

  it('answers the list from the quick list before the full load has finished', async () => {
    const seed = await openTestStore();
    for (let i = 0; i < 12; i++) await seed.add(`Note ${i} on the pricing page`, { infer: false, category: MEMORY_CATEGORIES[i] });
    seed.close();
    const posted: Array<{ type: string; id: number }> = [];
    let handle: ReturnType<typeof createIndexWorkerHandler> | null = null;
    handle = createIndexWorkerHandler((m) => {
      posted.push({ type: m.type, id: m.id });
      // The moment the store may go on (the quick list is read), the page asks for its list.
      if (m.type === 'done' && m.id === 1) void handle?.({ type: 'overview', id: 2, spec: { now: Date.now(), includeExpired: true } });
    }, { openDb: (name) => createMemoryDb(name, FAKE_IDB) });
    await handle({ type: 'open', id: 1, dbName: seed.dbName, space: null });
    expect(posted).toEqual([{ type: 'done', id: 1 }, { type: 'done', id: 2 }, { type: 'changed', id: 0 }]);
    await handle({ type: 'close', id: 3 });
  });

  it('imports a file it reads itself, with the page\'s wording for a file that is not JSON', async () => {
    const source = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder(64) });
    await source.add('Our brand voice is warm and plain', { infer: false });
    await source.add('We use HubSpot for email', { infer: false });
    const file = new Blob([JSON.stringify(await source.exportAll())], { type: 'application/json' });
    source.close();
    const store = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder(64), searchWorker: inProcessIndexWorker });
    const phases: string[] = [];
    const summary = await store.importAll(file, { source: 'memories.json', onProgress: (p) => { if (p.phase) phases.push(p.phase); } });
    expect(summary).toMatchObject({ memories: { inFile: 2, added: 2 }, rehashed: 0 });
    expect(phases).toEqual(expect.arrayContaining(['Reading the file', 'Checking and saving', 'Indexing']));
    expect((await store.search('hubspot email')).results[0].text).toBe('We use HubSpot for email');
    const bad = await store.importAll(new Blob(['{"memories": [']), { source: 'broken.json' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(RouterError);
    expect((bad as RouterError).message).toMatch(/^broken\.json is not valid JSON/);
    expect(store.size).toBe(2);
    store.close();
  });

  it('exports beside a running import: the file holds the store as it is, and the import is not waited for', async () => {
    const seed = await openTestStore();
    await seed.add('Our brand voice is warm and plain', { infer: false });
    await seed.add('We use HubSpot for email', { infer: false });
    seed.close();
    const posted: Array<{ type: string; id: number; result?: unknown }> = [];
    const handle = createIndexWorkerHandler((m) => posted.push(m as never), { openDb: (name) => createMemoryDb(name, FAKE_IDB) });
    await handle({ type: 'open', id: 1, dbName: seed.dbName, space: null });
    // An import whose file never finishes reading holds the worker's queue.
    class StuckFile extends Blob {
      override arrayBuffer(): Promise<ArrayBuffer> { return new Promise(() => {}); }
    }
    void handle({ type: 'import', id: 2, input: new StuckFile(['{}']), opts: { source: 'big.json' } });
    await handle({ type: 'export', id: 3, now: Date.UTC(2026, 5, 1) });
    const answer = posted.find((m) => m.id === 3);
    expect(answer?.type).toBe('done');
    const file = answer!.result as { blob: Blob; name: string; counts: { memories: number } };
    expect(file.name).toBe('memories-2026-06-01.json');
    expect(file.counts.memories).toBe(2);
    expect(((JSON.parse(await file.blob.text()) as { memories: Array<{ text: string }> }).memories.map((m) => m.text)).sort()).toEqual(['Our brand voice is warm and plain', 'We use HubSpot for email']);
    expect(posted.some((m) => m.id === 2 && m.type !== 'progress')).toBe(false);
  });

  it('tells the page when another tab changed the list', async () => {
    const tabA = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder(64) });
    const tabB = await openTestStore({ dbName: tabA.dbName, embedder: new HashedBagOfWordsTestEmbedder(64), searchWorker: inProcessIndexWorker });
    const events: boolean[] = [];
    tabB.subscribe((e) => events.push(e.listChanged));
    await tabA.add('We use HubSpot for email', { infer: false });
    const deadline = Date.now() + 3000;
    while (!events.includes(true) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(events).toContain(true);
    expect((await tabB.overview()).shown).toBe(1);
    tabA.close();
    tabB.close();
  });
});

describe('importing a file without vectors', () => {
  it.each([['in-process', null], ['through the worker', inProcessIndexWorker]] as const)('%s: embeds in batches with progress, and a cancel keeps what was imported', async (_name, worker) => {
    const source = await openTestStore();
    for (let i = 0; i < 300; i++) await source.add(`Campaign note ${i}: the spring launch moved to week ${i}`, { infer: false, category: 'company.business_priorities' });
    const file = JSON.stringify(await source.exportAll());
    source.close();

    const store = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder(64), searchWorker: worker });
    const done: number[] = [];
    await store.importAll(file, { onProgress: (p) => { if (p.phase === 'Embedding memories') done.push(p.done); } });
    expect(done).toEqual([0, 256, 300]);
    expect(await store.staleEmbeddingIds()).toEqual([]);
    store.close();

    const again = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder(64), searchWorker: worker });
    const ctrl = new AbortController();
    // A stop during the embedding keeps the import written and says how far the embedding got.
    const summary = await again.importAll(file, { signal: ctrl.signal, onProgress: (p) => { if (p.phase === 'Embedding memories' && p.done >= 256) ctrl.abort(); } });
    expect(summary.memories).toMatchObject({ inFile: 300, added: 300 });
    expect(summary.embedding).toMatchObject({ done: 256, total: 300, stopped: true });
    expect(again.size).toBe(300);
    await new Promise((r) => setTimeout(r, 50));
    expect((await again.staleEmbeddingIds()).length).toBe(300 - 256);
    again.close();
  });
});

describe('an import\'s progress says when the file is written', () => {
  it.each([['in-process', null], ['through the worker', inProcessIndexWorker]] as const)('%s: the check and the write before, indexing and re-embedding after', async (_name, worker) => {
    const source = await openTestStore();
    for (let i = 0; i < 40; i++) await source.add(`Launch note ${i}: the webinar moved to week ${i}`, { infer: false, category: 'company.business_priorities' });
    const file = JSON.stringify(await source.exportAll());
    source.close();
    const store = await openTestStore({ embedder: new HashedBagOfWordsTestEmbedder(64), searchWorker: worker });
    const seen: Array<[string, boolean]> = [];
    await store.importAll(file, { onProgress: (p) => { if (!seen.some(([phase, w]) => phase === p.phase && w === p.written)) seen.push([p.phase ?? '', p.written]); } });
    const before = seen.filter(([, w]) => !w).map(([phase]) => phase);
    const after = seen.filter(([, w]) => w).map(([phase]) => phase);
    // The check and the write report their rows from the worker too (the page shows them).
    expect(before).toEqual(expect.arrayContaining(['Checking memories', 'Writing']));
    expect(after).toEqual(['Indexing', 'Embedding memories']);
    // Once written, never "not written" again.
    expect(seen.findIndex(([, w]) => w)).toBe(before.length);
    store.close();
  });
});

describe('an import embedded in the search worker', () => {
  const MODEL = LITE_MODEL;

  /** embed-lite in its (in-process) worker, as the page has it: it can hand out a port. */
  function liteEmbedder(): LiteWorkerEmbedder {
    return new LiteWorkerEmbedder('file:embed-lite', () => {
      const listeners: Array<(e: { data: LiteWorkerResponse }) => void> = [];
      const handle = createLiteWorkerHandler((message) => {
        const data = structuredClone(message);
        setTimeout(() => listeners.forEach((l) => l({ data })), 0);
      }, () => liteModelSource());
      return {
        postMessage: (message: LiteWorkerRequest, transfer?: Transferable[]) => void handle(structuredClone(message, { transfer: transfer ?? [] })),
        addEventListener: (type: string, l: (e: { data: LiteWorkerResponse }) => void) => { if (type === 'message') listeners.push(l); },
        terminate: () => {},
      } as LiteWorkerLike;
    });
  }

  async function exportWithoutVectors(n: number): Promise<string> {
    const source = await openTestStore();
    for (let i = 0; i < n; i++) await source.add(`Partner newsletter ${i} goes out on Tuesdays`, { infer: false, category: 'user.workflow_patterns' });
    const file = JSON.stringify(await source.exportAll());
    source.close();
    return file;
  }

  it.skipIf(!existsSync(MODEL))('writes each memory once, with its vector: nothing is left to re-embed', async () => {
    const file = await exportWithoutVectors(600);
    const embedder = liteEmbedder();
    await embedder.load();
    const store = await openTestStore({ embedder, searchWorker: inProcessIndexWorker });
    const embedded: number[] = [];
    await store.importAll(new Blob([file]), { source: 'x.json', onProgress: (p) => { if (p.phase === 'Embedding memories') embedded.push(p.done); } });
    // The worker's batches of 512; re-embedding on the page would have reported batches of 256.
    expect(embedded).toEqual([512, 600]);
    expect(await store.staleEmbeddingIds()).toEqual([]);
    expect((await store.getAll()).every((m) => m.embeddingModel === embedder.id)).toBe(true);
    expect((await store.search('newsletter tuesday', { mode: 'vector', limit: 1 })).results).toHaveLength(1);
    store.close();
  });

  it.skipIf(!existsSync(MODEL))('embedding before the write is reported as not written yet', async () => {
    const file = await exportWithoutVectors(20);
    const embedder = liteEmbedder();
    await embedder.load();
    const store = await openTestStore({ embedder, searchWorker: inProcessIndexWorker });
    const embedding: boolean[] = [];
    await store.importAll(file, { onProgress: (p) => { if (p.phase === 'Embedding memories') embedding.push(p.written); } });
    expect(embedding).toEqual([false]);
    store.close();
  });

  it('an embedder that fails in the worker does not cost the import: it is written, and the re-embedding after says why', async () => {
    const file = await exportWithoutVectors(30);
    /** Answers its port with an error; embeds on the page as usual, but fails there too. */
    class BrokenPortEmbedder extends HashedBagOfWordsTestEmbedder {
      failOnPage = true;
      async connect(): Promise<MessagePort> {
        const { port1, port2 } = new MessageChannel();
        port1.onmessage = (e: MessageEvent<{ id: number }>) => port1.postMessage({ id: e.data.id, error: serializeError(new RouterError('MODEL_LOAD_FAILED', 'the model went away')) });
        return port2;
      }
      override async embed(texts: readonly string[]): Promise<Float32Array[]> {
        if (this.failOnPage && texts.length > 1) throw new RouterError('MODEL_LOAD_FAILED', 'the model went away');
        return super.embed(texts);
      }
    }
    const embedder = new BrokenPortEmbedder(64);
    const store = await openTestStore({ embedder, searchWorker: inProcessIndexWorker });
    const summary = await store.importAll(file, { source: 'x.json' });
    expect(summary.memories).toMatchObject({ inFile: 30, added: 30 });
    expect(summary.embedding).toMatchObject({ stopped: true, error: expect.stringMatching(/the model went away/) });
    expect((await store.counts()).memories).toBe(30);
    expect((await store.staleEmbeddingIds()).length).toBe(30);
    store.close();
  });

  it.skipIf(!existsSync(MODEL))('stops on a cancel before it writes, and nothing is written', async () => {
    const file = await exportWithoutVectors(1100);
    const embedder = liteEmbedder();
    await embedder.load();
    const store = await openTestStore({ embedder, searchWorker: inProcessIndexWorker });
    const ctrl = new AbortController();
    // Asked to stop as soon as the worker starts reading: it stops between embedding batches.
    const err = await store.importAll(file, { signal: ctrl.signal, onProgress: (p) => { if (p.phase === 'Reading the file') ctrl.abort(); } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouterError);
    expect((err as RouterError).code).toBe('CANCELLED');
    // The one wording of a cancelled import, wherever it stopped (the Memories page shows it).
    expect((err as RouterError).message).toBe('Import cancelled before it was written: nothing was changed.');
    expect((await store.counts()).memories).toBe(0);
    store.close();
  });
});
