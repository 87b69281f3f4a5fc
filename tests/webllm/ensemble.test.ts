import { describe, expect, it } from 'vitest';
import { combineAnswers, DEFAULT_ENSEMBLE_POLICY, EnsembleEngine } from '../../src/engines/ensemble';
import { Emitter } from '../../src/engines/emitter';
import { RouterError } from '../../src/core/errors';
import type { CategoryName } from '../../src/core/taxonomy';
import type { ClassifierEngine, EngineEvents, EngineStatus } from '../../src/engines/types';
import type { ClassifyResult } from '../../src/core/contracts';

class FakeEngine implements ClassifierEngine {
  readonly events = new Emitter<EngineEvents>();
  status: EngineStatus = 'ready';
  loads = 0;
  unloads = 0;
  constructor(readonly id: string, readonly kind: ClassifierEngine['kind'], public answer: () => ClassifyResult | Promise<ClassifyResult>) {}
  get label() { return this.id; }
  async load() { this.loads++; this.status = 'ready'; }
  async unload() { this.unloads++; this.status = 'unloaded'; }
  async classify() { return this.answer(); }
  on<E extends keyof EngineEvents>(e: E, l: EngineEvents[E]) { return this.events.on(e, l); }
}

const res = (engine: string, categories: CategoryName[], scores?: Partial<Record<CategoryName, number>>): ClassifyResult =>
  ({ categories, scores, raw: categories.join(', '), timings: { totalMs: 1 }, engine });

describe('combineAnswers (policy: the LLM decides, router-lite fills at p >= 0.5, at most 3)', () => {
  it.each([
    [['user.role_context'], { 'company.brand_core': 0.7, 'user.role_context': 0.9 }, ['company.brand_core', 'user.role_context'], ['company.brand_core']],
    [['user.role_context'], { 'company.brand_core': 0.49 }, ['user.role_context'], []],
    [['user.role_context'], { 'company.brand_core': 0.5 }, ['company.brand_core', 'user.role_context'], ['company.brand_core']],
    [['none'], { 'company.brand_core': 0.99 }, ['none'], []],
    [['company.brand_core', 'user.role_context'], { 'company.tools_config': 0.6, 'company.performance_context': 0.8 }, ['company.brand_core', 'company.performance_context', 'user.role_context'], ['company.performance_context']],
    [['user.role_context'], { none: 0.9 }, ['user.role_context'], []],
    [['user.role_context'], undefined, ['user.role_context'], []],
  ] as [CategoryName[], Partial<Record<CategoryName, number>> | undefined, CategoryName[], CategoryName[]][])('%j + %j -> %j', (llm, scores, categories, added) => {
    expect(combineAnswers(llm, scores, DEFAULT_ENSEMBLE_POLICY)).toEqual({ categories, added });
  });
});

describe('EnsembleEngine', () => {
  it('combines both answers and says which members decided', async () => {
    const lite = new FakeEngine('router-lite', 'lite', () => res('router-lite', ['company.brand_core'], { 'company.brand_core': 0.8, 'user.role_context': 0.3 }));
    const llm = new FakeEngine('webllm', 'webllm', () => res('webllm', ['user.role_context']));
    const e = new EnsembleEngine(lite, llm);
    const r = await e.classify('x');
    expect(r.categories).toEqual(['company.brand_core', 'user.role_context']);
    expect(r.engine).toBe('webllm+router-lite');
    expect(r.raw).toBe('user.role_context + router-lite: company.brand_core');
    expect(r.scores).toEqual({ 'company.brand_core': 0.8, 'user.role_context': 0.3 });
  });

  it('falls back to router-lite when the LLM cannot answer, and says so', async () => {
    const lite = new FakeEngine('router-lite', 'lite', () => res('router-lite', ['company.brand_core'], { 'company.brand_core': 0.8 }));
    const llm = new FakeEngine('webllm', 'webllm', () => { throw new RouterError('ENGINE_NOT_READY', 'WebLLM is not loaded'); });
    const r = await new EnsembleEngine(lite, llm).classify('x');
    expect(r.engine).toBe('router-lite');
    expect(r.raw).toMatch(/LLM unavailable: WebLLM is not loaded/);
  });

  it('passes input errors and cancellation through instead of hiding them', async () => {
    const lite = new FakeEngine('router-lite', 'lite', () => { throw new RouterError('EMPTY_INPUT', 'empty'); });
    const llm = new FakeEngine('webllm', 'webllm', () => res('webllm', ['none']));
    await expect(new EnsembleEngine(lite, llm).classify('')).rejects.toMatchObject({ code: 'EMPTY_INPUT' });
    const lite2 = new FakeEngine('router-lite', 'lite', () => res('router-lite', ['none']));
    const llm2 = new FakeEngine('webllm', 'webllm', () => { throw new RouterError('CANCELLED', 'stop'); });
    await expect(new EnsembleEngine(lite2, llm2).classify('x')).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('follows the LLM\'s status, loads router-lite itself, and never starts the LLM\'s download', async () => {
    const lite = new FakeEngine('router-lite', 'lite', () => res('router-lite', ['none']));
    lite.status = 'idle';
    const llm = new FakeEngine('webllm', 'webllm', () => res('webllm', ['none']));
    llm.status = 'idle';
    const e = new EnsembleEngine(lite, llm);
    expect(e.status).toBe('idle');
    await expect(e.load()).rejects.toMatchObject({ code: 'ENGINE_NOT_READY', message: expect.stringMatching(/Models tab/) });
    expect([lite.loads, llm.loads]).toEqual([1, 0]);
    llm.status = 'loading';
    expect(e.status).toBe('loading');
    const seen: number[] = [];
    e.on('progress', (p) => seen.push(p.progress ?? -1));
    llm.events.emit('progress', { progress: 0.4, text: 'x' });
    expect(seen).toEqual([0.4]);
    llm.status = 'ready';
    lite.status = 'idle';
    expect(e.status).toBe('ready');
    await e.classify('x');
    expect(lite.loads).toBe(2);
    await e.unload();
    expect([lite.unloads, llm.unloads]).toEqual([0, 1]);
  });
});
