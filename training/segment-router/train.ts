/**
 * Builds a segment router from the project's corpus and the long training conversations:
 * vocabulary, bags, MIL training, and the decoding policy chosen on a dev set.
 */
import type { Conversation } from '../../src/core/conversation';
import { MEMORY_CATEGORIES, type MemoryCategory } from '../../src/core/taxonomy';
import { segmentConversation, type Segment } from '../../src/core/router/segment';
import { conversationFeatureKeys, routerTokens, segmentFeatureKeys, type FeatureConfig } from '../../src/core/router/features';
import { ROUTER_FORMAT, ROUTER_VERSION, type DecodingPolicy, type RouterModel } from '../../src/core/router/model-format';
import { decideCategories, SegmentRouter, selectMemories, statingSegments, tfidfRow, type SparseRow } from '../../src/core/router/router';
import type { Fact } from '../../src/core/contracts';
import { scoreScenario } from '../../src/core/metrics';
import { segmentLabels, spansMatch, type CorpusItem } from './corpus';
import { trainMil, type Bag, type MilOptions } from './mil';
import { csrFromRows, fitLogistic } from '../lib/logistic';

const K = MEMORY_CATEGORIES.length;

export interface LongConversation {
  turns: Conversation;
  categories: MemoryCategory[];
  /** Which training file: the two label differently (part 1 multi-label and noisier). */
  part: 1 | 2;
}

export interface TrainConfig {
  features: FeatureConfig;
  minDf: number;
  maxFeatures: number;
  epochs: number;
  learningRate: number;
  l2: number;
  sharpness: number;
  /** Positive-label weight per category: (negatives / positives)^alpha over the segment labels. */
  positiveAlpha: number;
  /** Bag weight of a long conversation, per file; 0 leaves them out. */
  longWeight: { part1: number; part2: number };
  /** Weight of long conversations relative to corpus items when the decision head is fitted (negative: no head). */
  headLongWeight: number;
  /** Train the conversation view (a whole-conversation linear model the head may use). */
  conversationView: boolean;
  /** L2 of the conversation view's logistic regression (L-BFGS, weighted mean loss). */
  conversationL2: number;
  seed: number;
}

/** The committed model's settings, chosen on the dev split (docs/router-lite.md, "How it was chosen"). */
export const DEFAULT_CONFIG: TrainConfig = {
  features: { ngramMax: 2, roleFeatures: true, context: false, lengthFeature: true },
  minDf: 2,
  maxFeatures: 60_000,
  epochs: 12,
  learningRate: 0.2,
  l2: 1e-5,
  sharpness: 4,
  positiveAlpha: 0.5,
  longWeight: { part1: 0.5, part2: 1 },
  headLongWeight: 3,
  conversationView: true,
  conversationL2: 3e-5,
  seed: 7,
};

interface Prepared {
  segments: Segment[];
  tokens: string[][];
  keys: string[][];
  conversationKeys: string[];
}

function prepare(turns: Conversation, features: FeatureConfig): Prepared {
  const segments = segmentConversation(turns);
  const tokens = segments.map((s) => routerTokens(s.text));
  return {
    segments, tokens, keys: segments.map((_, i) => segmentFeatureKeys(segments, i, features, tokens)),
    conversationKeys: conversationFeatureKeys(segments, features, tokens),
  };
}

function conversationRowOf(p: Prepared, vocab: ReadonlyMap<string, number>, idf: Float32Array): SparseRow {
  const counts = new Map<number, number>();
  for (const k of p.conversationKeys) { const c = vocab.get(k); if (c !== undefined) counts.set(c, (counts.get(c) ?? 0) + 1); }
  return tfidfRow(counts, idf);
}

/** Vocabulary (by document frequency over segments) and idf. */
function buildVocabulary(docs: readonly string[][], minDf: number, maxFeatures: number): { vocabulary: string[]; idf: Float32Array } {
  const df = new Map<string, number>();
  for (const keys of docs) for (const k of new Set(keys)) df.set(k, (df.get(k) ?? 0) + 1);
  const kept = [...df].filter(([, n]) => n >= minDf).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, maxFeatures);
  kept.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const n = docs.length;
  return { vocabulary: kept.map(([k]) => k), idf: Float32Array.from(kept.map(([, d]) => Math.log((n + 1) / (d + 1)) + 1)) };
}

function rowsOf(p: Prepared, vocab: ReadonlyMap<string, number>, idf: Float32Array): SparseRow[] {
  return p.keys.map((keys) => {
    const counts = new Map<number, number>();
    for (const k of keys) { const c = vocab.get(k); if (c !== undefined) counts.set(c, (counts.get(c) ?? 0) + 1); }
    return tfidfRow(counts, idf);
  });
}

/** A decoding policy to start from; the real one is chosen on dev (chooseDecoding). */
export const INITIAL_DECODING: DecodingPolicy = { thresholds: Array(K).fill(0.5), maxCategories: 3, minRatioToTop: 0, segmentThreshold: 1.01, segmentThresholdGrowth: 0, memoryRatio: 0.8 };

export function trainRouter(corpus: readonly CorpusItem[], long: readonly LongConversation[], config: TrainConfig, decoding = INITIAL_DECODING): RouterModel {
  const shortItems = corpus.map((it) => ({ it, p: prepare(it.turns, config.features) }));
  const useLong = config.longWeight.part1 > 0 || config.longWeight.part2 > 0;
  const longItems = useLong ? long.filter((l) => (l.part === 1 ? config.longWeight.part1 : config.longWeight.part2) > 0).map((l) => ({ l, p: prepare(l.turns, config.features) })) : [];
  const { vocabulary, idf } = buildVocabulary([...shortItems.flatMap((x) => x.p.keys), ...longItems.flatMap((x) => x.p.keys)], config.minDf, config.maxFeatures);
  const vocab = new Map(vocabulary.map((t, i) => [t, i]));

  const bags: Bag[] = [];
  const pos = new Float64Array(K);
  let segmentsSeen = 0;
  for (const { it, p } of shortItems) {
    const rows = rowsOf(p, vocab, idf);
    segmentLabels(p.segments, it.spans).forEach((y, s) => {
      bags.push({ rows: [rows[s]], y, weight: 1 });
      for (let c = 0; c < K; c++) pos[c] += y[c];
      segmentsSeen++;
    });
  }
  for (const { l, p } of longItems) {
    const y = new Uint8Array(K);
    for (const c of l.categories) y[MEMORY_CATEGORIES.indexOf(c)] = 1;
    bags.push({ rows: rowsOf(p, vocab, idf), y, weight: l.part === 1 ? config.longWeight.part1 : config.longWeight.part2 });
  }
  const positiveWeight = Array.from(pos, (n) => Math.pow(Math.max(1, segmentsSeen - n) / Math.max(1, n), config.positiveAlpha));
  const mil: MilOptions = { epochs: config.epochs, learningRate: config.learningRate, l2: config.l2, sharpness: config.sharpness, positiveWeight, seed: config.seed };
  const columns = vocabulary.length;
  const linear = trainMil(bags, columns, mil);
  // The conversation view: one row per conversation, its labels as a whole (plain logistic regression).
  let conversation: RouterModel['conversation'] = null;
  if (config.conversationView) {
    const convBags: Bag[] = [];
    const convPos = new Float64Array(K);
    for (const { it, p } of shortItems) {
      const y = new Uint8Array(K);
      for (const c of it.categories) y[MEMORY_CATEGORIES.indexOf(c)] = 1;
      convBags.push({ rows: [conversationRowOf(p, vocab, idf)], y, weight: 1 });
    }
    for (const { l, p } of longItems) {
      const y = new Uint8Array(K);
      for (const c of l.categories) y[MEMORY_CATEGORIES.indexOf(c)] = 1;
      convBags.push({ rows: [conversationRowOf(p, vocab, idf)], y, weight: l.part === 1 ? config.longWeight.part1 : config.longWeight.part2 });
    }
    for (const b of convBags) for (let c = 0; c < K; c++) convPos[c] += b.y[c];
    const y = new Uint8Array(convBags.length * K);
    convBags.forEach((b, i) => y.set(b.y, i * K));
    const fit = fitLogistic({
      x: csrFromRows(convBags.map((b) => ({ idx: b.rows[0].idx, val: Float64Array.from(b.rows[0].val) })), columns),
      y, k: K, rowWeight: Float64Array.from(convBags, (b) => b.weight),
      positiveWeight: Float64Array.from(convPos, (n) => Math.pow(Math.max(1, convBags.length - n) / Math.max(1, n), config.positiveAlpha)),
      l2: config.conversationL2,
    });
    conversation = { weights: Float32Array.from(fit.w), biases: Float32Array.from(fit.b) };
  }
  return {
    header: {
      format: ROUTER_FORMAT, version: ROUTER_VERSION, categories: [...MEMORY_CATEGORIES], features: config.features,
      pooling: { sharpness: config.sharpness }, decoding, vocabSize: vocabulary.length,
      training: { config, bags: bags.length, segments: segmentsSeen, corpusItems: corpus.length, longConversations: longItems.length },
    },
    vocabulary, idf, weights: linear.weights, biases: linear.biases, conversation,
  };
}

export interface RoutingFigures {
  count: number;
  f1: number;
  exact: number;
  any: number;
  meanPredicted: number;
  meanGold: number;
}

/** Routing figures of conversations whose gold categories are known (empty = none). */
export function routingFigures(router: SegmentRouter, items: ReadonlyArray<{ turns: Conversation; categories: readonly string[] }>): RoutingFigures {
  let f1 = 0, exact = 0, any = 0, predicted = 0, gold = 0;
  for (const it of items) {
    const cats = router.route(it.turns).categories;
    const p = cats.length ? cats : ['none'];
    const g = it.categories.length ? it.categories : ['none'];
    const s = scoreScenario(p, g);
    f1 += s.f1; exact += s.exact ? 1 : 0; any += s.any ? 1 : 0; predicted += p.length; gold += g.length;
  }
  const n = Math.max(1, items.length);
  return { count: items.length, f1: f1 / n, exact: exact / n, any: any / n, meanPredicted: predicted / n, meanGold: gold / n };
}

/** Memory precision/recall counts of proposed facts against gold spans (the extraction match rule). */
function memoryCounts(facts: readonly Fact[], item: CorpusItem): { predicted: number; gold: number; matched: number } {
  const used = new Set<number>();
  let matched = 0;
  for (const f of facts) {
    const turn = f.turnIndex ?? 0;
    const start = item.turns[turn]?.content.indexOf(f.text) ?? -1;
    if (start < 0) continue;
    const at = { turn, start, end: start + f.text.length };
    const g = item.spans.findIndex((sp, i) => !used.has(i) && sp.category === f.category && spansMatch(at, sp));
    if (g >= 0) { used.add(g); matched++; }
  }
  return { predicted: facts.length, gold: item.spans.length, matched };
}

export interface DecodingChoice {
  decoding: DecodingPolicy;
  figures: RoutingFigures;
  /** Memory F1 on the extraction dev set under the chosen policy (when one was given). */
  memoryF1?: number;
  /** Routing F1 on the long conversations' out-of-fold scores (when given). */
  longF1?: number;
}

/** Out-of-fold scores of one long training conversation (from the decision head's folds). */
export interface LongScores {
  pooled: ArrayLike<number>;
  /** The user's segments' probabilities (statingSegments). */
  probs: ArrayLike<number>[];
  gold: string[];
}

/**
 * The long conversations' routing F1 must stay at or above this on their out-of-fold scores: the
 * old whole-conversation router's 5-fold CV F1 was 0.754, and the segment router may not fall more
 * than 0.02 below it (issue 9), so 0.734. Measured, the retrained CV ran from 0.001 above to
 * 0.010 below the out-of-fold figure (0.745 / 0.746, 0.744 / 0.734): the per-fold choice is a little
 * optimistic. The ceiling of the head's policies here is 0.747, and a floor above 0.745 costs the
 * memories most of what the "stated outright" rule gives them (docs/router-lite.md).
 */
export const LONG_F1_FLOOR = 0.74;

/**
 * Chooses the decoding policy on dev data: routing F1 on the corpus's dev items and, when given,
 * memory F1 on the extraction dev conversations (the user's other question: what to keep),
 * averaged. A grid over the global threshold, the most categories, the ratio to the top category
 * and the segment threshold, then per-category threshold steps kept only where they help by more
 * than two items' worth.
 */
export function chooseDecoding(
  model: RouterModel, dev: readonly CorpusItem[], extractionDev: readonly CorpusItem[] = [], long: readonly LongScores[] = [],
  grid = {
    thresholds: [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6], maxCategories: [6, 4, 3, 2], ratios: [0, 0.3, 0.5, 0.7],
    segment: [1.01, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3], growth: [0, 0.1, 0.2, 0.3, 0.5, 1, 2], memoryRatios: [0.8, 0.5, 1],
  },
  longFloor = LONG_F1_FLOOR,
): DecodingChoice {
  // Scores once; decoding is then a cheap function of them.
  const router = new SegmentRouter(model);
  const scored = (items: readonly CorpusItem[]) => items.map((it) => { const d = router.route(it.turns); return { it, d }; });
  const devScored = scored(dev);
  const exScored = scored(extractionDev);
  const gold = dev.map((it) => (it.categories.length ? it.categories : ['none']));
  const routingF1 = (policy: DecodingPolicy) => {
    let f1 = 0;
    devScored.forEach(({ d }, i) => {
      const cats = decideCategories(d.pooled, policy, statingSegments(d.segments, d.probs)).map((c) => MEMORY_CATEGORIES[c] as string);
      f1 += scoreScenario(cats.length ? cats : ['none'], gold[i]).f1;
    });
    return f1 / Math.max(1, devScored.length);
  };
  const memoryF1 = (policy: DecodingPolicy) => {
    let p = 0, g = 0, m = 0;
    for (const { it, d } of exScored) {
      const cols = decideCategories(d.pooled, policy, statingSegments(d.segments, d.probs));
      const c = memoryCounts(selectMemories(it.turns, d.segments, d.probs, cols, policy), it);
      p += c.predicted; g += c.gold; m += c.matched;
    }
    const precision = p ? m / p : 1;
    const recall = g ? m / g : 1;
    return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  };
  const longF1 = (policy: DecodingPolicy) => {
    let f1 = 0;
    for (const l of long) {
      const cats = decideCategories(l.pooled, policy, l.probs).map((c) => MEMORY_CATEGORIES[c] as string);
      f1 += scoreScenario(cats.length ? cats : ['none'], l.gold.length ? l.gold : ['none']).f1;
    }
    return long.length ? f1 / long.length : 1;
  };
  // The long conversations are a floor, not a goal: their labels name a conversation's main
  // subjects, and the page must not lose that reading (docs/router-lite.md).
  const objective = (policy: DecodingPolicy) => {
    if (long.length && longF1(policy) < longFloor) return -1 + longF1(policy);
    return exScored.length ? (routingF1(policy) + memoryF1(policy)) / 2 : routingF1(policy);
  };
  // maxCategories runs from large to small and only a strictly better score replaces the best:
  // where dev cannot tell, no stated fact is cut by a cap.
  let best = { policy: INITIAL_DECODING, score: -1 };
  for (const memoryRatio of grid.memoryRatios) for (const maxCategories of grid.maxCategories) for (const segmentThreshold of grid.segment) for (const segmentThresholdGrowth of segmentThreshold > 1 ? [0] : grid.growth) for (const minRatioToTop of grid.ratios) for (const t of grid.thresholds) {
    const policy = { ...INITIAL_DECODING, thresholds: Array(K).fill(t), maxCategories, minRatioToTop, segmentThreshold, segmentThresholdGrowth, memoryRatio };
    const score = objective(policy);
    if (score > best.score + 1e-9) best = { policy, score };
  }
  const noise = 2 / Math.max(1, devScored.length + exScored.length);
  let { policy, score: current } = best;
  for (let pass = 0; pass < 2; pass++) {
    for (let c = 0; c < K; c++) {
      for (const step of [-0.1, -0.05, 0.05, 0.1]) {
        const thresholds = [...policy.thresholds];
        thresholds[c] = Math.min(0.95, Math.max(0.05, thresholds[c] + step));
        const trial = { ...policy, thresholds };
        const score = objective(trial);
        if (score > current + noise) { policy = trial; current = score; }
      }
    }
  }
  const decoding: DecodingPolicy = { ...policy, thresholds: policy.thresholds.map((t) => Number(t.toFixed(3))) };
  const tuned = new SegmentRouter({ ...model, header: { ...model.header, decoding } });
  return { decoding, figures: routingFigures(tuned, dev), ...(exScored.length ? { memoryF1: memoryF1(decoding) } : {}), ...(long.length ? { longF1: longF1(decoding) } : {}) };
}
