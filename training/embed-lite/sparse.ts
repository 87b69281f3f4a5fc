/**
 * A compressed-sparse-row matrix with the two products randomized SVD needs (M·X and Mᵀ·X for a
 * dense, row-major X). Built once from a map of (row, col) -> value.
 */
export class CsrMatrix {
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly rowStart: Int32Array,
    readonly colIndex: Int32Array,
    readonly values: Float64Array,
  ) {}

  get nnz(): number {
    return this.values.length;
  }

  /** From entries keyed row * cols + col (a Map keeps insertion order; rows are sorted here). */
  static fromEntries(rows: number, cols: number, entries: Map<number, number>): CsrMatrix {
    const keys = Float64Array.from(entries.keys()).sort();
    const rowStart = new Int32Array(rows + 1);
    const colIndex = new Int32Array(keys.length);
    const values = new Float64Array(keys.length);
    keys.forEach((key, i) => {
      const r = Math.floor(key / cols);
      rowStart[r + 1]++;
      colIndex[i] = key - r * cols;
      values[i] = entries.get(key) as number;
    });
    for (let r = 0; r < rows; r++) rowStart[r + 1] += rowStart[r];
    return new CsrMatrix(rows, cols, rowStart, colIndex, values);
  }

  /** M (rows x cols) times X (cols x k, row-major) -> rows x k. */
  multiply(x: Float64Array, k: number): Float64Array {
    const out = new Float64Array(this.rows * k);
    for (let r = 0; r < this.rows; r++) {
      const o = r * k;
      for (let p = this.rowStart[r]; p < this.rowStart[r + 1]; p++) {
        const v = this.values[p];
        const xo = this.colIndex[p] * k;
        for (let j = 0; j < k; j++) out[o + j] += v * x[xo + j];
      }
    }
    return out;
  }

  /** Mᵀ (cols x rows) times X (rows x k, row-major) -> cols x k. */
  multiplyTransposed(x: Float64Array, k: number): Float64Array {
    const out = new Float64Array(this.cols * k);
    for (let r = 0; r < this.rows; r++) {
      const xo = r * k;
      for (let p = this.rowStart[r]; p < this.rowStart[r + 1]; p++) {
        const v = this.values[p];
        const o = this.colIndex[p] * k;
        for (let j = 0; j < k; j++) out[o + j] += v * x[xo + j];
      }
    }
    return out;
  }
}
