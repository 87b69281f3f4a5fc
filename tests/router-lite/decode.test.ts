import { describe, expect, it } from 'vitest';
import { decodeCategories, priorRankWeights, type DecodingPolicy } from '../../src/core/lite/decode';
import { CATEGORY_NAMES, type CategoryName } from '../../src/core/taxonomy';

const K = CATEGORY_NAMES.length;
function probs(map: Partial<Record<CategoryName, number>>, rest = 0.01): number[] {
  return CATEGORY_NAMES.map((c) => map[c] ?? rest);
}
const base: DecodingPolicy = { minProbability: 0.4, minRatioToTop: 0.5, maxCategories: 3, rankWeights: new Array(K).fill(1), priorCorrection: 0 };

describe('decoding policy', () => {
  const cases: [string, Partial<Record<CategoryName, number>>, Partial<DecodingPolicy>, CategoryName[]][] = [
    ['top-1 always, even when weak', { 'user.role_context': 0.2 }, {}, ['user.role_context']],
    ['second above both thresholds joins', { 'user.role_context': 0.9, 'company.brand_core': 0.5 }, {}, ['company.brand_core', 'user.role_context']],
    ['second below the ratio to top stays out', { 'user.role_context': 0.95, 'company.brand_core': 0.45 }, {}, ['user.role_context']],
    ['max categories caps the set', { 'user.role_context': 0.9, 'company.brand_core': 0.8, 'company.tools_config': 0.7 }, { maxCategories: 2 }, ['company.brand_core', 'user.role_context']],
    ['none alone when it wins and nothing qualifies', { none: 0.8, 'user.role_context': 0.3 }, {}, ['none']],
    ['none dropped when another qualifies', { none: 0.8, 'user.role_context': 0.6 }, {}, ['user.role_context']],
    ['none never joins a set', { 'user.role_context': 0.9, none: 0.85 }, {}, ['user.role_context']],
    ['rank weights can change the winner', { 'user.strategic_approach': 0.5, 'company.tools_config': 0.4 },
      { minProbability: 0.9, rankWeights: CATEGORY_NAMES.map((c) => (c === 'company.tools_config' ? 2 : 1)) }, ['company.tools_config']],
  ];
  it.each(cases)('%s', (_name, p, over, expected) => {
    expect(decodeCategories(probs(p), { ...base, ...over })).toEqual(expected);
  });

  it('breaks exact ties by taxonomy order', () => {
    expect(decodeCategories(new Array(K).fill(0.3), { ...base, minProbability: 0.9 })).toEqual([CATEGORY_NAMES[0]]);
  });
});

describe('prior rank weights', () => {
  it('are all 1 without correction and favour rare categories with it (mean 1)', () => {
    const prior = CATEGORY_NAMES.map((_, i) => (i + 1) / 20);
    expect(priorRankWeights(prior, 0)).toEqual(new Array(K).fill(1));
    const w = priorRankWeights(prior, 1);
    expect(w[0]).toBeGreaterThan(w[K - 1]);
    expect(w.reduce((a, b) => a + b, 0) / K).toBeCloseTo(1, 4);
  });
});
