/**
 * One-vs-rest L2 logistic regression for all categories at once, solved with L-BFGS on a sparse
 * design matrix. Deterministic: fixed iteration order, no randomness, float64 throughout.
 */
import { dot } from '../../src/core/util/vector-math';

/** Compressed sparse rows. */
export interface CsrMatrix {
  rows: number;
  cols: number;
  rowPtr: Int32Array;
  colIdx: Int32Array;
  vals: Float64Array;
}

export function csrFromRows(rows: readonly { idx: Int32Array; val: Float64Array }[], cols: number): CsrMatrix {
  let nnz = 0;
  for (const r of rows) nnz += r.idx.length;
  const rowPtr = new Int32Array(rows.length + 1);
  const colIdx = new Int32Array(nnz);
  const vals = new Float64Array(nnz);
  let p = 0;
  rows.forEach((r, i) => {
    colIdx.set(r.idx, p);
    vals.set(r.val, p);
    p += r.idx.length;
    rowPtr[i + 1] = p;
  });
  return { rows: rows.length, cols, rowPtr, colIdx, vals };
}

export interface LogisticProblem {
  x: CsrMatrix;
  /** Labels, row-major rows x k, 1 or 0. */
  y: Uint8Array;
  k: number;
  /** Per-row weight (views, sources). */
  rowWeight: Float64Array;
  /** Per-category weight of positive examples (class balancing); negatives weigh 1. */
  positiveWeight: Float64Array;
  /** L2 strength on the weights (biases are not penalised); the loss is a weighted mean. */
  l2: number;
}

export interface LogisticModel {
  /** Feature-major weights, cols x k. */
  w: Float64Array;
  b: Float64Array;
  iterations: number;
  loss: number;
}

function log1pExp(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Loss and gradient at theta = [w (cols*k), b (k)]. */
function lossAndGradient(p: LogisticProblem, theta: Float64Array, grad: Float64Array, z: Float64Array): number {
  const { x, y, k, rowWeight, positiveWeight, l2 } = p;
  const nw = x.cols * k;
  grad.fill(0);
  let total = 0;
  let weightSum = 0;
  for (let i = 0; i < x.rows; i++) {
    const zi = i * k;
    for (let c = 0; c < k; c++) z[zi + c] = theta[nw + c];
    for (let q = x.rowPtr[i]; q < x.rowPtr[i + 1]; q++) {
      const base = x.colIdx[q] * k;
      const v = x.vals[q];
      for (let c = 0; c < k; c++) z[zi + c] += v * theta[base + c];
    }
  }
  for (let i = 0; i < x.rows; i++) weightSum += rowWeight[i];
  const inv = 1 / weightSum;
  // z now becomes the residual weight * (p - y) per row and category.
  for (let i = 0; i < x.rows; i++) {
    const zi = i * k;
    for (let c = 0; c < k; c++) {
      const yy = y[zi + c];
      const s = rowWeight[i] * (yy ? positiveWeight[c] : 1) * inv;
      const zz = z[zi + c];
      total += s * (log1pExp(zz) - (yy ? zz : 0));
      const prob = zz >= 0 ? 1 / (1 + Math.exp(-zz)) : Math.exp(zz) / (1 + Math.exp(zz));
      z[zi + c] = s * (prob - yy);
    }
  }
  for (let i = 0; i < x.rows; i++) {
    const zi = i * k;
    for (let q = x.rowPtr[i]; q < x.rowPtr[i + 1]; q++) {
      const base = x.colIdx[q] * k;
      const v = x.vals[q];
      for (let c = 0; c < k; c++) grad[base + c] += v * z[zi + c];
    }
    for (let c = 0; c < k; c++) grad[nw + c] += z[zi + c];
  }
  let reg = 0;
  for (let j = 0; j < nw; j++) {
    reg += theta[j] * theta[j];
    grad[j] += l2 * theta[j];
  }
  return total + 0.5 * l2 * reg;
}


export interface SolverOptions {
  maxIterations: number;
  /** Stop when the relative loss decrease over one step falls below this. */
  tolerance: number;
  history: number;
}

export const DEFAULT_SOLVER: SolverOptions = { maxIterations: 300, tolerance: 1e-7, history: 10 };

/** Minimises the problem's loss with L-BFGS and a backtracking (Armijo) line search. */
export function fitLogistic(p: LogisticProblem, opts: SolverOptions = DEFAULT_SOLVER): LogisticModel {
  const n = p.x.cols * p.k + p.k;
  const theta = new Float64Array(n);
  const grad = new Float64Array(n);
  const z = new Float64Array(p.x.rows * p.k);
  const s: Float64Array[] = [];
  const yv: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(n);
  const next = new Float64Array(n);
  const nextGrad = new Float64Array(n);
  const alpha = new Float64Array(opts.history);
  let f = lossAndGradient(p, theta, grad, z);
  let it = 0;
  for (; it < opts.maxIterations; it++) {
    // Two-loop recursion: dir = -H * grad.
    for (let i = 0; i < n; i++) dir[i] = -grad[i];
    for (let m = s.length - 1; m >= 0; m--) {
      alpha[m] = rho[m] * dot(s[m], dir);
      const ym = yv[m];
      for (let i = 0; i < n; i++) dir[i] -= alpha[m] * ym[i];
    }
    if (s.length) {
      const last = s.length - 1;
      const gamma = dot(s[last], yv[last]) / dot(yv[last], yv[last]);
      for (let i = 0; i < n; i++) dir[i] *= gamma;
    } else {
      const g = Math.sqrt(dot(grad, grad));
      if (g === 0) break;
      for (let i = 0; i < n; i++) dir[i] /= g;
    }
    for (let m = 0; m < s.length; m++) {
      const beta = rho[m] * dot(yv[m], dir);
      const sm = s[m];
      for (let i = 0; i < n; i++) dir[i] += (alpha[m] - beta) * sm[i];
    }
    let slope = dot(grad, dir);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = 0; yv.length = 0; rho.length = 0;
      for (let i = 0; i < n; i++) dir[i] = -grad[i];
      slope = dot(grad, dir);
      if (slope >= 0) break;
    }
    let step = 1;
    let fNext = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) next[i] = theta[i] + step * dir[i];
      fNext = lossAndGradient(p, next, nextGrad, z);
      if (fNext <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNext < f)) break;
    const sNew = new Float64Array(n);
    const yNew = new Float64Array(n);
    for (let i = 0; i < n; i++) { sNew[i] = next[i] - theta[i]; yNew[i] = nextGrad[i] - grad[i]; }
    const sy = dot(sNew, yNew);
    if (sy > 1e-12) {
      if (s.length === opts.history) { s.shift(); yv.shift(); rho.shift(); }
      s.push(sNew); yv.push(yNew); rho.push(1 / sy);
    }
    const decrease = (f - fNext) / Math.max(Math.abs(f), 1e-12);
    theta.set(next);
    grad.set(nextGrad);
    f = fNext;
    if (decrease < opts.tolerance) { it++; break; }
  }
  return { w: theta.slice(0, p.x.cols * p.k), b: theta.slice(p.x.cols * p.k), iterations: it, loss: f };
}
