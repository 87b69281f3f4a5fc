/**
 * Pure metric functions of the published benchmark and training recipe.
 * Predicted and gold are sets of category names (`none` included as a name).
 */
import { categoryInfo, isCategoryName, scopeOf, type Horizon } from './taxonomy';

export interface ScenarioScore {
  precision: number;
  recall: number;
  f1: number;
  exact: boolean;
  any: boolean;
}

/** Per-scenario scores. Both empty counts as perfect, as published. */
export function scoreScenario(predicted: Iterable<string>, gold: Iterable<string>): ScenarioScore {
  const p = new Set(predicted);
  const g = new Set(gold);
  if (p.size === 0 && g.size === 0) return { precision: 1, recall: 1, f1: 1, exact: true, any: true };
  let tp = 0;
  for (const c of p) if (g.has(c)) tp++;
  const precision = p.size ? tp / p.size : 0;
  const recall = g.size ? tp / g.size : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, exact: tp === p.size && tp === g.size, any: tp > 0 };
}

export interface Aggregate {
  count: number;
  precision: number;
  recall: number;
  f1: number;
  exact_match: number;
  any_match: number;
}

export function aggregate(scores: readonly ScenarioScore[]): Aggregate {
  const n = scores.length;
  if (n === 0) return { count: 0, precision: 0, recall: 0, f1: 0, exact_match: 0, any_match: 0 };
  const mean = (f: (s: ScenarioScore) => number) => scores.reduce((a, s) => a + f(s), 0) / n;
  return {
    count: n,
    precision: mean((s) => s.precision),
    recall: mean((s) => s.recall),
    f1: mean((s) => s.f1),
    exact_match: mean((s) => (s.exact ? 1 : 0)),
    any_match: mean((s) => (s.any ? 1 : 0)),
  };
}

/** Overall and per-group aggregates (e.g. by difficulty). Groups keep first-seen order. */
export function summarize<T>(
  items: readonly T[],
  score: (item: T) => ScenarioScore,
  group: (item: T) => string,
): { overall: Aggregate; groups: Record<string, Aggregate> } {
  const all: ScenarioScore[] = [];
  const byGroup = new Map<string, ScenarioScore[]>();
  for (const item of items) {
    const s = score(item);
    all.push(s);
    const key = group(item);
    if (!byGroup.has(key)) byGroup.set(key, []);
    byGroup.get(key)!.push(s);
  }
  const groups: Record<string, Aggregate> = {};
  for (const [k, v] of byGroup) groups[k] = aggregate(v);
  return { overall: aggregate(all), groups };
}

// ---- Reward components of the published RL recipe -------------------------------------------

/** Pairs of horizons that earn half credit (symmetric). */
const ADJACENT_HORIZONS: ReadonlyArray<readonly [Horizon, Horizon]> = [
  ['long', 'medium'],
  ['medium', 'short'],
  ['medium', 'rolling'],
  ['short', 'rolling'],
];

export function horizonsAdjacent(a: Horizon, b: Horizon): boolean {
  return ADJACENT_HORIZONS.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
}

/** Majority horizon of a set; ties go to the horizon seen first (deterministic). */
export function majorityHorizon(categories: Iterable<string>): Horizon | null {
  const counts = new Map<Horizon, number>();
  for (const c of categories) {
    if (!isCategoryName(c)) continue;
    const h = categoryInfo(c).horizon;
    counts.set(h, (counts.get(h) ?? 0) + 1);
  }
  let best: Horizon | null = null;
  let bestCount = 0;
  for (const [h, n] of counts) if (n > bestCount) { best = h; bestCount = n; }
  return best;
}

/** R_temp: 1 when majority horizons match, 0.5 when adjacent, else 0 (0 if either set is empty). */
export function temporalReward(predicted: Iterable<string>, gold: Iterable<string>): number {
  const p = majorityHorizon(predicted);
  const g = majorityHorizon(gold);
  if (!p || !g) return 0;
  if (p === g) return 1;
  return horizonsAdjacent(p, g) ? 0.5 : 0;
}

/** R_parity: 1 when the company/user/mixed/none scope of both sets agrees. */
export function parityReward(predicted: Iterable<string>, gold: Iterable<string>): number {
  return scopeOf(predicted) === scopeOf(gold) ? 1 : 0;
}

/** R_eff: storage efficiency by number of predicted categories. */
export function efficiencyReward(count: number): number {
  if (count <= 3) return 1;
  if (count === 4) return 0.7;
  if (count === 5) return 0.4;
  return 0;
}

export interface RewardComponents {
  r_f1: number;
  r_temp: number;
  r_parity: number;
  r_eff: number;
  r_total: number;
  format_valid: boolean;
}

/**
 * R_total = 0.6 F1 + 0.2 temp + 0.1 parity + 0.1 eff. An answer with no valid category is a format
 * failure and scores -1, as in the recipe.
 */
export function rewardComponents(predicted: readonly string[], gold: readonly string[]): RewardComponents {
  if (predicted.length === 0) {
    return { r_f1: 0, r_temp: 0, r_parity: 0, r_eff: 0, r_total: -1, format_valid: false };
  }
  const r_f1 = scoreScenario(predicted, gold).f1;
  const r_temp = temporalReward(predicted, gold);
  const r_parity = parityReward(predicted, gold);
  const r_eff = efficiencyReward(new Set(predicted).size);
  const r_total = 0.6 * r_f1 + 0.2 * r_temp + 0.1 * r_parity + 0.1 * r_eff;
  return { r_f1, r_temp, r_parity, r_eff, r_total, format_valid: true };
}

export function meanRewards(list: readonly RewardComponents[]): Omit<RewardComponents, 'format_valid'> & { format_valid_rate: number } {
  const n = list.length || 1;
  const m = (f: (r: RewardComponents) => number) => list.reduce((a, r) => a + f(r), 0) / n;
  return {
    r_f1: m((r) => r.r_f1),
    r_temp: m((r) => r.r_temp),
    r_parity: m((r) => r.r_parity),
    r_eff: m((r) => r.r_eff),
    r_total: m((r) => r.r_total),
    format_valid_rate: m((r) => (r.format_valid ? 1 : 0)),
  };
}

/** Nearest-rank percentile of a list of numbers (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}
