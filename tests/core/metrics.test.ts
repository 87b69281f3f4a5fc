import { describe, expect, it } from 'vitest';
import {
  aggregate, efficiencyReward, horizonsAdjacent, majorityHorizon, meanRewards, parityReward,
  percentile, rewardComponents, scoreScenario, summarize, temporalReward,
} from '../../src/core/metrics';

describe('scoreScenario (published definitions)', () => {
  const cases: Array<[string, string[], string[], number, number, number, boolean, boolean]> = [
    // name, predicted, gold, precision, recall, f1, exact, any
    ['identical single', ['company.brand_core'], ['company.brand_core'], 1, 1, 1, true, true],
    ['both empty counts as 1.0', [], [], 1, 1, 1, true, true],
    ['none vs none', ['none'], ['none'], 1, 1, 1, true, true],
    ['none vs real', ['none'], ['company.brand_core'], 0, 0, 0, false, false],
    ['empty prediction', [], ['company.brand_core'], 0, 0, 0, false, false],
    ['superset', ['company.brand_core', 'user.role_context'], ['company.brand_core'], 0.5, 1, 2 / 3, false, true],
    ['subset', ['company.brand_core'], ['company.brand_core', 'company.strategic_signatures'], 1, 0.5, 2 / 3, false, true],
    ['disjoint', ['user.role_context'], ['company.brand_core'], 0, 0, 0, false, false],
    ['2 of 3', ['a', 'b', 'x'], ['a', 'b', 'c'], 2 / 3, 2 / 3, 2 / 3, false, true],
    ['order irrelevant', ['b', 'a'], ['a', 'b'], 1, 1, 1, true, true],
    ['duplicates are a set', ['a', 'a'], ['a'], 1, 1, 1, true, true],
  ];
  it.each(cases)('%s', (_n, p, g, precision, recall, f1, exact, any) => {
    const s = scoreScenario(p, g);
    expect(s.precision).toBeCloseTo(precision, 10);
    expect(s.recall).toBeCloseTo(recall, 10);
    expect(s.f1).toBeCloseTo(f1, 10);
    expect(s.exact).toBe(exact);
    expect(s.any).toBe(any);
  });
});

describe('aggregate and summarize', () => {
  it('averages per-scenario scores', () => {
    const a = aggregate([scoreScenario(['a'], ['a']), scoreScenario(['a', 'b'], ['a']), scoreScenario(['x'], ['a'])]);
    expect(a.count).toBe(3);
    expect(a.f1).toBeCloseTo((1 + 2 / 3 + 0) / 3, 10);
    expect(a.exact_match).toBeCloseTo(1 / 3, 10);
    expect(a.any_match).toBeCloseTo(2 / 3, 10);
  });
  it('is zero on no scenario', () => {
    expect(aggregate([]).f1).toBe(0);
  });
  it('groups by difficulty', () => {
    const items = [
      { p: ['a'], g: ['a'], d: 'easy' },
      { p: ['b'], g: ['a'], d: 'hard' },
      { p: ['a'], g: ['a'], d: 'hard' },
    ];
    const s = summarize(items, (i) => scoreScenario(i.p, i.g), (i) => i.d);
    expect(s.overall.count).toBe(3);
    expect(s.groups.easy.f1).toBe(1);
    expect(s.groups.hard.f1).toBe(0.5);
    expect(Object.keys(s.groups)).toEqual(['easy', 'hard']);
  });
  it('reproduces the published 8B summary from its per-scenario predictions', async () => {
    // Small fixed sample in the published shape, computed by hand.
    const rows = [
      { predicted: ['company.brand_core'], gold: ['company.brand_core', 'company.strategic_signatures'] },
      { predicted: ['none'], gold: ['none'] },
      { predicted: ['company.brand_core'], gold: ['none'] },
    ];
    const a = aggregate(rows.map((r) => scoreScenario(r.predicted, r.gold)));
    expect(a.f1).toBeCloseTo((2 / 3 + 1 + 0) / 3, 10);
    expect(a.exact_match).toBeCloseTo(1 / 3, 10);
    expect(a.any_match).toBeCloseTo(2 / 3, 10);
  });
});

describe('reward components', () => {
  it.each([
    ['long', 'medium', true], ['medium', 'long', true], ['medium', 'short', true], ['medium', 'rolling', true],
    ['short', 'rolling', true], ['long', 'short', false], ['long', 'rolling', false], ['evolving', 'long', false],
  ] as const)('horizons %s/%s adjacent=%s', (a, b, adj) => {
    expect(horizonsAdjacent(a, b)).toBe(adj);
  });

  it.each([
    ['single long', ['company.brand_core'], 'long'],
    ['majority medium', ['user.role_context', 'user.workflow_patterns', 'company.brand_core'], 'medium'],
    ['tie goes to first seen', ['company.business_priorities', 'company.brand_core'], 'short'],
    ['none is short', ['none'], 'short'],
    ['unknown ignored', ['bogus'], null],
  ] as const)('majorityHorizon %s', (_n, cats, h) => {
    expect(majorityHorizon(cats)).toBe(h);
  });

  it.each([
    ['same horizon', ['company.brand_core'], ['user.strategic_approach'], 1],
    ['adjacent long/medium', ['company.brand_core'], ['user.role_context'], 0.5],
    ['far long/short', ['company.brand_core'], ['user.session_history'], 0],
    ['empty predicted', [], ['company.brand_core'], 0],
  ] as const)('temporalReward %s', (_n, p, g, r) => {
    expect(temporalReward(p, g)).toBe(r);
  });

  it.each([
    ['company vs company', ['company.brand_core'], ['company.tools_config'], 1],
    ['company vs user', ['company.brand_core'], ['user.role_context'], 0],
    ['mixed vs mixed', ['company.brand_core', 'user.role_context'], ['company.tools_config', 'user.session_history'], 1],
    ['mixed vs company', ['company.brand_core', 'user.role_context'], ['company.brand_core'], 0],
    ['none vs none', ['none'], ['none'], 1],
    ['none vs user', ['none'], ['user.role_context'], 0],
  ] as const)('parityReward %s', (_n, p, g, r) => {
    expect(parityReward(p, g)).toBe(r);
  });

  it.each([[0, 1], [1, 1], [3, 1], [4, 0.7], [5, 0.4], [6, 0], [12, 0]])('efficiencyReward(%i) = %f', (n, r) => {
    expect(efficiencyReward(n)).toBe(r);
  });

  it('combines as 0.6 F1 + 0.2 temp + 0.1 parity + 0.1 eff', () => {
    const r = rewardComponents(['company.brand_core', 'user.role_context'], ['company.brand_core']);
    expect(r.r_f1).toBeCloseTo(2 / 3, 10);
    // predicted horizons tie long/medium: the first seen (long) wins, equal to gold's long
    expect(r.r_temp).toBe(1);
    expect(r.r_parity).toBe(0); // mixed vs company
    expect(r.r_eff).toBe(1);
    expect(r.r_total).toBeCloseTo(0.6 * (2 / 3) + 0.2 * 1 + 0.1 * 0 + 0.1 * 1, 10);
    expect(r.format_valid).toBe(true);
  });

  it('scores a format failure as -1', () => {
    const r = rewardComponents([], ['company.brand_core']);
    expect(r).toMatchObject({ r_total: -1, format_valid: false });
  });

  it('averages rewards and format validity', () => {
    const m = meanRewards([rewardComponents(['none'], ['none']), rewardComponents([], ['none'])]);
    expect(m.r_total).toBeCloseTo((1 + -1) / 2, 10);
    expect(m.format_valid_rate).toBe(0.5);
  });
});

describe('percentile', () => {
  it.each([
    [[], 50, 0], [[5], 50, 5], [[1, 2, 3, 4], 50, 2], [[1, 2, 3, 4], 95, 4], [[4, 3, 2, 1], 100, 4], [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95, 10],
  ])('percentile(%j, %i) = %f', (v, p, r) => {
    expect(percentile(v, p)).toBe(r);
  });
});
