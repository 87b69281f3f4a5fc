/**
 * The supervised step: a linear map M of the sentence space, fitted so that each query of the dev
 * set's TRAIN split scores its own memory above the other memories of its company (distractors
 * included): softmax cross-entropy over cos(M q, M m) / temperature, Adam, and an L2 pull toward
 * the identity (`l2`) so that 511 queries cannot rewrite the space, only tilt it. A sentence vector
 * is a weighted sum of word rows, so M is folded into the rows (compose.ts) and costs nothing at
 * inference. Deterministic: full-batch per company, fixed order, no sampling.
 */
import { dot } from '../../src/core/util/vector-math';
import type { LiteEmbedModel } from '../../src/embed/lite/model';
import { liteWords } from '../../src/embed/lite/model';

export interface MapSettings {
  l2: number;
  epochs: number;
  temperature: number;
  learningRate: number;
}

/** One company's memories and its queries, each with the indexes of its right answers. */
export interface PairGroup {
  memories: string[];
  queries: Array<{ text: string; answers: number[] }>;
}

export function fitLinearMap(model: LiteEmbedModel, groups: readonly PairGroup[], s: MapSettings): { matrix: Float64Array; loss: number[] } {
  const d = model.dimension;
  const embed = (t: string) => Float64Array.from(model.embedWords(liteWords(t)));
  const data = groups.map((g) => ({
    mem: g.memories.map(embed),
    qs: g.queries.map((q) => ({ v: embed(q.text), answers: new Set(q.answers) })).filter((q) => dot(q.v, q.v) > 0),
  }));
  const w = new Float64Array(d * d);
  for (let i = 0; i < d; i++) w[i * d + i] = 1;
  const m1 = new Float64Array(d * d);
  const m2 = new Float64Array(d * d);
  let step = 0;
  const losses: number[] = [];
  const apply = (x: Float64Array) => {
    const u = new Float64Array(d);
    for (let i = 0; i < d; i++) u[i] = dot(w.subarray(i * d, (i + 1) * d), x);
    return u;
  };
  // d(score)/d(x) through u = W x, h = u / |u|: dh -> du = (dh - (dh.h) h) / |u|, dW += du x^T
  const back = (dh: Float64Array, h: Float64Array, norm: number, x: Float64Array, grad: Float64Array) => {
    const k = dot(dh, h);
    for (let i = 0; i < d; i++) {
      const du = (dh[i] - k * h[i]) / norm;
      if (du === 0) continue;
      for (let j = 0; j < d; j++) grad[i * d + j] += du * x[j];
    }
  };
  for (let epoch = 0; epoch < s.epochs; epoch++) {
    let total = 0;
    let count = 0;
    for (const g of data) {
      if (g.qs.length === 0) continue;
      const grad = new Float64Array(d * d);
      const u = g.mem.map(apply);
      const norms = u.map((x) => Math.sqrt(dot(x, x)) || 1);
      const h = u.map((x, i) => x.map((y) => y / norms[i]));
      const dh = h.map(() => new Float64Array(d));
      for (const q of g.qs) {
        const uq = apply(q.v);
        const nq = Math.sqrt(dot(uq, uq)) || 1;
        const hq = uq.map((y) => y / nq);
        const logits = h.map((x) => dot(x, hq) / s.temperature);
        const max = Math.max(...logits);
        const e = logits.map((l) => Math.exp(l - max));
        const z = e.reduce((a, b) => a + b, 0);
        const p = e.map((x) => x / z);
        let pos = 0;
        q.answers.forEach((a) => { pos += p[a] ?? 0; });
        total -= Math.log(pos + 1e-12);
        count++;
        const dq = new Float64Array(d);
        p.forEach((pi, i) => {
          const gl = (pi - (q.answers.has(i) ? pi / pos : 0)) / s.temperature;
          if (gl === 0) return;
          for (let j = 0; j < d; j++) { dq[j] += gl * h[i][j]; dh[i][j] += gl * hq[j]; }
        });
        back(dq, hq, nq, q.v, grad);
      }
      h.forEach((hi, i) => back(dh[i], hi, norms[i], g.mem[i], grad));
      step++;
      const b1 = 0.9, b2 = 0.999;
      for (let i = 0; i < d * d; i++) {
        const gi = grad[i] / g.qs.length + s.l2 * (w[i] - (i % (d + 1) === 0 ? 1 : 0));
        m1[i] = b1 * m1[i] + (1 - b1) * gi;
        m2[i] = b2 * m2[i] + (1 - b2) * gi * gi;
        w[i] -= (s.learningRate * (m1[i] / (1 - b1 ** step))) / (Math.sqrt(m2[i] / (1 - b2 ** step)) + 1e-8);
      }
    }
    losses.push(Math.round((total / Math.max(1, count)) * 1000) / 1000);
  }
  return { matrix: w, loss: losses };
}
