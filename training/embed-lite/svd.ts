/**
 * Truncated SVD by randomized range finding (Halko, Martinsson & Tropp, 2011): project onto a
 * seeded Gaussian sketch, sharpen with power iterations, orthonormalise, then solve the small
 * problem exactly with Jacobi eigen-decomposition. Deterministic for a given seed.
 */
import type { CsrMatrix } from './sparse';
import { gaussian, mulberry32 } from '../../src/core/util/random';

export interface TruncatedSvd {
  /** Left singular vectors, rows x rank, row-major. */
  u: Float64Array;
  /** Singular values, descending. */
  s: Float64Array;
  rank: number;
}

export interface SvdOptions {
  rank: number;
  oversample?: number;
  powerIterations?: number;
  seed?: number;
}

export function randomizedSvd(m: CsrMatrix, opts: SvdOptions): TruncatedSvd {
  const rank = Math.min(opts.rank, m.rows, m.cols);
  const l = Math.min(rank + (opts.oversample ?? 10), m.rows, m.cols);
  const normal = gaussian(mulberry32(opts.seed ?? 1));
  const omega = new Float64Array(m.cols * l);
  for (let i = 0; i < omega.length; i++) omega[i] = normal();
  let y = m.multiply(omega, l);
  orthonormalizeColumns(y, m.rows, l);
  for (let it = 0; it < (opts.powerIterations ?? 3); it++) {
    const z = m.multiplyTransposed(y, l);
    orthonormalizeColumns(z, m.cols, l);
    y = m.multiply(z, l);
    orthonormalizeColumns(y, m.rows, l);
  }
  // B = Qᵀ M (l x cols); its Gram matrix B Bᵀ (l x l) has the squared singular values.
  const bt = m.multiplyTransposed(y, l); // cols x l, i.e. Bᵀ
  const gram = new Float64Array(l * l);
  for (let c = 0; c < m.cols; c++) {
    const o = c * l;
    for (let i = 0; i < l; i++) {
      const bi = bt[o + i];
      if (bi === 0) continue;
      for (let j = i; j < l; j++) gram[i * l + j] += bi * bt[o + j];
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) gram[i * l + j] = gram[j * l + i];
  const { values, vectors } = jacobiEigen(gram, l);
  const order = [...values.keys()].sort((a, b) => values[b] - values[a]).slice(0, rank);
  const u = new Float64Array(m.rows * rank);
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < rank; c++) {
      const e = order[c];
      let acc = 0;
      for (let i = 0; i < l; i++) acc += y[r * l + i] * vectors[i * l + e];
      u[r * rank + c] = acc;
    }
  }
  fixSigns(u, m.rows, rank);
  const s = Float64Array.from(order, (e) => Math.sqrt(Math.max(0, values[e])));
  return { u, s, rank };
}

/** Modified Gram–Schmidt on the columns of a row-major rows x k matrix, in place. */
export function orthonormalizeColumns(a: Float64Array, rows: number, k: number): void {
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < j; i++) {
      let dot = 0;
      for (let r = 0; r < rows; r++) dot += a[r * k + i] * a[r * k + j];
      for (let r = 0; r < rows; r++) a[r * k + j] -= dot * a[r * k + i];
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += a[r * k + j] * a[r * k + j];
    norm = Math.sqrt(norm);
    const inv = norm > 1e-12 ? 1 / norm : 0;
    for (let r = 0; r < rows; r++) a[r * k + j] *= inv;
  }
}

/** Cyclic Jacobi eigen-decomposition of a small symmetric matrix (n x n, row-major). */
export function jacobiEigen(input: Float64Array, n: number, sweeps = 60): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(input);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < sweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i];
  return { values, vectors: v };
}

/** Makes the largest-magnitude entry of each column positive: same input, same output signs. */
function fixSigns(u: Float64Array, rows: number, k: number): void {
  for (let c = 0; c < k; c++) {
    let best = 0;
    for (let r = 0; r < rows; r++) if (Math.abs(u[r * k + c]) > Math.abs(best)) best = u[r * k + c];
    if (best < 0) for (let r = 0; r < rows; r++) u[r * k + c] = -u[r * k + c];
  }
}
