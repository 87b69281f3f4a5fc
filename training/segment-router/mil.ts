/**
 * Multiple-instance training of the segment router. Every example is a bag of segments with the
 * bag's labels: a labelled segment of the project's corpus is a bag of one; a long training
 * conversation is a bag of all its segments, labelled only as a whole ("some segment carries
 * each of these categories; no segment carries the others"). The bag's logit per category is the
 * soft maximum of its segments' logits, the same pooling the router decodes with, so the gradient
 * goes mostly to the segment that carries the category instead of copying the conversation's
 * labels onto every sentence.
 *
 * Linear model over sparse features, AdaGrad, L2 on touched weights, a seeded bag order:
 * deterministic for a given input.
 */
import { MEMORY_CATEGORIES } from '../../src/core/taxonomy';
import { mulberry32 } from '../../src/core/util/random';
import type { SparseRow } from '../../src/core/router/router';

const K = MEMORY_CATEGORIES.length;

export interface Bag {
  rows: SparseRow[];
  /** 1 where the bag carries the category (MEMORY_CATEGORIES order). */
  y: Uint8Array;
  weight: number;
}

export interface MilOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** r of the pooling (1/r)·log Σ exp(r·z). */
  sharpness: number;
  /** Multiplier of the loss of positive labels, per category. */
  positiveWeight: number[];
  seed: number;
}

export interface LinearModel {
  /** Feature-major: weights[f * K + c]. */
  weights: Float32Array;
  biases: Float32Array;
}

function segmentLogits(row: SparseRow, w: Float32Array, b: Float32Array, out: Float64Array): void {
  for (let c = 0; c < K; c++) out[c] = b[c];
  for (let i = 0; i < row.idx.length; i++) {
    const base = row.idx[i] * K;
    const x = row.val[i];
    for (let c = 0; c < K; c++) out[c] += x * w[base + c];
  }
}

/** Loss of one bag under the model (for tests and monitoring). */
export function bagLoss(bag: Bag, m: LinearModel, sharpness: number): number {
  const z = bag.rows.map(() => new Float64Array(K));
  bag.rows.forEach((r, s) => segmentLogits(r, m.weights, m.biases, z[s]));
  let loss = 0;
  for (let c = 0; c < K; c++) {
    let max = -Infinity;
    for (const row of z) max = Math.max(max, row[c]);
    let sum = 0;
    for (const row of z) sum += Math.exp(sharpness * (row[c] - max));
    const Z = max + Math.log(sum) / sharpness;
    loss += bag.y[c] ? Math.log1p(Math.exp(-Z)) : Math.log1p(Math.exp(Z));
  }
  return loss * bag.weight;
}

export function trainMil(bags: readonly Bag[], features: number, opts: MilOptions): LinearModel {
  const w = new Float32Array(features * K);
  const b = new Float32Array(K);
  const gw = new Float32Array(features * K).fill(1e-8);
  const gb = new Float64Array(K).fill(1e-8);
  const rand = mulberry32(opts.seed);
  const order = bags.map((_, i) => i);
  const gradZ = new Float64Array(K);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const bi of order) {
      const bag = bags[bi];
      const n = bag.rows.length;
      if (n === 0) continue;
      const z = new Array<Float64Array>(n);
      for (let s = 0; s < n; s++) { z[s] = new Float64Array(K); segmentLogits(bag.rows[s], w, b, z[s]); }
      // Pooled logit per category and each segment's share of it (softmax with sharpness r).
      const share = z.map(() => new Float64Array(K));
      for (let c = 0; c < K; c++) {
        let max = -Infinity;
        for (let s = 0; s < n; s++) max = Math.max(max, z[s][c]);
        let sum = 0;
        for (let s = 0; s < n; s++) { share[s][c] = Math.exp(opts.sharpness * (z[s][c] - max)); sum += share[s][c]; }
        const Z = max + Math.log(sum) / opts.sharpness;
        for (let s = 0; s < n; s++) share[s][c] /= sum;
        const p = 1 / (1 + Math.exp(-Z));
        gradZ[c] = bag.weight * (p - bag.y[c]) * (bag.y[c] ? opts.positiveWeight[c] : 1);
      }
      for (let c = 0; c < K; c++) {
        gb[c] += gradZ[c] * gradZ[c];
        b[c] -= (opts.learningRate * gradZ[c]) / Math.sqrt(gb[c]);
      }
      for (let s = 0; s < n; s++) {
        const row = bag.rows[s];
        for (let i = 0; i < row.idx.length; i++) {
          const base = row.idx[i] * K;
          const x = row.val[i];
          for (let c = 0; c < K; c++) {
            const g = x * gradZ[c] * share[s][c] + opts.l2 * w[base + c];
            if (g === 0) continue;
            gw[base + c] += g * g;
            w[base + c] -= (opts.learningRate * g) / Math.sqrt(gw[base + c]);
          }
        }
      }
    }
  }
  return { weights: w, biases: b };
}
