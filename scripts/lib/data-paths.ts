/** Where the shared data lives: `--data-dir`, then ROUTER_DATA_DIR, then ../shared/data. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseTrainingJsonl, type LoadReport, type TrainingRecord } from '../../src/core/loaders';

export const TRAIN_FILES = ['routing_train_part1.jsonl', 'routing_train_part2.jsonl'];
export const BENCHMARK_FILE = 'marketing_routing_benchmark.json';
export const PUBLISHED_FILE = 'published_results_rl8b_vs_cohere104b.json';
/** The retrieval test set: scored by the bench CLIs only (training refuses everything under bench/). */
export const RETRIEVAL_TEST_FILE = 'bench/retrieval-dataset.json';

export function dataDir(flag?: string): string {
  return resolve(flag ?? process.env.ROUTER_DATA_DIR ?? resolve(process.cwd(), '../shared/data'));
}

export function requireFile(path: string, what: string): string {
  if (!existsSync(path)) {
    console.error(`Cannot find ${what} at ${path}. Pass --data-dir DIR or set ROUTER_DATA_DIR.`);
    process.exit(2);
  }
  return readFileSync(path, 'utf8');
}

/** Loads all training files; the skipped/repaired report is merged across files. */
export function loadTraining(dir: string): LoadReport<TrainingRecord> {
  const all: LoadReport<TrainingRecord> = { records: [], skipped: [], repaired: [] };
  for (const f of TRAIN_FILES) {
    const r = parseTrainingJsonl(requireFile(resolve(dir, f), `training file ${f}`), f);
    all.records.push(...r.records);
    all.skipped.push(...r.skipped);
    all.repaired.push(...r.repaired);
  }
  return all;
}

/** Minimal flag parser: --name value and --flag (boolean). */
export function parseFlags(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) { out[a.slice(2, eq)] = a.slice(eq + 1); continue; }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) { out[a.slice(2)] = next; i++; }
    else out[a.slice(2)] = true;
  }
  return out;
}
