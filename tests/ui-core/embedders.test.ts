import { describe, expect, it } from 'vitest';
import { EmbedderSwitch } from '../../src/ui/app-state/embedders';
import { EmbedderTracker } from '../../src/ui/app-state/embedder-state';
import { RouterError } from '../../src/core/errors';
import type { Embedder } from '../../src/core/contracts';
import type { MemoryStore } from '../../src/memory';

function fakeEmbedder(id: string, fail = false): Embedder {
  let loaded = false;
  return {
    id,
    get dimension() { return loaded ? 4 : 0; },
    async load() { if (fail) throw new RouterError('MODEL_LOAD_FAILED', `${id} is not cached and the network is off`); loaded = true; },
    async embed(texts) { return texts.map(() => new Float32Array([1, 0, 0, 0])); },
  };
}

function fakeStore(log: string[]): MemoryStore {
  return { setEmbedder: async (e: Embedder | null) => { log.push(e?.id ?? 'null'); } } as unknown as MemoryStore;
}

describe('EmbedderSwitch', () => {
  it('starts with embed-lite and switches to the neural model on request', async () => {
    const log: string[] = [];
    const sw = new EmbedderSwitch(new EmbedderTracker(fakeEmbedder('lite')), new EmbedderTracker(fakeEmbedder('neural')), async () => fakeStore(log));
    await sw.start();
    expect(sw.state.get()).toMatchObject({ active: 'lite', switching: false });
    await sw.use('neural');
    expect(sw.state.get().active).toBe('neural');
    expect(sw.activeTracker?.embedder.id).toBe('neural');
    expect(log).toEqual(['lite', 'neural']);
  });

  it('keeps the current embedder in use and shows the error when the neural model cannot load', async () => {
    const log: string[] = [];
    const sw = new EmbedderSwitch(new EmbedderTracker(fakeEmbedder('lite')), new EmbedderTracker(fakeEmbedder('neural', true)), async () => fakeStore(log));
    await sw.start();
    await sw.use('neural');
    expect(sw.state.get()).toMatchObject({ active: 'lite', switching: false });
    expect(sw.state.get().error?.message).toMatch(/not cached/);
    expect(log).toEqual(['lite']);
  });

  it('runs switches one at a time, in order', async () => {
    const log: string[] = [];
    const sw = new EmbedderSwitch(new EmbedderTracker(fakeEmbedder('lite')), new EmbedderTracker(fakeEmbedder('neural')), async () => fakeStore(log));
    await Promise.all([sw.use('neural'), sw.use('lite'), sw.use('neural')]);
    expect(log).toEqual(['neural', 'lite', 'neural']);
    expect(sw.state.get().active).toBe('neural');
  });

  it('a re-embedding can be stopped: the switch stands and the page is told how far it got', async () => {
    let signal: AbortSignal | undefined;
    let current: Embedder | null = null;
    const store = {
      get embedder() { return current; },
      setEmbedder: async (e: Embedder | null, opts: { signal?: AbortSignal; onProgress?: (p: { done: number; total: number }) => void }) => {
        current = e;
        signal = opts.signal;
        opts.onProgress?.({ done: 64, total: 1000 });
        await new Promise((_, reject) => opts.signal?.addEventListener('abort', () => reject(new DOMException('stopped', 'AbortError'))));
      },
    } as unknown as MemoryStore;
    const sw = new EmbedderSwitch(new EmbedderTracker(fakeEmbedder('lite')), new EmbedderTracker(fakeEmbedder('neural')), async () => store);
    const switching = sw.use('neural');
    await new Promise((r) => setTimeout(r, 10));
    expect(sw.state.get()).toMatchObject({ switching: true, reembed: { done: 64, total: 1000 } });
    sw.stopReembedding();
    await switching;
    expect(signal?.aborted).toBe(true);
    expect(sw.state.get()).toMatchObject({ active: 'neural', switching: false, stopped: { done: 64, total: 1000 } });
    expect(sw.state.get().error).toBeUndefined();
  });
});
