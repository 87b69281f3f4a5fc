/**
 * npm run bench:routing -- [--data FILE] [--engine lite] [--model FILE] [--json OUT]
 *                          [--data-dir DIR] [--published FILE] [--warmup N] [--repeats N]
 *
 * Runs a routing engine over a benchmark file (default: the 50-scenario Marketing Routing
 * Benchmark) and prints the published metrics, reward components, latency and disagreements.
 * For the default benchmark the published 8B and 104B figures are printed beside ours.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BENCHMARK_FILE, dataDir, parseFlags, PUBLISHED_FILE } from './lib/data-paths';
import { parseBenchmark, parsePublishedResults, type PublishedResults } from '../src/core/loaders';
import { RouterError, toRouterError } from '../src/core/errors';
import { runRoutingBenchmark, type RoutingBenchReport } from '../src/core/routing-bench';
import { LiteEngine } from '../src/engines/lite-engine';
import type { ClassifierEngine } from '../src/engines/types';

type Flags = Record<string, string | true>;
const str = (v: string | true | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** Engines that can run in Node. The WebLLM ones need a browser with WebGPU (see the bench page). */
const ENGINES: Record<string, (flags: Flags) => ClassifierEngine> = {
  lite: (flags) => {
    const path = resolve(str(flags.model) ?? 'public/models/router.bin');
    if (!existsSync(path)) throw new RouterError('MODEL_NOT_FOUND', `No router-lite model at ${path}: run \`npm run train\` or pass --model FILE.`);
    return new LiteEngine({ model: readFileSync(path) });
  },
};

function readText(path: string, what: string): string {
  if (!existsSync(path)) throw new RouterError('NOT_FOUND', `Cannot find ${what} at ${path}: pass --data FILE (or --data-dir DIR / ROUTER_DATA_DIR).`);
  return readFileSync(path, 'utf8');
}

const pct = (x: number) => `${(100 * x).toFixed(0)}%`.padStart(5);
const f2 = (x: number) => x.toFixed(2).padStart(5);

function printReport(r: RoutingBenchReport): void {
  console.log(`\n${r.benchmark}: ${r.count} scenarios, engine ${r.engine}`);
  const header = `${'model'.padEnd(38)} ${'any'.padStart(5)} ${'exact'.padStart(5)} ${'F1'.padStart(5)}`;
  const diffs = Object.keys(r.by_difficulty);
  console.log(`\n${header}   ${diffs.map((d) => `${d} F1/exact`.padStart(17)).join(' ')}`);
  const line = (name: string, any: number, exact: number, f1: number, by: Record<string, { avg_f1: number; exact_match: number }>) =>
    console.log(`${name.slice(0, 38).padEnd(38)} ${pct(any)} ${pct(exact)} ${f2(f1)}   ${diffs.map((d) => (by[d] ? `${f2(by[d].avg_f1)} /${pct(by[d].exact_match)}` : '-').padStart(17)).join(' ')}`);
  line(`${r.engine} (this run)`, r.any_match, r.exact_match, r.avg_f1, r.by_difficulty);
  for (const p of r.published) line(`${p.name} (published)`, p.any_match, p.exact_match, p.avg_f1, p.by_difficulty);
  const w = r.rewards;
  console.log(`\nmean reward components: R_f1 ${w.r_f1.toFixed(3)}  R_temp ${w.r_temp.toFixed(3)}  R_parity ${w.r_parity.toFixed(3)}  R_eff ${w.r_eff.toFixed(3)}  R_total ${w.r_total.toFixed(3)}  (valid format ${pct(w.format_valid_rate).trim()})`);
  console.log(`mean categories predicted: ${r.mean_categories.toFixed(2)}`);
  const l = r.latency_ms;
  console.log(`latency per conversation: p50 ${l.p50.toFixed(3)} ms, p95 ${l.p95.toFixed(3)} ms, mean ${l.mean.toFixed(3)} ms (after ${l.warmup} warm-up calls, median of ${l.repeats} timed calls each)`);
  if (r.errors.length) {
    console.log(`\n${r.errors.length} scenario(s) failed and count as empty answers:`);
    for (const e of r.errors) console.log(`  ${e.id}: ${e.message}`);
  }
  console.log(`\ndisagreements with gold (${r.disagreements.length} of ${r.count}):`);
  for (const d of r.disagreements) {
    const pub = d.published ? `   published: ${Object.entries(d.published).map(([k, v]) => `${k}=[${v.join(', ')}]`).join(' ')}` : '';
    console.log(`  ${d.id} (${d.difficulty}) F1 ${d.f1.toFixed(2)}  gold [${d.gold.join(', ')}]  predicted [${d.predicted.join(', ')}]${pub}`);
  }
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const defaultPath = resolve(dataDir(str(flags['data-dir'])), BENCHMARK_FILE);
  const dataPath = resolve(str(flags.data) ?? defaultPath);
  const engineName = str(flags.engine) ?? 'lite';
  const makeEngine = ENGINES[engineName];
  if (!makeEngine) throw new RouterError('WRONG_SCHEMA', `Unknown engine "${engineName}" for the Node benchmark: choose one of ${Object.keys(ENGINES).join(', ')} (WebLLM engines run on the in-browser benchmark page).`);

  const bench = parseBenchmark(readText(dataPath, 'the benchmark file'), dataPath.split('/').pop());
  for (const s of bench.skipped) console.warn(`skipped scenario ${s.line}${s.field ? ` (${s.field})` : ''}: ${s.reason}`);

  let published: PublishedResults | null = null;
  const publishedPath = str(flags.published) ?? (dataPath === defaultPath ? resolve(dirname(defaultPath), PUBLISHED_FILE) : undefined);
  if (publishedPath) {
    if (existsSync(publishedPath)) published = parsePublishedResults(readFileSync(publishedPath, 'utf8'), PUBLISHED_FILE);
    else console.warn(`published results not found at ${publishedPath}: printing this engine only.`);
  }

  const engine = makeEngine(flags);
  await engine.load();
  const warmup = Number(str(flags.warmup) ?? bench.scenarios.length);
  const repeats = Number(str(flags.repeats) ?? 5);
  const report = await runRoutingBenchmark(bench.scenarios, (conversation) => engine.classify(conversation), {
    benchmark: bench.name, engine: engine.id, warmup, repeats, published,
  });
  printReport(report);
  if (bench.skipped.length) console.log(`\n${bench.skipped.length} scenario(s) of the file were skipped (see warnings above).`);

  const out = flags.json === true ? `bench-results/routing-${engineName}.json` : str(flags.json);
  if (out) {
    mkdirSync(dirname(resolve(out)), { recursive: true });
    writeFileSync(resolve(out), `${JSON.stringify({ ...report, data: dataPath, skipped: bench.skipped }, null, 1)}\n`);
    console.log(`\nJSON written to ${out}`);
  }
}

main().catch((e) => {
  const err = toRouterError(e);
  console.error(`bench:routing failed (${err.code}): ${err.message}`);
  process.exit(1);
});
