import { describe, expect, it } from 'vitest';
import { runRoutingBenchmark, type BenchClassify } from '../../src/core/routing-bench';
import type { BenchmarkScenario, PublishedResults } from '../../src/core/loaders';
import { RouterError } from '../../src/core/errors';

const S = (id: string, expected: string[], difficulty: string): BenchmarkScenario =>
  ({ id, conversation: `USER: text of ${id}`, expected: expected as BenchmarkScenario['expected'], difficulty });

const scenarios = [
  S('a', ['company.brand_core'], 'easy'),
  S('b', ['user.role_context', 'user.workflow_patterns'], 'easy'),
  S('c', ['none'], 'hard'),
  S('d', ['company.tools_config'], 'hard'),
];

/** Answers by scenario id; 'throw' makes classify fail. */
function fake(answers: Record<string, string[] | 'throw'>): BenchClassify {
  return async (_text, s) => {
    const a = answers[s.id];
    if (a === 'throw') throw new RouterError('INTERNAL', `boom ${s.id}`);
    return { categories: a };
  };
}

/** A clock that advances by the given steps on each call: latency is exactly known. */
function clock(steps: number[]): () => number {
  let t = 0;
  let i = 0;
  return () => (t += steps[i++ % steps.length]);
}

describe('routing benchmark report', () => {
  const table: {
    name: string; answers: Record<string, string[] | 'throw'>;
    f1: number; exact: number; any: number; easyF1: number; hardExact: number; disagree: string[]; errors: number;
  }[] = [
    { name: 'all right', answers: { a: ['company.brand_core'], b: ['user.workflow_patterns', 'user.role_context'], c: ['none'], d: ['company.tools_config'] },
      f1: 1, exact: 1, any: 1, easyF1: 1, hardExact: 1, disagree: [], errors: 0 },
    { name: 'half of a pair', answers: { a: ['company.brand_core'], b: ['user.role_context'], c: ['none'], d: ['company.tools_config'] },
      f1: (1 + 2 / 3 + 1 + 1) / 4, exact: 0.75, any: 1, easyF1: (1 + 2 / 3) / 2, hardExact: 1, disagree: ['b'], errors: 0 },
    { name: 'one wrong, one extra', answers: { a: ['user.role_context'], b: ['user.role_context', 'user.workflow_patterns'], c: ['none'], d: ['company.tools_config', 'company.brand_core'] },
      f1: (0 + 1 + 1 + 2 / 3) / 4, exact: 0.5, any: 0.75, easyF1: 0.5, hardExact: 0.5, disagree: ['a', 'd'], errors: 0 },
    { name: 'a failure counts as an empty answer', answers: { a: 'throw', b: ['user.role_context', 'user.workflow_patterns'], c: ['none'], d: ['company.tools_config'] },
      f1: 0.75, exact: 0.75, any: 0.75, easyF1: 0.5, hardExact: 1, disagree: ['a'], errors: 1 },
    { name: 'unknown names are ignored', answers: { a: ['company.brand_core', 'made.up'], b: [], c: ['none'], d: ['company.tools_config'] },
      f1: 0.75, exact: 0.75, any: 0.75, easyF1: 0.5, hardExact: 1, disagree: ['b'], errors: 0 },
  ];

  it.each(table)('$name', async (t) => {
    const r = await runRoutingBenchmark(scenarios, fake(t.answers), { now: clock([1, 2]) });
    expect(r.count).toBe(4);
    expect(r.avg_f1).toBeCloseTo(t.f1, 10);
    expect(r.exact_match).toBeCloseTo(t.exact, 10);
    expect(r.any_match).toBeCloseTo(t.any, 10);
    expect(r.by_difficulty.easy.avg_f1).toBeCloseTo(t.easyF1, 10);
    expect(r.by_difficulty.hard.exact_match).toBeCloseTo(t.hardExact, 10);
    expect(r.by_difficulty.easy.count).toBe(2);
    expect(r.disagreements.map((d) => d.id)).toEqual(t.disagree);
    expect(r.errors).toHaveLength(t.errors);
    // Each call reads the clock twice, advancing 1 then 2: every call takes 2 ms.
    expect(r.latency_ms).toMatchObject({ p50: 2, p95: 2, mean: 2 });
  });

  it('computes reward components with the metrics module (format failure = -1)', async () => {
    const r = await runRoutingBenchmark(scenarios.slice(0, 2), fake({ a: ['company.brand_core'], b: [] }));
    expect(r.rows[0].rewards.r_total).toBeCloseTo(1, 10);
    expect(r.rows[1].rewards.r_total).toBe(-1);
    expect(r.rewards.r_total).toBeCloseTo(0, 10);
    expect(r.rewards.format_valid_rate).toBe(0.5);
  });

  it('reports latency percentiles over scenarios (median of repeats each)', async () => {
    // Per scenario, 3 repeats; durations follow the clock steps.
    const steps = [0, 1, 0, 9, 0, 2, /* b */ 0, 4, 0, 4, 0, 4, /* c */ 0, 8, 0, 8, 0, 1, /* d */ 0, 3, 0, 6, 0, 6];
    const r = await runRoutingBenchmark(scenarios, fake({ a: [], b: [], c: [], d: [] }), { now: clock(steps), repeats: 3 });
    expect(r.rows.map((x) => x.latency_ms)).toEqual([2, 4, 8, 6]);
    expect(r.latency_ms.p50).toBe(4);
    expect(r.latency_ms.p95).toBe(8);
    expect(r.latency_ms.mean).toBe(5);
  });

  it('warms up without timing or scoring the warm-up calls', async () => {
    let calls = 0;
    const r = await runRoutingBenchmark(scenarios, async () => { calls++; return { categories: ['none'] }; }, { warmup: 6 });
    expect(calls).toBe(10);
    expect(r.latency_ms.warmup).toBe(6);
  });

  it('puts published figures and per-scenario predictions beside the run', async () => {
    const published: PublishedResults = {
      summaries: { rl: { name: 'RL 8B', avg_f1: 0.68, exact_match: 0.6, any_match: 0.72, by_difficulty: { easy: { count: 2, f1: 0.5, exact_match: 0.5, any_match: 1 } } } },
      detailed: { rl: [{ id: 'a', predicted: ['none'], gold: ['company.brand_core'], f1: 0 }] },
    };
    const r = await runRoutingBenchmark(scenarios, fake({ a: ['none'], b: [], c: [], d: [] }), { published });
    expect(r.published).toEqual([{ key: 'rl', name: 'RL 8B', avg_f1: 0.68, exact_match: 0.6, any_match: 0.72, by_difficulty: { easy: { count: 2, avg_f1: 0.5, exact_match: 0.5, any_match: 1 } } }]);
    expect(r.rows[0].published).toEqual({ rl: ['none'] });
    expect(r.rows[1].published).toBeUndefined();
  });

  it('handles an empty scenario list and cancellation', async () => {
    const r = await runRoutingBenchmark([], fake({}));
    expect(r).toMatchObject({ count: 0, avg_f1: 0, latency_ms: { p50: 0, p95: 0, mean: 0 } });
    const ctl = new AbortController();
    ctl.abort();
    await expect(runRoutingBenchmark(scenarios, fake({}), { signal: ctl.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
