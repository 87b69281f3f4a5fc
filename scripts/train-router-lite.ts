/**
 * npm run train -- [--data-dir DIR] [--folds 5] [--out public/models/router-lite.json]
 *                  [--search [--round 1|2|3] [--only NAME,...]] [--search-out FILE]
 *
 * Trains router-lite on the training conversations only (never the benchmark), with grouped
 * k-fold cross-validation for calibration, decoding policy and the reported CV figures.
 * --search runs the hyper-parameter comparison whose results chose the defaults below.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { dataDir, loadTraining, parseFlags, TRAIN_FILES } from './lib/data-paths';
import type { FeatureConfig } from '../src/core/lite/features';
import {
  calibratedProbs, evaluateOutOfFold, fitCalibration, groupedFolds, outOfFoldLogits, trainRouterLite,
  type CvMetrics, type CvReport, type Hyperparameters, type Objective, type TrainingExample,
} from '../training/router-lite/train';
import { CATEGORY_NAMES } from '../src/core/taxonomy';

/**
 * Chosen by `npm run train -- --search` (5-fold grouped CV on the 2,001 training conversations;
 * table and reasoning in docs/router-lite.md). Never tuned on the benchmark.
 */
const DEFAULT_FEATURES: FeatureConfig = {
  wordNgramMax: 2,
  roleNamespaces: [],
  roleNgramMax: 1,
  sublinearTf: true,
  maxChars: 20_000,
};

const DEFAULT_HYPERPARAMETERS: Hyperparameters = {
  features: DEFAULT_FEATURES,
  minDf: 2,
  maxFeatures: 30_000,
  l2: 1e-4,
  classWeightPower: 0.5,
  shortViewWeight: 0,
  sourceWeights: { 'routing_train_part1.jsonl': 0.25 },
  weightEncoding: 'int8-base64',
  solver: { maxIterations: 200, tolerance: 1e-7, history: 10 },
};

const DEFAULT_OBJECTIVE: Objective = 'balanced';

/**
 * Candidates of --search, by round. Each differs from its round's base in one named way. Round 1
 * started from user-namespaced features, whose removal won and became round 2's base; round 2's
 * winner (part1 conversations at weight 0.25) became round 3's base, the default.
 */
function searchCandidates(round: number): { name: string; hp: Hyperparameters }[] {
  const d = DEFAULT_HYPERPARAMETERS;
  const round2 = { ...d, sourceWeights: {} };
  const base = round === 1 ? { ...round2, features: { ...DEFAULT_FEATURES, roleNamespaces: ['user' as const] } } : round === 2 ? round2 : d;
  const c = (name: string, over: Partial<Hyperparameters>, feat: Partial<FeatureConfig> = {}) =>
    ({ name, hp: { ...base, ...over, features: { ...base.features, ...feat } } });
  if (round === 1) {
    return [
      c('default', {}),
      c('l2=3e-5', { l2: 3e-5 }),
      c('l2=3e-4', { l2: 3e-4 }),
      c('l2=1e-3', { l2: 1e-3 }),
      c('classw=0', { classWeightPower: 0 }),
      c('classw=1', { classWeightPower: 1 }),
      c('unigrams', {}, { wordNgramMax: 1 }),
      c('no-role-ns', {}, { roleNamespaces: [] }),
      c('role-ns-bigrams', {}, { roleNgramMax: 2 }),
      c('raw-tf', {}, { sublinearTf: false }),
      c('short-views=0.5', { shortViewWeight: 0.5 }),
      c('short-views=1', { shortViewWeight: 1 }),
      c('maxfeat=15k', { maxFeatures: 15_000 }),
      c('maxfeat=60k', { maxFeatures: 60_000 }),
      c('int16', { weightEncoding: 'int16-base64' }),
    ];
  }
  if (round >= 3) {
    return [
      c('default', {}),
      c('part1-weight=0.1', { sourceWeights: { 'routing_train_part1.jsonl': 0.1 } }),
      c('part1-weight=0', { sourceWeights: { 'routing_train_part1.jsonl': 0 } }),
      c('classw=1', { classWeightPower: 1 }),
      c('maxfeat=60k', { maxFeatures: 60_000 }),
      c('l2=3e-4', { l2: 3e-4 }),
    ];
  }
  return [
    c('default', {}),
    c('l2=3e-5', { l2: 3e-5 }),
    c('l2=3e-4', { l2: 3e-4 }),
    c('classw=0', { classWeightPower: 0 }),
    c('classw=1', { classWeightPower: 1 }),
    c('short-views=1', { shortViewWeight: 1 }),
    c('trigrams', {}, { wordNgramMax: 3 }),
    c('assistant-ns', {}, { roleNamespaces: ['assistant'] }),
    c('maxfeat=60k', { maxFeatures: 60_000 }),
    c('part1-weight=0.5', { sourceWeights: { 'routing_train_part1.jsonl': 0.5 } }),
    c('part1-weight=0.25', { sourceWeights: { 'routing_train_part1.jsonl': 0.25 } }),
  ];
}

function toExamples(dir: string): { examples: TrainingExample[]; hash: string; skipped: number; repaired: number } {
  const report = loadTraining(dir);
  const hash = createHash('sha256');
  for (const f of TRAIN_FILES) hash.update(readFileSync(resolve(dir, f)));
  const examples = report.records.map((r) => ({
    conversation: r.conversation, categories: r.categories, group: r.scenarioId, source: r.source.file,
  }));
  return { examples, hash: `sha256:${hash.digest('hex')}`, skipped: report.skipped.length, repaired: report.repaired.length };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const fmt = (m: CvMetrics) => `F1 ${m.avg_f1.toFixed(3)}  exact ${pct(m.exact_match)}  any ${pct(m.any_match)}  |pred| ${m.mean_categories.toFixed(2)}`;

function printCv(cv: CvReport): void {
  const p = cv.policy;
  console.log(`decoding policy (chosen on out-of-fold predictions, objective ${cv.objective}): top-1 + others with p >= ${p.minProbability} and >= ${p.minRatioToTop} x top, max ${p.maxCategories}, prior correction alpha ${p.priorCorrection}`);
  console.log(`  CV nested   plain    ${fmt(cv.nested.plain)}`);
  console.log(`  CV nested   balanced ${fmt(cv.nested.balanced)}`);
  for (const [src, m] of Object.entries(cv.nested.bySource)) console.log(`  CV nested   ${src.padEnd(26)} ${fmt(m)}`);
  console.log(`  CV selected plain    ${fmt(cv.selected.plain)}`);
  console.log(`  CV selected balanced ${fmt(cv.selected.balanced)}`);
  console.log(`  top-1 only  plain    ${fmt(cv.top1.plain)}`);
  console.log(`  top-1 only  balanced ${fmt(cv.top1.balanced)}`);
}

function round(m: CvMetrics) {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Number(v.toFixed(4))]));
}

function search(examples: TrainingExample[], folds: number, searchRound: number, only: string[] | null, out: string): void {
  const fold = groupedFolds(examples, folds);
  const rows: Record<string, unknown>[] = [];
  for (const { name, hp } of searchCandidates(searchRound)) {
    if (only && !only.includes(name)) continue;
    const t0 = performance.now();
    const oof = outOfFoldLogits(examples, hp, fold, folds);
    const probs = calibratedProbs(oof, fitCalibration(oof, examples));
    const row: Record<string, unknown> = { name };
    for (const objective of ['plain', 'balanced'] as const) {
      const cv = evaluateOutOfFold(probs, examples, fold, folds, objective);
      row[objective] = { nested_plain: round(cv.nested.plain), nested_balanced: round(cv.nested.balanced), policy: { ...cv.policy, rankWeights: undefined } };
    }
    row.seconds = Number(((performance.now() - t0) / 1000).toFixed(1));
    rows.push(row);
    const b = row.balanced as { nested_plain: CvMetrics; nested_balanced: CvMetrics };
    console.log(`${name.padEnd(18)} [balanced objective] plain F1 ${b.nested_plain.avg_f1.toFixed(3)} exact ${pct(b.nested_plain.exact_match)} | balanced F1 ${b.nested_balanced.avg_f1.toFixed(3)} exact ${pct(b.nested_balanced.exact_match)}  (${row.seconds}s)`);
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ round: searchRound, folds, grouping: 'scenario_id', rows }, null, 1)}\n`);
  console.log(`search results written to ${out}`);
}

function main(): void {
  const flags = parseFlags(process.argv.slice(2));
  const folds = Number(flags.folds ?? 5);
  if (!Number.isInteger(folds) || folds < 2 || folds > 20) {
    console.error('--folds must be an integer from 2 to 20.');
    process.exit(2);
  }
  const dir = dataDir(typeof flags['data-dir'] === 'string' ? flags['data-dir'] : undefined);
  const { examples, hash, skipped, repaired } = toExamples(dir);
  console.log(`training data: ${dir}: ${examples.length} conversations (${skipped} skipped, ${repaired} repaired), ${hash.slice(0, 19)}...`);
  if (examples.length < folds * 2) {
    console.error(`Not enough training conversations (${examples.length}) for ${folds} folds.`);
    process.exit(2);
  }
  if (flags.search) {
    const only = typeof flags.only === 'string' ? flags.only.split(',') : null;
    const round = Number(flags.round ?? 3);
    search(examples, folds, round, only, resolve(typeof flags['search-out'] === 'string' ? flags['search-out'] : `docs/router-lite-search-round${round}.json`));
    return;
  }
  const out = resolve(typeof flags.out === 'string' ? flags.out : 'public/models/router-lite.json');
  const t0 = performance.now();
  const { model, cv } = trainRouterLite(examples, DEFAULT_HYPERPARAMETERS, {
    folds, objective: DEFAULT_OBJECTIVE, dataHash: hash, onProgress: (m) => console.log(`  ${m}`),
  });
  printCv(cv);
  const text = `${JSON.stringify(model)}\n`;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  const reportPath = out.replace(/\.json$/, '.report.json');
  const report = {
    model: out.split('/').pop(), bytes: text.length, dataHash: hash, records: examples.length,
    categories: CATEGORY_NAMES, hyperparameters: DEFAULT_HYPERPARAMETERS, vocabulary: model.vocabulary.length,
    cv: {
      folds, grouping: 'scenario_id', objective: cv.objective, policy: model.decoding,
      nested: { plain: round(cv.nested.plain), balanced: round(cv.nested.balanced), bySource: Object.fromEntries(Object.entries(cv.nested.bySource).map(([k, v]) => [k, round(v)])) },
      selected: { plain: round(cv.selected.plain), balanced: round(cv.selected.balanced) },
      top1: { plain: round(cv.top1.plain), balanced: round(cv.top1.balanced) },
    },
  };
  writeFileSync(reportPath, `${JSON.stringify(report, null, 1)}\n`);
  console.log(`model written to ${out} (${(text.length / 1024).toFixed(0)} KiB, ${model.vocabulary.length} features) in ${((performance.now() - t0) / 1000).toFixed(0)} s; report ${reportPath}`);
}

main();
