/**
 * What the benchmark page adds to the shared runner's report (src/core/routing-bench.ts): the
 * per-scenario inference timings (tokens, tokens/s) the engines report, their summary, the chart
 * data beside the published figures, and the downloadable JSON. Pure: no React, no DOM.
 */
import type { RoutingBenchReport } from '../../core/routing-bench';
import type { ClassifyTimings } from '../../core/contracts';

export interface TimingSummary {
  /** Scenarios whose engine reported token counts (0 for router-lite, which has none). */
  withTokens: number;
  meanPrefillTokens?: number;
  meanDecodeTokens?: number;
  meanPrefillTokensPerSec?: number;
  meanDecodeTokensPerSec?: number;
  meanTimeToFirstTokenMs?: number;
}

function mean(values: (number | undefined)[]): number | undefined {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : undefined;
}

export function summarizeTimings(timings: ReadonlyMap<string, ClassifyTimings>): TimingSummary {
  const list = [...timings.values()];
  return {
    withTokens: list.filter((t) => t.prefillTokens !== undefined).length,
    meanPrefillTokens: mean(list.map((t) => t.prefillTokens)),
    meanDecodeTokens: mean(list.map((t) => t.decodeTokens)),
    meanPrefillTokensPerSec: mean(list.map((t) => t.prefillTokensPerSec)),
    meanDecodeTokensPerSec: mean(list.map((t) => t.decodeTokensPerSec)),
    meanTimeToFirstTokenMs: mean(list.map((t) => t.timeToFirstTokenMs)),
  };
}

export interface ChartGroup {
  label: string;
  bars: { series: string; value: number }[];
}

const METRICS = [['any_match', 'Any match'], ['exact_match', 'Exact match'], ['avg_f1', 'Avg F1']] as const;

/** Series: this run first, then each published model, by metric. */
export function overallChart(report: RoutingBenchReport, ours: string): ChartGroup[] {
  return METRICS.map(([key, label]) => ({
    label,
    bars: [{ series: ours, value: report[key] }, ...report.published.map((p) => ({ series: p.name, value: p[key] }))],
  }));
}

/** F1 by difficulty, in the benchmark's order of difficulties. */
export function difficultyChart(report: RoutingBenchReport, ours: string): ChartGroup[] {
  return Object.entries(report.by_difficulty).map(([d, g]) => ({
    label: `${d} (${g.count})`,
    bars: [{ series: ours, value: g.avg_f1 }, ...report.published.map((p) => ({ series: p.name, value: p.by_difficulty[d]?.avg_f1 ?? 0 }))],
  }));
}

export interface BenchmarkDownload {
  kind: 'memory-router.routing-benchmark';
  created: string;
  engine: { id: string; label: string; model?: string | null };
  report: RoutingBenchReport;
  timings: { summary: TimingSummary; byScenario: Record<string, ClassifyTimings> };
  environment: { userAgent?: string };
}

export function benchmarkDownload(
  report: RoutingBenchReport,
  timings: ReadonlyMap<string, ClassifyTimings>,
  engine: BenchmarkDownload['engine'],
  now = new Date(),
  userAgent?: string,
): BenchmarkDownload {
  return {
    kind: 'memory-router.routing-benchmark',
    created: now.toISOString(),
    engine,
    report,
    timings: { summary: summarizeTimings(timings), byScenario: Object.fromEntries(timings) },
    environment: { userAgent },
  };
}

export function downloadName(engineId: string, now = new Date()): string {
  return `routing-benchmark-${engineId.replace(/[^a-z0-9._-]+/gi, '-')}-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`;
}
