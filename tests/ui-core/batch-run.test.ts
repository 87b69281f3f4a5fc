import { describe, expect, it } from 'vitest';
import { categoryCounts, runBatch, type BatchRow } from '../../src/ui/classify/batch-run';
import { ensureEngineReady } from '../../src/ui/app-state/engine-ready';
import { RouterError } from '../../src/core/errors';
import { Emitter } from '../../src/engines/emitter';
import type { ClassifierEngine, EngineEvents, EngineStatus } from '../../src/engines/types';
import type { ClassifyResult } from '../../src/core/contracts';
import type { CategoryName } from '../../src/core/taxonomy';
import type { Conversation } from '../../src/core/conversation';

/** A scripted engine: answers from a table keyed by the first turn's text. */
class TableEngine implements ClassifierEngine {
  readonly id = 'table';
  readonly label = 'table';
  status: EngineStatus = 'idle';
  loads = 0;
  private events = new Emitter<EngineEvents>();
  constructor(readonly kind: ClassifierEngine['kind'], private table: Record<string, CategoryName[] | 'fail'>) {}
  async load() { this.loads++; this.status = 'ready'; this.events.emit('status', 'ready'); }
  async unload() { this.status = 'unloaded'; }
  on<E extends keyof EngineEvents>(e: E, l: EngineEvents[E]) { return this.events.on(e, l); }
  async classify(c: Conversation | string): Promise<ClassifyResult> {
    const key = typeof c === 'string' ? c : c[0].content;
    const answer = this.table[key];
    if (answer === 'fail' || !answer) throw new RouterError('INTERNAL', `no answer for ${key}`);
    return { categories: answer, raw: answer.join(', '), timings: { totalMs: 1 }, engine: this.id };
  }
}

const conv = (t: string): Conversation => [{ role: 'user', content: t }];

describe('runBatch', () => {
  it('routes every conversation in order, records failures and keeps going', async () => {
    const engine = new TableEngine('lite', { a: ['company.brand_core'], b: 'fail', c: ['company.brand_core', 'user.role_context'] });
    const rows: BatchRow[] = [];
    const progress: number[] = [];
    await runBatch(engine, [conv('a'), conv('b'), conv('c')], [1, 3, 4], (r, p) => { rows.push(r); progress.push(p.done); }, new AbortController().signal);
    expect(rows.map((r) => r.origin)).toEqual([1, 3, 4]);
    expect(rows[1].error?.message).toBe('no answer for b');
    expect(progress).toEqual([1, 2, 3]);
    expect(categoryCounts(rows)).toEqual([['company.brand_core', 2], ['user.role_context', 1]]);
  });

  it('stops when cancelled', async () => {
    const engine = new TableEngine('lite', { a: ['none'] });
    const ctrl = new AbortController();
    const rows: BatchRow[] = [];
    await runBatch(engine, [conv('a'), conv('a'), conv('a')], [1, 2, 3], (r) => { rows.push(r); ctrl.abort(); }, ctrl.signal);
    expect(rows).toHaveLength(1);
  });
});

describe('ensureEngineReady', () => {
  it('loads a lite engine on first use', async () => {
    const e = new TableEngine('lite', {});
    await ensureEngineReady(e);
    expect(e.loads).toBe(1);
    await ensureEngineReady(e);
    expect(e.loads).toBe(1);
  });
  it('never starts a WebLLM download behind the user\'s back', async () => {
    const e = new TableEngine('webllm', {});
    await expect(ensureEngineReady(e)).rejects.toMatchObject({ code: 'ENGINE_NOT_READY', message: expect.stringMatching(/Models page/) });
    expect(e.loads).toBe(0);
  });
  it('says so when there is no engine', async () => {
    await expect(ensureEngineReady(null)).rejects.toMatchObject({ code: 'ENGINE_NOT_READY' });
  });
});
