/**
 * Pins our metric definitions to the published ones: recomputing the published per-scenario
 * predictions must give the published summaries. Needs ../shared/data (present in CI).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePublishedResults } from '../../src/core/loaders';
import { scoreScenario, summarize } from '../../src/core/metrics';

const file = resolve(process.env.ROUTER_DATA_DIR ?? resolve(__dirname, '../../../shared/data'), 'published_results_rl8b_vs_cohere104b.json');

// A skipped describe's body still runs to collect its tests, so the read must be guarded too.
const hasData = existsSync(file);

describe.skipIf(!hasData)('published results parity', () => {
  const published = hasData ? parsePublishedResults(readFileSync(file, 'utf8'), file) : { summaries: {}, detailed: {} };
  it.each(Object.keys(published.summaries))('recomputes the %s summary', (model) => {
    const rows = published.detailed[model] as unknown as { predicted: string[]; gold: string[]; difficulty: string }[];
    const s = summarize(rows, (r) => scoreScenario(r.predicted, r.gold), (r) => r.difficulty);
    const want = published.summaries[model];
    expect(s.overall.f1).toBeCloseTo(want.avg_f1, 6);
    expect(s.overall.exact_match).toBeCloseTo(want.exact_match, 6);
    expect(s.overall.any_match).toBeCloseTo(want.any_match, 6);
    for (const [d, g] of Object.entries(want.by_difficulty)) {
      expect(s.groups[d].f1).toBeCloseTo(g.f1, 6);
      expect(s.groups[d].exact_match).toBeCloseTo(g.exact_match, 6);
    }
  });
});
