/**
 * Engine-agnostic routing benchmark: runs any async classify function over benchmark scenarios
 * and reports the published metrics, reward components, latency and disagreements. Pure (no Node
 * APIs, no DOM): the CLI and the in-browser benchmark page share it.
 */
import type { BenchmarkScenario, PublishedResults } from './loaders';
import { RouterError, toRouterError } from './errors';
import { meanRewards, percentile, rewardComponents, scoreScenario, summarize, type RewardComponents } from './metrics';
import { CATEGORY_NAMES } from './taxonomy';

export interface BenchClassification {
  categories: readonly string[];
  scores?: Partial<Record<string, number>>;
}

export type BenchClassify = (conversation: string, scenario: BenchmarkScenario) => Promise<BenchClassification>;

export interface RoutingBenchOptions {
  /** Name shown in the report (benchmark name or file). */
  benchmark?: string;
  engine?: string;
  /** Untimed calls before timing starts (cycling through the scenarios): JIT and caches warm up. */
  warmup?: number;
  /** Timed calls per scenario; the scenario's latency is their median (the prediction is the first). */
  repeats?: number;
  /** Published results to show side by side (only meaningful for the benchmark they belong to). */
  published?: PublishedResults | null;
  /** Clock in milliseconds; performance.now by default. */
  now?: () => number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface GroupFigures {
  count: number;
  avg_f1: number;
  exact_match: number;
  any_match: number;
}

export interface ScenarioRow {
  id: string;
  difficulty: string;
  focus?: string;
  gold: string[];
  predicted: string[];
  f1: number;
  exact: boolean;
  any: boolean;
  latency_ms: number;
  rewards: RewardComponents;
  scores?: Partial<Record<string, number>>;
  /** Set when classify failed: the scenario counts as an empty (invalid) answer. */
  error?: string;
  /** Published predictions for this scenario id, by model key, when provided. */
  published?: Record<string, string[]>;
}

export interface PublishedComparison {
  key: string;
  name: string;
  avg_f1: number;
  exact_match: number;
  any_match: number;
  by_difficulty: Record<string, GroupFigures>;
}

export interface RoutingBenchReport {
  benchmark: string;
  engine: string;
  count: number;
  avg_f1: number;
  exact_match: number;
  any_match: number;
  precision: number;
  recall: number;
  mean_categories: number;
  by_difficulty: Record<string, GroupFigures & { precision: number; recall: number }>;
  rewards: ReturnType<typeof meanRewards>;
  latency_ms: { p50: number; p95: number; mean: number; max: number; warmup: number; repeats: number };
  rows: ScenarioRow[];
  disagreements: ScenarioRow[];
  errors: { id: string; message: string }[];
  published: PublishedComparison[];
}

function compareWithPublished(published: PublishedResults | null | undefined): PublishedComparison[] {
  if (!published) return [];
  return Object.entries(published.summaries).map(([key, s]) => ({
    key,
    name: s.name ?? key,
    avg_f1: s.avg_f1,
    exact_match: s.exact_match,
    any_match: s.any_match,
    by_difficulty: Object.fromEntries(Object.entries(s.by_difficulty ?? {}).map(([d, g]) => [d, {
      count: g.count, avg_f1: g.f1, exact_match: g.exact_match, any_match: g.any_match,
    }])),
  }));
}

function publishedFor(published: PublishedResults | null | undefined, id: string): Record<string, string[]> | undefined {
  if (!published) return undefined;
  const out: Record<string, string[]> = {};
  for (const [key, list] of Object.entries(published.detailed ?? {})) {
    const hit = Array.isArray(list) ? list.find((r) => r && r.id === id) : undefined;
    if (hit && Array.isArray(hit.predicted)) out[key] = hit.predicted.map(String);
  }
  return Object.keys(out).length ? out : undefined;
}

/** Keeps only taxonomy names, in taxonomy order, so equal sets print equally. */
function canonical(categories: readonly string[]): string[] {
  const set = new Set(categories);
  return CATEGORY_NAMES.filter((c) => set.has(c));
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function runRoutingBenchmark(
  scenarios: readonly BenchmarkScenario[], classify: BenchClassify, opts: RoutingBenchOptions = {},
): Promise<RoutingBenchReport> {
  const now = opts.now ?? (() => performance.now());
  const warmup = Math.max(0, Math.floor(opts.warmup ?? 0));
  const repeats = Math.max(1, Math.floor(opts.repeats ?? 1));
  const errors: { id: string; message: string }[] = [];
  if (scenarios.length) {
    for (let i = 0; i < warmup; i++) {
      const s = scenarios[i % scenarios.length];
      // Warm-up failures surface again (and are reported) in the timed pass.
      await classify(s.conversation, s).catch(() => undefined);
    }
  }
  const rows: ScenarioRow[] = [];
  for (const [i, s] of scenarios.entries()) {
    if (opts.signal?.aborted) throw new RouterError('CANCELLED', 'The benchmark was cancelled.');
    let predicted: string[] = [];
    let scores: BenchClassification['scores'];
    let error: string | undefined;
    const times: number[] = [];
    for (let r = 0; r < repeats && !error; r++) {
      const t0 = now();
      try {
        const out = await classify(s.conversation, s);
        times.push(now() - t0);
        if (r === 0) { predicted = canonical(out.categories); scores = out.scores; }
      } catch (e) {
        times.push(now() - t0);
        error = toRouterError(e).message;
        errors.push({ id: s.id, message: error });
      }
    }
    const score = scoreScenario(predicted, s.expected);
    rows.push({
      id: s.id, difficulty: s.difficulty, focus: s.focus, gold: canonical(s.expected), predicted,
      f1: score.f1, exact: score.exact, any: score.any, latency_ms: median(times),
      rewards: rewardComponents(predicted, s.expected), scores, error, published: publishedFor(opts.published, s.id),
    });
    opts.onProgress?.(i + 1, scenarios.length);
  }
  const summary = summarize(rows, (r) => scoreScenario(r.predicted, r.gold), (r) => r.difficulty);
  const by_difficulty: RoutingBenchReport['by_difficulty'] = {};
  for (const [d, a] of Object.entries(summary.groups)) {
    by_difficulty[d] = { count: a.count, avg_f1: a.f1, exact_match: a.exact_match, any_match: a.any_match, precision: a.precision, recall: a.recall };
  }
  const latencies = rows.map((r) => r.latency_ms);
  const o = summary.overall;
  return {
    benchmark: opts.benchmark ?? 'benchmark',
    engine: opts.engine ?? 'unknown',
    count: rows.length,
    avg_f1: o.f1,
    exact_match: o.exact_match,
    any_match: o.any_match,
    precision: o.precision,
    recall: o.recall,
    mean_categories: rows.length ? rows.reduce((a, r) => a + r.predicted.length, 0) / rows.length : 0,
    by_difficulty,
    rewards: meanRewards(rows.map((r) => r.rewards)),
    latency_ms: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      mean: latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : 0,
      max: latencies.length ? Math.max(...latencies) : 0,
      warmup,
      repeats,
    },
    rows,
    disagreements: rows.filter((r) => !r.exact),
    errors,
    published: compareWithPublished(opts.published),
  };
}
