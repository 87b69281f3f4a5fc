import { describe, expect, it } from 'vitest';
import { MEMORY_CATEGORIES } from '../../src/core/taxonomy';
import { mulberry32 } from '../../src/core/util/random';
import { bagLoss, trainMil, type Bag } from '../../training/segment-router/mil';

const K = MEMORY_CATEGORIES.length;
const row = (cols: number[]) => ({ idx: Int32Array.from(cols), val: Float32Array.from(cols.map(() => 1 / Math.sqrt(cols.length))) });

/**
 * A toy world where the answer is known: feature 0 means category 0, feature 1 means category 1,
 * features 2..9 are noise. A conversation (bag) carries a category exactly when one of its
 * segments has that feature; only the bag is labelled, never the segment.
 */
function toyBags(n: number, seed: number): Bag[] {
  const rand = mulberry32(seed);
  const bags: Bag[] = [];
  for (let i = 0; i < n; i++) {
    const size = 2 + Math.floor(rand() * 6);
    const rows = Array.from({ length: size }, () => row([2 + Math.floor(rand() * 8)]));
    const y = new Uint8Array(K);
    for (const c of [0, 1]) if (rand() < 0.4) { rows[Math.floor(rand() * size)] = row([c, 2 + Math.floor(rand() * 8)]); y[c] = 1; }
    bags.push({ rows, y, weight: 1 });
  }
  return bags;
}

describe('multiple-instance training', () => {
  const opts = { epochs: 30, learningRate: 0.5, l2: 0, sharpness: 4, positiveWeight: Array(K).fill(1), seed: 3 };

  it('learns which segment carries a category from bag labels only', () => {
    const model = trainMil(toyBags(400, 1), 10, opts);
    const logit = (c: number, cols: number[]) => {
      const r = row(cols);
      let z = model.biases[c];
      r.idx.forEach((f, i) => { z += r.val[i] * model.weights[f * K + c]; });
      return z;
    };
    // The carrier segment scores high for its category, noise segments low, for every noise word.
    for (let noise = 2; noise < 10; noise++) {
      expect(logit(0, [0, noise])).toBeGreaterThan(1);
      expect(logit(1, [1, noise])).toBeGreaterThan(1);
      expect(logit(0, [noise])).toBeLessThan(-1);
      expect(logit(1, [noise])).toBeLessThan(-1);
    }
    // Feature 0 says nothing about category 1.
    expect(logit(1, [0, 2])).toBeLessThan(-1);
  });

  it('lowers the loss on held-out bags, and is deterministic', () => {
    const held = toyBags(100, 2);
    const before = held.reduce((a, b) => a + bagLoss(b, { weights: new Float32Array(10 * K), biases: new Float32Array(K) }, 4), 0);
    const m1 = trainMil(toyBags(400, 1), 10, opts);
    const after = held.reduce((a, b) => a + bagLoss(b, m1, 4), 0);
    expect(after).toBeLessThan(before * 0.2);
    const m2 = trainMil(toyBags(400, 1), 10, opts);
    expect(Array.from(m2.weights)).toEqual(Array.from(m1.weights));
  });
});
