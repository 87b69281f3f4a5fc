import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../training/embed-lite/sparse';
import { jacobiEigen, orthonormalizeColumns, randomizedSvd } from '../../training/embed-lite/svd';
import { gaussian, mulberry32 } from '../../src/core/util/random';

function denseToCsr(rows: number, cols: number, a: number[]): CsrMatrix {
  const entries = new Map<number, number>();
  a.forEach((v, i) => { if (v !== 0) entries.set(i, v); });
  return CsrMatrix.fromEntries(rows, cols, entries);
}

describe('CsrMatrix', () => {
  it('multiplies and multiplies transposed like the dense matrix', () => {
    // [[1,0,2],[0,3,0]]
    const m = denseToCsr(2, 3, [1, 0, 2, 0, 3, 0]);
    expect(m.nnz).toBe(3);
    const x = Float64Array.from([1, 2, 3, 4, 5, 6]); // 3 x 2
    expect(Array.from(m.multiply(x, 2))).toEqual([1 + 10, 2 + 12, 9, 12]);
    const y = Float64Array.from([1, 2]); // 2 x 1
    expect(Array.from(m.multiplyTransposed(y, 1))).toEqual([1, 6, 2]);
  });
});

describe('jacobiEigen', () => {
  it('finds the eigenvalues of a symmetric matrix', () => {
    const { values } = jacobiEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect([...values].sort()).toEqual([expect.closeTo(1, 10), expect.closeTo(3, 10)]);
  });
});

describe('orthonormalizeColumns', () => {
  it('gives orthonormal columns', () => {
    const next = gaussian(mulberry32(3));
    const a = Float64Array.from({ length: 20 * 4 }, next);
    orthonormalizeColumns(a, 20, 4);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
      let dot = 0;
      for (let r = 0; r < 20; r++) dot += a[r * 4 + i] * a[r * 4 + j];
      expect(dot).toBeCloseTo(i === j ? 1 : 0, 10);
    }
  });
});

describe('randomizedSvd', () => {
  it('recovers the singular values of an exactly low-rank matrix, deterministically', () => {
    // A = sum_k s_k u_k v_kᵀ with orthonormal u, v (built by Gram-Schmidt) and s = 9, 4, 1
    const n = 30;
    const next = gaussian(mulberry32(11));
    const u = Float64Array.from({ length: n * 3 }, next);
    const v = Float64Array.from({ length: n * 3 }, next);
    orthonormalizeColumns(u, n, 3);
    orthonormalizeColumns(v, n, 3);
    const s = [9, 4, 1];
    const dense: number[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let x = 0;
      for (let k = 0; k < 3; k++) x += s[k] * u[i * 3 + k] * v[j * 3 + k];
      dense.push(x);
    }
    const m = denseToCsr(n, n, dense);
    const a = randomizedSvd(m, { rank: 3, seed: 5 });
    expect(Array.from(a.s)).toEqual([expect.closeTo(9, 8), expect.closeTo(4, 8), expect.closeTo(1, 8)]);
    // left vectors match up to sign (signs are fixed deterministically)
    for (let k = 0; k < 3; k++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += a.u[i * 3 + k] * u[i * 3 + k];
      expect(Math.abs(dot)).toBeCloseTo(1, 8);
    }
    const b = randomizedSvd(m, { rank: 3, seed: 5 });
    expect(Array.from(b.u)).toEqual(Array.from(a.u));
  });
});
