import { describe, expect, it } from 'vitest';
import { LiteEngine } from '../../src/engines/lite-engine';
import type { ClassifierEngine, EngineStatus } from '../../src/engines/types';
import type { LoadProgress } from '../../src/core/contracts';
import { fitModel } from '../../training/router-lite/train';
import { CATEGORY_NAMES } from '../../src/core/taxonomy';
import { SMALL_HP, syntheticExamples } from './synthetic';

const model = fitModel(syntheticExamples(60), SMALL_HP);
const modelText = JSON.stringify(model);

function fakeFetch(status: number, body: string): typeof fetch {
  return (async () => new Response(body, { status, headers: { 'content-length': String(body.length) } })) as typeof fetch;
}

describe('LiteEngine', () => {
  it('implements ClassifierEngine and reports its status changes', async () => {
    const engine: ClassifierEngine = new LiteEngine({ model });
    expect(engine.kind).toBe('lite');
    const seen: EngineStatus[] = [];
    engine.on('status', (s) => seen.push(s));
    expect(engine.status).toBe('idle');
    await engine.load();
    expect(seen).toEqual(['loading', 'ready']);
    const r = await engine.classify('USER: we switched our CRM integration settings\nASSISTANT: noted');
    expect(r.engine).toBe('router-lite');
    expect(r.categories.length).toBeGreaterThan(0);
    expect(Object.keys(r.scores ?? {})).toEqual([...CATEGORY_NAMES]);
    expect(r.timings.totalMs).toBeGreaterThanOrEqual(0);
    expect(r.raw).toMatch(/^router-lite: /);
    await engine.unload();
    expect(engine.status).toBe('unloaded');
    await expect(engine.classify('hello')).rejects.toMatchObject({ code: 'ENGINE_NOT_READY' });
  });

  it('refuses to classify before load with a typed error', async () => {
    await expect(new LiteEngine({ model }).classify('hi')).rejects.toMatchObject({ code: 'ENGINE_NOT_READY' });
  });

  it('fetches the model with progress events', async () => {
    const engine = new LiteEngine({ url: '/m.json', fetchImpl: fakeFetch(200, modelText) });
    const progress: LoadProgress[] = [];
    engine.on('progress', (p) => progress.push(p));
    await engine.load();
    expect(engine.status).toBe('ready');
    expect(progress.at(-1)?.progress).toBe(1);
    expect(progress.some((p) => p.loadedBytes === modelText.length)).toBe(true);
  });

  it.each([
    ['a missing file', fakeFetch(404, 'not found'), 'MODEL_NOT_FOUND'],
    ['a server error', fakeFetch(500, 'oops'), 'MODEL_LOAD_FAILED'],
    ['a corrupt file', fakeFetch(200, modelText.slice(0, 1000)), 'MODEL_FORMAT'],
    ['a network failure', (async () => { throw new TypeError('fetch failed'); }) as typeof fetch, 'MODEL_LOAD_FAILED'],
  ])('turns %s into a typed error and error status', async (_name, fetchImpl, code) => {
    const engine = new LiteEngine({ url: '/m.json', fetchImpl });
    const statuses: [EngineStatus, string | undefined][] = [];
    engine.on('status', (s, err) => statuses.push([s, err?.code]));
    await expect(engine.load()).rejects.toMatchObject({ code });
    expect(engine.status).toBe('error');
    expect(statuses.at(-1)).toEqual(['error', code]);
  });

  it('rejects a model object of the wrong shape', async () => {
    await expect(new LiteEngine({ model: { format: 'router-lite', version: 1 } }).load()).rejects.toMatchObject({ code: 'MODEL_FORMAT' });
  });

  it('honours an aborted signal', async () => {
    const engine = new LiteEngine({ model });
    await engine.load();
    const ctl = new AbortController();
    ctl.abort();
    await expect(engine.classify('hello', { signal: ctl.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
