/**
 * The decision head: per category, a logistic regression from pooled segment evidence (soft-max
 * logit, mean logit, log of the number of segments, bias) to "the conversation carries this
 * category". Fitted on out-of-fold logits, so it learns how the model's scores behave on text it
 * has not seen: a single sentence and a 30-segment conversation are labelled differently (the long
 * conversations by their main subjects), and one threshold on the raw soft maximum cannot serve both.
 */
import type { Role } from '../../src/core/conversation';
import { MEMORY_CATEGORIES } from '../../src/core/taxonomy';
import { fnv1a } from '../../src/core/util/random';
import { headFeatures, SegmentRouter } from '../../src/core/router/router';
import { HEAD_FEATURES } from '../../src/core/router/model-format';
import type { CorpusItem } from './corpus';
import { trainRouter, type LongConversation, type TrainConfig } from './train';

const K = MEMORY_CATEGORIES.length;

export interface HeadExample {
  /** Segment logits of one held-out conversation. */
  z: Float32Array[];
  /** The conversation view's logits (null without that view). */
  conv: Float32Array | null;
  y: Uint8Array;
  weight: number;
  /** Where it came from: the corpus, or a long conversation of part 1 or 2. */
  kind: 'corpus' | 'part1' | 'part2';
  /** Number of segments. */
  segments: number;
  /** Who said each segment (the "stated outright" rule reads only the user's). */
  roles: Role[];
}

function labelsOf(categories: readonly string[]): Uint8Array {
  const y = new Uint8Array(K);
  for (const c of categories) { const i = MEMORY_CATEGORIES.indexOf(c as never); if (i >= 0) y[i] = 1; }
  return y;
}

/** Out-of-fold segment logits of every training conversation (corpus items and long ones). */
export function outOfFoldExamples(corpus: readonly CorpusItem[], long: readonly (LongConversation & { group: string })[], config: TrainConfig, folds = 5): HeadExample[] {
  // A seed other than the dev split's, so that the train items spread over every fold.
  const foldOf = (key: string) => fnv1a(key, 0x9e3779b9) % folds;
  const out: HeadExample[] = [];
  for (let k = 0; k < folds; k++) {
    const model = trainRouter(corpus.filter((c) => foldOf(c.id) !== k), long.filter((l) => foldOf(l.group) !== k), config);
    const router = new SegmentRouter(model);
    for (const c of corpus) if (foldOf(c.id) === k) { const r = router.segmentLogits(c.turns); out.push({ z: r.z, conv: r.conv, y: labelsOf(c.categories), weight: 1, kind: 'corpus', segments: r.z.length, roles: r.segments.map((g) => g.role) }); }
    for (const l of long) {
      if (foldOf(l.group) !== k) continue;
      const w = l.part === 1 ? config.longWeight.part1 : config.longWeight.part2;
      if (w > 0) { const r = router.segmentLogits(l.turns); out.push({ z: r.z, conv: r.conv, y: labelsOf(l.categories), weight: w * config.headLongWeight, kind: l.part === 1 ? 'part1' : 'part2', segments: r.z.length, roles: r.segments.map((g) => g.role) }); }
    }
  }
  return out;
}

/** Solves A x = b for a small dense system (Gaussian elimination with partial pivoting). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let r = i + 1; r < n; r++) if (Math.abs(M[r][i]) > Math.abs(M[p][i])) p = r;
    [M[i], M[p]] = [M[p], M[i]];
    const d = M[i][i] || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === i) continue;
      const f = M[r][i] / d;
      for (let c = i; c <= n; c++) M[r][c] -= f * M[i][c];
    }
  }
  return M.map((row, i) => row[n] / (row[i] || 1e-12));
}

/** Weighted L2-regularised logistic regression per category, by Newton's method. */
export function fitHead(examples: readonly HeadExample[], sharpness: number, l2 = 1e-2): number[][] {
  const head: number[][] = [];
  for (let c = 0; c < K; c++) {
    const X = examples.map((e) => (e.z.length ? headFeatures(e.z, c, sharpness, e.conv) : [0, 0, 0, 1, 0]));
    let w = [1, 0, 0, 0, 0];
    for (let iter = 0; iter < 30; iter++) {
      const g = Array(HEAD_FEATURES).fill(0);
      const H = Array.from({ length: HEAD_FEATURES }, () => Array(HEAD_FEATURES).fill(0));
      examples.forEach((e, i) => {
        const x = X[i];
        let s = 0;
        for (let j = 0; j < HEAD_FEATURES; j++) s += w[j] * x[j];
        const p = 1 / (1 + Math.exp(-s));
        const r = e.weight * (p - e.y[c]);
        const h = e.weight * Math.max(p * (1 - p), 1e-6);
        for (let a = 0; a < HEAD_FEATURES; a++) {
          g[a] += r * x[a];
          for (let b = 0; b < HEAD_FEATURES; b++) H[a][b] += h * x[a] * x[b];
        }
      });
      for (let a = 0; a < HEAD_FEATURES; a++) { if (a === 3) continue; g[a] += l2 * w[a]; H[a][a] += l2; }
      const step = solve(H, g);
      w = w.map((v, j) => v - step[j]);
      if (Math.max(...step.map(Math.abs)) < 1e-6) break;
    }
    head.push(w.map((v) => Number(v.toPrecision(6))));
  }
  return head;
}
