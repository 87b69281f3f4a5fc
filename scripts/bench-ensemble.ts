/**
 * npx tsx scripts/bench-ensemble.ts [--data-dir DIR] [--model FILE] [--json OUT]
 *
 * What the ensemble policy does to the published 8B's answers, measured without a GPU: the LLM's
 * answers are REPLAYED from the published per-scenario predictions of the fine-tuned 8B
 * (published_results_rl8b_vs_cohere104b.json), router-lite runs for real, and the fixed policy of
 * src/engines/ensemble.ts combines them. Nothing is tuned here: the policy (addAt 0.5, at most 3)
 * was fixed from calibration reasoning before this ran; the benchmark is only reported.
 * Compared: LLM alone, router-lite alone, the plain union of both, and the ensemble policy.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BENCHMARK_FILE, dataDir, parseFlags, PUBLISHED_FILE, requireFile } from './lib/data-paths';
import { parseBenchmark, parsePublishedResults } from '../src/core/loaders';
import { runRoutingBenchmark, type BenchClassification, type RoutingBenchReport } from '../src/core/routing-bench';
import { LiteEngine } from '../src/engines/lite-engine';
import { combineAnswers, DEFAULT_ENSEMBLE_POLICY } from '../src/engines/ensemble';
import { parseCategories } from '../src/core/parser';
import type { CategoryName } from '../src/core/taxonomy';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const dir = dataDir(typeof flags['data-dir'] === 'string' ? flags['data-dir'] : undefined);
  const bench = parseBenchmark(requireFile(resolve(dir, BENCHMARK_FILE), 'the benchmark'), BENCHMARK_FILE);
  const published = parsePublishedResults(requireFile(resolve(dir, PUBLISHED_FILE), 'the published results'), PUBLISHED_FILE);
  const modelPath = resolve(typeof flags.model === 'string' ? flags.model : 'public/models/router.bin');
  if (!existsSync(modelPath)) throw new Error(`No router-lite model at ${modelPath}: run npm run train.`);
  const lite = new LiteEngine({ model: readFileSync(modelPath) });
  await lite.load();

  const llmAnswers = new Map<string, CategoryName[]>();
  for (const row of published.detailed.rl_model ?? []) llmAnswers.set(row.id, parseCategories(row.predicted.join(', ')).categories);
  const missing = bench.scenarios.filter((s) => !llmAnswers.has(s.id)).map((s) => s.id);
  if (missing.length) throw new Error(`Published 8B predictions lack ${missing.length} scenarios (${missing.slice(0, 3).join(', ')}).`);

  const liteOut = new Map<string, { categories: CategoryName[]; scores?: Partial<Record<CategoryName, number>> }>();
  for (const s of bench.scenarios) {
    const r = await lite.classify(s.conversation);
    liteOut.set(s.id, { categories: r.categories, scores: r.scores });
  }

  const variants: Record<string, (id: string) => BenchClassification> = {
    'llm (published 8B, replayed)': (id) => ({ categories: llmAnswers.get(id)! }),
    'router-lite': (id) => ({ categories: liteOut.get(id)!.categories }),
    'union (llm ∪ router-lite)': (id) => {
      const u = new Set<string>([...llmAnswers.get(id)!, ...liteOut.get(id)!.categories]);
      if (u.size > 1) u.delete('none');
      return { categories: [...u] };
    },
    [`ensemble (llm + router-lite p≥${DEFAULT_ENSEMBLE_POLICY.addAt}, ≤${DEFAULT_ENSEMBLE_POLICY.maxCategories})`]: (id) => ({
      categories: combineAnswers(llmAnswers.get(id)!, liteOut.get(id)!.scores, DEFAULT_ENSEMBLE_POLICY).categories,
    }),
  };

  const reports: Record<string, RoutingBenchReport> = {};
  console.log(`${bench.name}: ${bench.scenarios.length} scenarios. LLM answers are replayed from the published 8B predictions.\n`);
  console.log(`${'variant'.padEnd(52)} ${'F1'.padStart(5)} ${'exact'.padStart(6)} ${'any'.padStart(5)} ${'R_total'.padStart(8)} ${'cats'.padStart(5)}  F1 easy/medium/hard`);
  for (const [name, fn] of Object.entries(variants)) {
    const r = await runRoutingBenchmark(bench.scenarios, async (_c, s) => fn(s.id), { benchmark: bench.name, engine: name });
    reports[name] = r;
    const d = (k: string) => (r.by_difficulty[k]?.avg_f1 ?? 0).toFixed(2);
    console.log(`${name.padEnd(52)} ${r.avg_f1.toFixed(2).padStart(5)} ${`${(100 * r.exact_match).toFixed(0)}%`.padStart(6)} ${`${(100 * r.any_match).toFixed(0)}%`.padStart(5)} ${r.rewards.r_total.toFixed(3).padStart(8)} ${r.mean_categories.toFixed(2).padStart(5)}  ${d('easy')}/${d('medium')}/${d('hard')}`);
  }
  const out = resolve(typeof flags.json === 'string' ? flags.json : 'bench-results/ensemble.json');
  mkdirSync(dirname(out), { recursive: true });
  const strip = (r: RoutingBenchReport) => ({ ...r, rows: r.rows.map(({ id, difficulty, predicted, gold, f1 }) => ({ id, difficulty, predicted, gold, f1 })), disagreements: undefined });
  writeFileSync(out, `${JSON.stringify({ policy: DEFAULT_ENSEMBLE_POLICY, note: 'LLM answers replayed from published 8B predictions', variants: Object.fromEntries(Object.entries(reports).map(([k, r]) => [k, strip(r)])) }, null, 2)}\n`);
  console.log(`\nJSON: ${out}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
