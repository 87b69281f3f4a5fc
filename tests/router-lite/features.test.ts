import { describe, expect, it } from 'vitest';
import { featureCounts, tokenize, vectorize, type FeatureConfig } from '../../src/core/lite/features';

const cfg: FeatureConfig = { wordNgramMax: 2, roleNamespaces: ['user'], roleNgramMax: 1, sublinearTf: true, maxChars: 40 };

describe('tokenize', () => {
  it.each([
    ['Hello, World!', ['hello', 'world']],
    ['Q3 goals for 2024', ['q0', 'goals', 'for', '0']],
    ['we’re on it', ["we're", 'on', 'it']],
    ['Café déjà vu', ['café', 'déjà', 'vu']],
    ['', []],
    ['\u0000\u0001', []],
  ])('%j', (text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });
});

describe('features', () => {
  it('namespaces user words and keeps bigrams inside a turn', () => {
    const counts = featureCounts([
      { role: 'user', content: 'brand voice' },
      { role: 'assistant', content: 'noted' },
    ], cfg);
    expect([...counts.keys()].sort()).toEqual(['brand', 'brand voice', 'noted', 'u|brand', 'u|voice', 'voice']);
    expect(counts.has('voice noted')).toBe(false);
  });

  it('reads at most maxChars and says so', () => {
    const long = [{ role: 'user' as const, content: 'word '.repeat(100) }];
    const { row, truncated } = vectorize(long, cfg, new Map([['word', 0]]), [1]);
    expect(truncated).toBe(true);
    expect(row.val[0]).toBeCloseTo(1, 10);
  });

  it('gives a unit-norm row over known features and an empty row when nothing is known', () => {
    const vocab = new Map([['brand', 0], ['voice', 1]]);
    const { row } = vectorize([{ role: 'assistant', content: 'brand brand voice' }], cfg, vocab, [1, 2]);
    expect(Array.from(row.idx)).toEqual([0, 1]);
    expect(row.val[0] ** 2 + row.val[1] ** 2).toBeCloseTo(1, 10);
    expect(row.val[0] / row.val[1]).toBeCloseTo((1 + Math.log(2)) / 2, 10);
    expect(vectorize([{ role: 'user', content: 'zzz' }], cfg, vocab, [1, 2]).row.idx.length).toBe(0);
  });
});
