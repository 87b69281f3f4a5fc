/**
 * The one place for dense vector arithmetic on the CPU. Search, dedup, embedders and models all
 * call these; the hot scan over many rows has its own SIMD kernel (src/memory/search/wasm-dot.ts).
 */
type Vec = ArrayLike<number>;

/** Dot product over the first `length` entries (default: the shorter vector). */
export function dot(a: Vec, b: Vec, length = Math.min(a.length, b.length)): number {
  let s = 0;
  for (let i = 0; i < length; i++) s += a[i] * b[i];
  return s;
}

/** Dot product of row `row` of a row-major matrix (rows of `dim`) with `v`. */
export function dotRow(data: Vec, row: number, dim: number, v: Vec): number {
  const base = row * dim;
  let s = 0;
  for (let j = 0; j < dim; j++) s += data[base + j] * v[j];
  return s;
}

export function l2norm(v: Vec): number {
  return Math.sqrt(dot(v, v));
}

/** Scales `v` in place to unit length; a zero vector stays zero. Returns `v`. */
export function normalizeInPlace<T extends Float32Array | Float64Array>(v: T): T {
  const n = l2norm(v);
  if (n > 0) {
    const inv = 1 / n;
    for (let i = 0; i < v.length; i++) v[i] *= inv;
  }
  return v;
}

/** Cosine similarity of two vectors that are already L2-normalised (a dot product). */
export function cosineOfUnit(a: Vec, b: Vec): number {
  return dot(a, b);
}

/** a += scale * b, in place. */
export function addScaled(a: Float32Array | Float64Array, b: Vec, scale = 1): void {
  for (let i = 0; i < a.length; i++) a[i] += scale * b[i];
}

/** Removes the component of `v` along the unit vector `u`, in place. */
export function removeComponent(v: Float32Array | Float64Array, u: Vec): void {
  addScaled(v, u, -dot(v, u));
}
