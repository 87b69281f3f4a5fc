/**
 * Training pipeline of router-lite: vocabulary, TF-IDF rows, one-vs-rest logistic regression,
 * grouped k-fold cross-validation, Platt calibration on out-of-fold scores, and the choice of the
 * decoding policy on those same out-of-fold predictions. Pure and deterministic: the same examples
 * and hyperparameters give the same model bytes.
 */
import type { Conversation } from '../../src/core/conversation';
import { CATEGORY_NAMES, type CategoryName } from '../../src/core/taxonomy';
import { scoreScenario, type ScenarioScore } from '../../src/core/metrics';
import { featureCounts, tfidfRow, type FeatureConfig, type SparseRow } from '../../src/core/lite/features';
import { csrFromRows, fitLogistic, type SolverOptions } from '../lib/logistic';
import { fitPlatt } from './calibration';
import { decodeIndices, priorRankWeights, type DecodingPolicy } from '../../src/core/lite/decode';
import { LiteClassifier, sigmoid } from '../../src/core/lite/classifier';
import {
  LITE_MODEL_FORMAT, LITE_MODEL_VERSION, quantizeWeights, roundSig,
  type CvSummary, type LiteModelFile, type WeightEncoding,
} from '../../src/core/lite/model-format';
import { fnv1a } from '../../src/core/util/random';

export interface TrainingExample {
  conversation: Conversation;
  categories: CategoryName[];
  /** Examples sharing a group never straddle folds (the data repeats scenario ids). */
  group: string;
  /** Which file it came from, for per-source CV figures. */
  source: string;
}

export interface Hyperparameters {
  features: FeatureConfig;
  /** Keep features seen in at least this many training conversations... */
  minDf: number;
  /** ...and at most this many of them (most frequent first). */
  maxFeatures: number;
  /** L2 strength on the (mean) logistic loss. */
  l2: number;
  /** Positive examples of category c weigh (negatives / positives)^power: 0 = none, 1 = balanced. */
  classWeightPower: number;
  /**
   * Extra training views made of one user turn and the assistant reply after it, with the
   * conversation's labels; their total weight per conversation (0 = no short views).
   */
  shortViewWeight: number;
  /** Weight of the conversations of each source file (missing = 1): the two files differ in labelling style. */
  sourceWeights?: Record<string, number>;
  weightEncoding: WeightEncoding;
  solver: SolverOptions;
}

const K = CATEGORY_NAMES.length;

// ---- vocabulary and rows ----------------------------------------------------------------------

export interface Vocabulary {
  terms: string[];
  index: Map<string, number>;
  idf: number[];
}

/** Document frequency over full conversations; ties broken by the term so the order is fixed. */
export function buildVocabulary(counts: readonly Map<string, number>[], minDf: number, maxFeatures: number): Vocabulary {
  const df = new Map<string, number>();
  for (const doc of counts) for (const key of doc.keys()) df.set(key, (df.get(key) ?? 0) + 1);
  const kept = [...df.entries()]
    .filter(([, d]) => d >= minDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, maxFeatures);
  const n = counts.length;
  const terms = kept.map(([t]) => t);
  // Smoothed idf, rounded to 4 decimals here so training sees exactly what the file stores.
  const idf = kept.map(([, d]) => Number((Math.log((1 + n) / (1 + d)) + 1).toFixed(4)));
  return { terms, index: new Map(terms.map((t, i) => [t, i])), idf };
}

function rowFor(counts: Map<string, number>, vocab: Vocabulary, sublinear: boolean): SparseRow {
  const byCol = new Map<number, number>();
  for (const [key, n] of counts) {
    const c = vocab.index.get(key);
    if (c !== undefined) byCol.set(c, n);
  }
  return tfidfRow(byCol, vocab.idf, sublinear);
}

/** One user turn with the assistant reply that follows it: the shape of short transcripts. */
export function shortViews(conversation: Conversation): Conversation[] {
  const views: Conversation[] = [];
  conversation.forEach((t, i) => {
    if (t.role !== 'user') return;
    const next = conversation[i + 1];
    views.push(next && next.role !== 'user' ? [t, next] : [t]);
  });
  return views.length > 1 ? views : [];
}

export function labelRow(categories: readonly CategoryName[]): Uint8Array {
  const y = new Uint8Array(K);
  for (const c of categories) y[CATEGORY_NAMES.indexOf(c)] = 1;
  return y;
}

export function labelPrior(examples: readonly TrainingExample[]): number[] {
  const counts = new Array<number>(K).fill(0);
  for (const e of examples) for (const c of e.categories) counts[CATEGORY_NAMES.indexOf(c)]++;
  return counts.map((n) => n / Math.max(1, examples.length));
}

// ---- fitting ----------------------------------------------------------------------------------

const NEUTRAL_DECODING: DecodingPolicy = {
  minProbability: 0.5, minRatioToTop: 0, maxCategories: 3, rankWeights: new Array<number>(K).fill(1), priorCorrection: 0,
};

/** Fits weights on the examples and returns an (uncalibrated) model file. */
export function fitModel(examples: readonly TrainingExample[], hp: Hyperparameters): LiteModelFile {
  const fullCounts = examples.map((e) => featureCounts(e.conversation, hp.features));
  const vocab = buildVocabulary(fullCounts, hp.minDf, hp.maxFeatures);
  const rows: SparseRow[] = [];
  const labels: Uint8Array[] = [];
  const weights: number[] = [];
  examples.forEach((e, i) => {
    const y = labelRow(e.categories);
    const sw = hp.sourceWeights?.[e.source] ?? 1;
    rows.push(rowFor(fullCounts[i], vocab, hp.features.sublinearTf));
    labels.push(y);
    weights.push(sw);
    if (hp.shortViewWeight > 0) {
      const views = shortViews(e.conversation);
      for (const v of views) {
        rows.push(rowFor(featureCounts(v, hp.features), vocab, hp.features.sublinearTf));
        labels.push(y);
        weights.push((sw * hp.shortViewWeight) / views.length);
      }
    }
  });
  const y = new Uint8Array(rows.length * K);
  labels.forEach((l, i) => y.set(l, i * K));
  const positives = new Array<number>(K).fill(0);
  for (const e of examples) for (const c of e.categories) positives[CATEGORY_NAMES.indexOf(c)]++;
  const positiveWeight = Float64Array.from(positives, (p) => (p > 0 ? Math.pow((examples.length - p) / p, hp.classWeightPower) : 1));
  const fit = fitLogistic({
    x: csrFromRows(rows, vocab.terms.length), y, k: K,
    rowWeight: Float64Array.from(weights), positiveWeight, l2: hp.l2,
  }, hp.solver);
  return {
    format: LITE_MODEL_FORMAT,
    version: LITE_MODEL_VERSION,
    categories: [...CATEGORY_NAMES],
    features: hp.features,
    vocabulary: vocab.terms,
    idf: vocab.idf,
    weights: quantizeWeights(fit.w, vocab.terms.length, K, hp.weightEncoding),
    biases: Array.from(fit.b, (b) => roundSig(b)),
    calibration: { method: 'platt', a: new Array<number>(K).fill(1), b: new Array<number>(K).fill(0) },
    decoding: NEUTRAL_DECODING,
    training: {
      dataHash: '',
      records: examples.length,
      hyperparameters: { ...hp, solverIterations: fit.iterations },
      cv: { folds: 0, grouping: 'none', avg_f1: 0, exact_match: 0, any_match: 0 },
    },
  };
}

// ---- cross-validation -------------------------------------------------------------------------

/** Fold per example: groups ordered by a fixed hash, dealt round-robin. */
export function groupedFolds(examples: readonly TrainingExample[], folds: number, seed = 1): number[] {
  const groups = [...new Set(examples.map((e) => e.group))];
  groups.sort((a, b) => fnv1a(a, seed) - fnv1a(b, seed) || (a < b ? -1 : a > b ? 1 : 0));
  const foldOf = new Map(groups.map((g, i) => [g, i % folds]));
  return examples.map((e) => foldOf.get(e.group)!);
}

/** Out-of-fold raw scores (n x K), each from a quantized model that never saw that example. */
export function outOfFoldLogits(
  examples: readonly TrainingExample[], hp: Hyperparameters, fold: readonly number[], folds: number,
  onFold?: (f: number) => void,
): Float64Array {
  const oof = new Float64Array(examples.length * K);
  for (let f = 0; f < folds; f++) {
    const train = examples.filter((_, i) => fold[i] !== f);
    const model = LiteClassifier.fromModel(fitModel(train, hp));
    examples.forEach((e, i) => {
      if (fold[i] === f) oof.set(model.logits(e.conversation).logits, i * K);
    });
    onFold?.(f);
  }
  return oof;
}

export function fitCalibration(logits: Float64Array, examples: readonly TrainingExample[]): { a: number[]; b: number[] } {
  const a: number[] = [];
  const b: number[] = [];
  for (let c = 0; c < K; c++) {
    const z = new Float64Array(examples.length);
    const y = new Uint8Array(examples.length);
    examples.forEach((e, i) => { z[i] = logits[i * K + c]; y[i] = e.categories.includes(CATEGORY_NAMES[c]) ? 1 : 0; });
    const p = fitPlatt(z, y);
    a.push(roundSig(p.a));
    b.push(roundSig(p.b));
  }
  return { a, b };
}

export function calibratedProbs(logits: Float64Array, cal: { a: number[]; b: number[] }): Float64Array {
  const p = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) {
    const c = i % K;
    p[i] = sigmoid(cal.a[c] * logits[i] + cal.b[c]);
  }
  return p;
}

// ---- metrics and decoding choice --------------------------------------------------------------

/**
 * Weights that make every category count equally among the evaluated examples: the training set
 * is user.* heavy while the data README says real traffic leans company.*, so a policy chosen on
 * the raw distribution would over-serve the frequent user.* labels. Mean weight is 1.
 */
export function balancedWeights(examples: readonly TrainingExample[]): Float64Array {
  const counts = new Array<number>(K).fill(0);
  for (const e of examples) for (const c of e.categories) counts[CATEGORY_NAMES.indexOf(c)]++;
  const w = Float64Array.from(examples, (e) =>
    e.categories.reduce((s, c) => s + 1 / counts[CATEGORY_NAMES.indexOf(c)], 0) / e.categories.length);
  const mean = w.reduce((a, b) => a + b, 0) / w.length;
  return w.map((x) => x / mean);
}

export interface CvMetrics {
  count: number;
  avg_f1: number;
  exact_match: number;
  any_match: number;
  mean_categories: number;
}

export function weightedMetrics(scores: readonly ScenarioScore[], sizes: readonly number[], weights?: ArrayLike<number>): CvMetrics {
  let wsum = 0, f1 = 0, exact = 0, any = 0, size = 0;
  scores.forEach((s, i) => {
    const w = weights ? weights[i] : 1;
    wsum += w; f1 += w * s.f1; exact += w * (s.exact ? 1 : 0); any += w * (s.any ? 1 : 0); size += w * sizes[i];
  });
  const d = wsum || 1;
  return { count: scores.length, avg_f1: f1 / d, exact_match: exact / d, any_match: any / d, mean_categories: size / d };
}

export type Objective = 'plain' | 'balanced';

export interface DecodingGrid {
  minProbability: number[];
  minRatioToTop: number[];
  maxCategories: number[];
  priorCorrection: number[];
}

export const DEFAULT_DECODING_GRID: DecodingGrid = {
  minProbability: [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8],
  minRatioToTop: [0, 0.25, 0.5, 0.75],
  maxCategories: [1, 2, 3],
  priorCorrection: [0, 0.25, 0.5, 0.75, 1],
};

function decodeAll(probs: Float64Array, rows: readonly number[], policy: DecodingPolicy): number[][] {
  return rows.map((i) => decodeIndices(probs.subarray(i * K, i * K + K), policy));
}

function scoreRows(decoded: number[][], examples: readonly TrainingExample[], rows: readonly number[]): ScenarioScore[] {
  return decoded.map((d, j) => scoreScenario(d.map((c) => CATEGORY_NAMES[c]), examples[rows[j]].categories));
}

/** F1 + exact match: the two figures the acceptance asks for, equally weighted. */
const objectiveValue = (m: CvMetrics) => m.avg_f1 + m.exact_match;

export function policies(grid: DecodingGrid, prior: readonly number[]): DecodingPolicy[] {
  const out: DecodingPolicy[] = [];
  for (const priorCorrection of grid.priorCorrection) {
    const rankWeights = priorRankWeights(prior, priorCorrection);
    for (const maxCategories of grid.maxCategories) {
      for (const minProbability of grid.minProbability) {
        for (const minRatioToTop of grid.minRatioToTop) {
          // With one category the thresholds do not matter: evaluate it once.
          if (maxCategories === 1 && (minProbability !== grid.minProbability[0] || minRatioToTop !== grid.minRatioToTop[0])) continue;
          out.push({ minProbability, minRatioToTop, maxCategories, rankWeights, priorCorrection });
        }
      }
    }
  }
  return out;
}

/** The best policy on the given rows (first best in grid order wins ties: deterministic). */
export function chooseDecoding(
  probs: Float64Array, examples: readonly TrainingExample[], rows: readonly number[],
  grid: DecodingGrid, prior: readonly number[], weights: ArrayLike<number> | undefined,
): { policy: DecodingPolicy; metrics: CvMetrics } {
  let best: { policy: DecodingPolicy; metrics: CvMetrics } | null = null;
  const w = weights ? rows.map((i) => weights[i]) : undefined;
  for (const policy of policies(grid, prior)) {
    const decoded = decodeAll(probs, rows, policy);
    const m = weightedMetrics(scoreRows(decoded, examples, rows), decoded.map((d) => d.length), w);
    if (!best || objectiveValue(m) > objectiveValue(best.metrics) + 1e-12) best = { policy, metrics: m };
  }
  return best!;
}

export interface CvReport {
  folds: number;
  objective: Objective;
  /** Policy chosen on all out-of-fold predictions (what the shipped model uses). */
  policy: DecodingPolicy;
  /** Metrics of that policy on all out-of-fold predictions (slightly optimistic: chosen on them). */
  selected: { plain: CvMetrics; balanced: CvMetrics; bySource: Record<string, CvMetrics> };
  /** Nested: the policy for fold f is chosen on the other folds only, then scored on fold f. */
  nested: { plain: CvMetrics; balanced: CvMetrics; bySource: Record<string, CvMetrics> };
  /** Top-1 only, no prior correction: a reference point. */
  top1: { plain: CvMetrics; balanced: CvMetrics };
}

function metricsSet(decoded: number[][], examples: readonly TrainingExample[], bal: Float64Array) {
  const all = examples.map((_, i) => i);
  const scores = scoreRows(decoded, examples, all);
  const sizes = decoded.map((d) => d.length);
  const bySource: Record<string, CvMetrics> = {};
  for (const src of [...new Set(examples.map((e) => e.source))]) {
    const idx = all.filter((i) => examples[i].source === src);
    bySource[src] = weightedMetrics(idx.map((i) => scores[i]), idx.map((i) => sizes[i]));
  }
  return { plain: weightedMetrics(scores, sizes), balanced: weightedMetrics(scores, sizes, bal), bySource };
}

export function evaluateOutOfFold(
  probs: Float64Array, examples: readonly TrainingExample[], fold: readonly number[], folds: number,
  objective: Objective, grid: DecodingGrid = DEFAULT_DECODING_GRID,
): CvReport {
  const bal = balancedWeights(examples);
  const weights = objective === 'balanced' ? bal : undefined;
  const prior = labelPrior(examples);
  const all = examples.map((_, i) => i);
  const chosen = chooseDecoding(probs, examples, all, grid, prior, weights);
  const nestedDecoded: number[][] = new Array(examples.length);
  for (let f = 0; f < folds; f++) {
    const inner = all.filter((i) => fold[i] !== f);
    const outer = all.filter((i) => fold[i] === f);
    const p = chooseDecoding(probs, examples, inner, grid, prior, weights).policy;
    decodeAll(probs, outer, p).forEach((d, j) => { nestedDecoded[outer[j]] = d; });
  }
  const top1Policy: DecodingPolicy = { ...NEUTRAL_DECODING, maxCategories: 1 };
  const top1 = metricsSet(decodeAll(probs, all, top1Policy), examples, bal);
  return {
    folds,
    objective,
    policy: chosen.policy,
    selected: metricsSet(decodeAll(probs, all, chosen.policy), examples, bal),
    nested: metricsSet(nestedDecoded, examples, bal),
    top1: { plain: top1.plain, balanced: top1.balanced },
  };
}

// ---- the whole recipe -------------------------------------------------------------------------

export interface TrainResult {
  model: LiteModelFile;
  cv: CvReport;
}

export function trainRouterLite(
  examples: readonly TrainingExample[], hp: Hyperparameters,
  opts: { folds: number; objective: Objective; dataHash: string; onProgress?: (msg: string) => void },
): TrainResult {
  const fold = groupedFolds(examples, opts.folds);
  const oof = outOfFoldLogits(examples, hp, fold, opts.folds, (f) => opts.onProgress?.(`fold ${f + 1}/${opts.folds} done`));
  const calibration = fitCalibration(oof, examples);
  const cv = evaluateOutOfFold(calibratedProbs(oof, calibration), examples, fold, opts.folds, opts.objective);
  opts.onProgress?.('fitting the final model on all training data');
  const model = fitModel(examples, hp);
  const r = (x: number) => Number(x.toFixed(4));
  const summary: CvSummary = {
    folds: opts.folds,
    grouping: 'scenario_id (no id in two folds)',
    objective: opts.objective,
    avg_f1: r(cv.nested.plain.avg_f1),
    exact_match: r(cv.nested.plain.exact_match),
    any_match: r(cv.nested.plain.any_match),
    balanced_avg_f1: r(cv.nested.balanced.avg_f1),
    balanced_exact_match: r(cv.nested.balanced.exact_match),
  };
  return {
    model: { ...model, calibration: { method: 'platt', ...calibration }, decoding: cv.policy, training: { ...model.training, dataHash: opts.dataHash, cv: summary } },
    cv,
  };
}

