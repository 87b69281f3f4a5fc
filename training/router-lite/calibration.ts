/**
 * Platt scaling: p = sigmoid(a * z + b), fitted by Newton's method on out-of-fold scores with
 * Platt's smoothed targets (so a category that is always right still gets p < 1).
 */

export interface PlattParams {
  a: number;
  b: number;
}

export function fitPlatt(scores: ArrayLike<number>, labels: ArrayLike<number>): PlattParams {
  const n = scores.length;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += labels[i] ? 1 : 0;
  const neg = n - pos;
  if (n === 0) return { a: 1, b: 0 };
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = labels[i] ? hi : lo;

  const loss = (a: number, b: number) => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const z = a * scores[i] + b;
      // -[t log p + (1-t) log(1-p)] written stably.
      f += z >= 0 ? (1 - t[i]) * z + Math.log1p(Math.exp(-z)) : -t[i] * z + Math.log1p(Math.exp(z));
    }
    return f;
  };

  let a = 1;
  let b = Math.log((pos + 1) / (neg + 1));
  let f = loss(a, b);
  for (let it = 0; it < 100; it++) {
    let ga = 0, gb = 0, haa = 1e-12, hab = 0, hbb = 1e-12;
    for (let i = 0; i < n; i++) {
      const z = a * scores[i] + b;
      const p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
      const d = p - t[i];
      const w = p * (1 - p);
      ga += d * scores[i];
      gb += d;
      haa += w * scores[i] * scores[i];
      hab += w * scores[i];
      hbb += w;
    }
    if (Math.abs(ga) < 1e-9 && Math.abs(gb) < 1e-9) break;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(haa * gb - hab * ga) / det;
    let step = 1;
    let improved = false;
    for (let tries = 0; tries < 30; tries++) {
      const fn = loss(a + step * da, b + step * db);
      if (fn < f) { a += step * da; b += step * db; f = fn; improved = true; break; }
      step *= 0.5;
    }
    if (!improved) break;
  }
  return { a, b };
}
