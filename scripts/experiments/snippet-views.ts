/**
 * Experiment (not part of the build): does router-lite get better on short pasted exchanges if it
 * also trains on short "snippet views" of the training conversations (first 3 turns, first sentence
 * of each, <= 200 characters)? Five-fold CV grouped by scenario id over the full conversations and
 * their snippet views together (a conversation and its snippet share a group); scored on each view
 * with the nested decoding policy. Results and the decision: docs/router-lite.md.
 *
 *   npx tsx scripts/experiments/snippet-views.ts <snippet weight, e.g. 0 | 0.3 | 1>
 */
import { dataDir, loadTraining } from '../lib/data-paths';
import { calibratedProbs, evaluateOutOfFold, fitCalibration, groupedFolds, outOfFoldLogits, type Hyperparameters, type TrainingExample } from '../../training/router-lite/train';
import type { Conversation } from '../../src/core/conversation';

function firstSentence(t: string): string {
  const m = /^(.+?[.!?])(\s|$)/s.exec(t.trim());
  return (m ? m[1] : t.trim()).slice(0, 200);
}
export function snippet(c: Conversation): Conversation {
  return c.slice(0, 3).map((t) => ({ ...t, content: firstSentence(t.content) }));
}

const report = loadTraining(dataDir());
const base: TrainingExample[] = report.records.map((r) => ({ conversation: r.conversation, categories: r.categories, group: r.scenarioId, source: r.source.file }));
const snip: TrainingExample[] = base.map((e) => ({ ...e, conversation: snippet(e.conversation), source: `${e.source}#snippet` }));
const all = [...base, ...snip];
const n = base.length;
const folds = 5;
const fold = groupedFolds(all, folds);

const HP: Hyperparameters = {
  features: { wordNgramMax: 2, roleNamespaces: [], roleNgramMax: 1, sublinearTf: true, maxChars: 20000 },
  minDf: 2, maxFeatures: 30000, l2: 1e-4, classWeightPower: 0.5, shortViewWeight: 0,
  sourceWeights: { 'routing_train_part1.jsonl': 0.25 }, weightEncoding: 'int8-base64',
  solver: { maxIterations: 200, tolerance: 1e-7, history: 10 },
} as Hyperparameters;

const arg = process.argv[2] ?? '0';
const w = Number(arg);
const hp: Hyperparameters = { ...HP, sourceWeights: { 'routing_train_part1.jsonl': 0.25, 'routing_train_part2.jsonl': 1, 'routing_train_part1.jsonl#snippet': 0.25 * w, 'routing_train_part2.jsonl#snippet': w } };
const t0 = Date.now();
const oof = outOfFoldLogits(all, hp, fold, folds);
const f = (m: { avg_f1: number; exact_match: number }) => `F1 ${m.avg_f1.toFixed(3)} EM ${(100 * m.exact_match).toFixed(1)}`;
for (const calOn of ['full', 'both']) {
  const rows = calOn === 'full' ? base : all;
  const cal = fitCalibration(oof.subarray(0, rows.length * 13), rows);
  const probs = calibratedProbs(oof, cal);
  const pFull = probs.subarray(0, n * 13), pSnip = probs.subarray(n * 13);
  const fFull = fold.slice(0, n), fSnip = fold.slice(n);
  for (const obj of ['plain', 'balanced'] as const) {
    const onFull = evaluateOutOfFold(pFull, base, fFull, folds, obj);
    const onSnip = evaluateOutOfFold(pSnip, snip, fSnip, folds, obj);
    const onBoth = evaluateOutOfFold(probs, all, fold, folds, obj);
    console.log(`w=${w} cal=${calOn} obj=${obj} | policy@full: full ${f(onFull.nested.plain)} | policy@snip: snip ${f(onSnip.nested.plain)} bal ${f(onSnip.nested.balanced)} | policy@both: both ${f(onBoth.nested.plain)} bal ${f(onBoth.nested.balanced)}; policy ${JSON.stringify({ ...onSnip.policy, rankWeights: undefined })}`);
  }
}
console.log(`${((Date.now() - t0) / 1000).toFixed(0)} s`);
