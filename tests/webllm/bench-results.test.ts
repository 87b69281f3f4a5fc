import { describe, expect, it } from 'vitest';
import { runRoutingBenchmark } from '../../src/core/routing-bench';
import type { BenchmarkScenario, PublishedResults } from '../../src/core/loaders';
import type { ClassifyTimings } from '../../src/core/contracts';
import { benchmarkDownload, difficultyChart, downloadName, overallChart, summarizeTimings } from '../../src/ui/benchmark/bench-results';
import { publishedMatches } from '../../src/ui/benchmark/BenchmarkPage';

const SCENARIOS: BenchmarkScenario[] = [
  { id: 's1', conversation: 'USER: a', expected: ['company.brand_core'], difficulty: 'easy' },
  { id: 's2', conversation: 'USER: b', expected: ['user.role_context', 'company.brand_core'], difficulty: 'hard' },
];
const PUBLISHED: PublishedResults = {
  summaries: { rl_model: { name: '8B', avg_f1: 0.68, any_match: 0.72, exact_match: 0.6, by_difficulty: { easy: { count: 1, f1: 0.9, any_match: 1, exact_match: 1 } } } },
  detailed: { rl_model: [{ id: 's1', predicted: ['company.brand_core'], gold: ['company.brand_core'], f1: 1 }, { id: 's2', predicted: ['none'], gold: [], f1: 0 }] },
};

describe('benchmark page results', () => {
  it('summarizes engine timings, ignoring engines without token counts', () => {
    const t = new Map<string, ClassifyTimings>([
      ['a', { totalMs: 10, prefillTokens: 800, decodeTokens: 8, prefillTokensPerSec: 1000, decodeTokensPerSec: 30, timeToFirstTokenMs: 800 }],
      ['b', { totalMs: 20, prefillTokens: 600, decodeTokens: 4, prefillTokensPerSec: 500, decodeTokensPerSec: 20 }],
      ['c', { totalMs: 1 }],
    ]);
    expect(summarizeTimings(t)).toEqual({ withTokens: 2, meanPrefillTokens: 700, meanDecodeTokens: 6, meanPrefillTokensPerSec: 750, meanDecodeTokensPerSec: 25, meanTimeToFirstTokenMs: 800 });
    expect(summarizeTimings(new Map([['x', { totalMs: 1 }]]))).toEqual({ withTokens: 0, meanPrefillTokens: undefined, meanDecodeTokens: undefined, meanPrefillTokensPerSec: undefined, meanDecodeTokensPerSec: undefined, meanTimeToFirstTokenMs: undefined });
  });

  it('charts this run beside the published figures, and packs a JSON download', async () => {
    const report = await runRoutingBenchmark(SCENARIOS, async () => ({ categories: ['company.brand_core'] }), { published: PUBLISHED, engine: 'x' });
    const overall = overallChart(report, 'This run');
    expect(overall.map((g) => g.label)).toEqual(['Any match', 'Exact match', 'Avg F1']);
    expect(overall[0].bars).toEqual([{ series: 'This run', value: 1 }, { series: '8B', value: 0.72 }]);
    const byDiff = difficultyChart(report, 'This run');
    expect(byDiff.map((g) => g.label)).toEqual(['easy (1)', 'hard (1)']);
    expect(byDiff[1].bars[1]).toEqual({ series: '8B', value: 0 });
    const now = new Date('2026-01-02T03:04:05Z');
    const dl = benchmarkDownload(report, new Map([['s1', { totalMs: 3 }]]), { id: 'webllm', label: 'WebLLM', model: 'm' }, now, 'UA');
    expect(dl).toMatchObject({ kind: 'memory-router.routing-benchmark', created: '2026-01-02T03:04:05.000Z', engine: { id: 'webllm' }, timings: { byScenario: { s1: { totalMs: 3 } } }, environment: { userAgent: 'UA' } });
    expect(JSON.parse(JSON.stringify(dl)).report.rows).toHaveLength(2);
    expect(downloadName('stand-in', now)).toBe('routing-benchmark-stand-in-2026-01-02-03-04-05.json');
  });

  it('shows published figures only for the benchmark they belong to', () => {
    expect(publishedMatches({ name: 'b', scenarios: SCENARIOS, skipped: [] }, PUBLISHED)).toBe(true);
    expect(publishedMatches({ name: 'b', scenarios: [{ ...SCENARIOS[0], id: 'other' }], skipped: [] }, PUBLISHED)).toBe(false);
  });
});
