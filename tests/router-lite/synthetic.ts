/** A small synthetic training set for tests: each category has its own words, plus shared noise. */
import { CATEGORY_NAMES, type CategoryName } from '../../src/core/taxonomy';
import { mulberry32 } from '../../src/core/util/random';
import type { TrainingExample, Hyperparameters } from '../../training/router-lite/train';

/** Seeded PRNG shared with embed-lite, so the synthetic data is identical on every run. */
export const prng = mulberry32;

const NOISE = ['please', 'today', 'team', 'thanks', 'okay', 'plan', 'next', 'week', 'sure', 'update'];

export function signalWords(c: CategoryName): string[] {
  const base = c.replace(/^.*\./, '').split('_');
  return [...base, `${base[0]}x`, `${base[0]}y`, `${base[0]}z`];
}

export function syntheticExamples(n: number, seed = 7): TrainingExample[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const out: TrainingExample[] = [];
  for (let i = 0; i < n; i++) {
    const cats: CategoryName[] = [CATEGORY_NAMES[i % CATEGORY_NAMES.length]];
    if (rand() < 0.2 && cats[0] !== 'none') {
      const extra = pick(CATEGORY_NAMES.filter((c) => c !== 'none' && c !== cats[0]));
      cats.push(extra);
    }
    const words = (count: number) => Array.from({ length: count }, () => (rand() < 0.5 ? pick(NOISE) : pick(signalWords(pick(cats))))).join(' ');
    out.push({
      conversation: [
        { role: 'user', content: words(12) },
        { role: 'assistant', content: words(8) },
        { role: 'user', content: words(10) },
      ],
      categories: cats,
      group: `g${i % Math.ceil(n / 2)}`,
      source: i % 2 ? 'b.jsonl' : 'a.jsonl',
    });
  }
  return out;
}

export const SMALL_HP: Hyperparameters = {
  features: { wordNgramMax: 2, roleNamespaces: ['user'], roleNgramMax: 1, sublinearTf: true, maxChars: 5000 },
  minDf: 1,
  maxFeatures: 2000,
  l2: 1e-3,
  classWeightPower: 0.5,
  shortViewWeight: 0.5,
  weightEncoding: 'int8-base64',
  solver: { maxIterations: 60, tolerance: 1e-9, history: 8 },
};
