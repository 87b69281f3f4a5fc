import { describe, expect, it } from 'vitest';
import { decideCategories, statingSegments } from '../../src/core/router/router';
import type { DecodingPolicy } from '../../src/core/router/model-format';
import { MEMORY_CATEGORIES } from '../../src/core/taxonomy';

const K = MEMORY_CATEGORIES.length;
const policy: DecodingPolicy = { thresholds: Array(K).fill(0.3), maxCategories: 1, minRatioToTop: 0.5, segmentThreshold: 0.4, segmentThresholdGrowth: 0.5, memoryRatio: 1 };
const row = (hot: Record<number, number>) => Float32Array.from({ length: K }, (_, c) => hot[c] ?? 0.01);

describe('decoding: where it goes', () => {
  it('keeps the head\'s categories under its threshold, ratio and cap', () => {
    expect(decideCategories(row({ 2: 0.9, 5: 0.6, 7: 0.2 }), policy)).toEqual([2]);
    expect(decideCategories(row({ 2: 0.9, 5: 0.6 }), { ...policy, maxCategories: 3 })).toEqual([2, 5]);
    expect(decideCategories(row({ 2: 0.9, 5: 0.4 }), { ...policy, maxCategories: 3 })).toEqual([2]);
    expect(decideCategories(row({}), policy)).toEqual([]);
  });

  it('adds a category one segment states outright, past the cap, and not below the segment threshold', () => {
    const pooled = row({ 2: 0.9, 5: 0.1 });
    expect(decideCategories(pooled, policy, [row({ 2: 0.8 }), row({ 5: 0.45 })])).toEqual([2, 5]);
    expect(decideCategories(pooled, policy, [row({ 2: 0.8 }), row({ 5: 0.35 })])).toEqual([2]);
    expect(decideCategories(pooled, { ...policy, segmentThreshold: 1.01 }, [row({ 5: 0.99 })])).toEqual([2]);
  });

  it('asks more of a single segment in a long conversation (threshold grows per doubling past 8)', () => {
    const pooled = row({ 2: 0.9 });
    const filler = (n: number) => Array.from({ length: n }, () => row({}));
    expect(decideCategories(pooled, policy, [row({ 5: 0.6 }), ...filler(7)])).toEqual([2, 5]); // 8 segments: 0.4
    expect(decideCategories(pooled, policy, [row({ 5: 0.6 }), ...filler(15)])).toEqual([2]); // 16 segments: 0.9
    expect(decideCategories(pooled, policy, [row({ 5: 0.95 }), ...filler(15)])).toEqual([2, 5]);
  });

  it('only the user\'s segments state facts; with no user segment, every segment may', () => {
    const probs = [row({ 5: 0.9 }), row({ 7: 0.9 })];
    expect(statingSegments([{ role: 'assistant' }, { role: 'user' }], probs)).toEqual([probs[1]]);
    expect(statingSegments([{ role: 'assistant' }, { role: 'assistant' }], probs)).toEqual(probs);
    expect(decideCategories(row({ 2: 0.9 }), policy, statingSegments([{ role: 'assistant' }, { role: 'user' }], probs))).toEqual([2, 7]);
  });
});
