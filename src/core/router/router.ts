/**
 * The segment router: one model reads every segment (sentence or clause) of a conversation and
 * gives each a probability per memory category. Both answers of the page come from those numbers:
 *
 *   where it goes  — a category is present when its pooled probability (a soft maximum over the
 *                    segments, the same pooling the model was trained with) reaches its threshold;
 *   what to keep   — the segments that carry a present category, neighbours of one category merged.
 *
 * So every category shown has at least one memory (its best segment), and every memory's category
 * is shown. An engine that decides categories some other way (an LLM) gets its memories from the
 * same numbers with `route(conversation, { categories })`.
 */
import type { Fact } from '../contracts';
import type { Conversation } from '../conversation';
import { MEMORY_CATEGORIES, type MemoryCategory } from '../taxonomy';
import { segmentConversation, type Segment } from './segment';
import { conversationFeatureKeys, routerTokens, segmentFeatureKeys } from './features';
import type { DecodingPolicy, RouterModel } from './model-format';

const K = MEMORY_CATEGORIES.length;

export interface SparseRow {
  idx: Int32Array;
  val: Float32Array;
}

export interface RouteDecision {
  segments: Segment[];
  /** Per segment, the probability of each category (MEMORY_CATEGORIES order). */
  probs: Float32Array[];
  /** Per category, the pooled probability over all segments. */
  pooled: Float32Array;
  /**
   * Per category, how sure the router is that the conversation carries it: the pooled probability,
   * and for a present category a user segment's own probability when that is higher (a fact stated
   * outright). This is the score a person sees beside a category, so a plainly stated preference
   * never shows as 0.06; a category not present keeps its pooled probability.
   */
  confidence: Float32Array;
  /** Present categories, most probable first; empty means `none`. */
  categories: MemoryCategory[];
  /** The memories: segments carrying a present category, adjacent ones of one category merged. */
  memories: Fact[];
  /** Distinct known features over all segments (0: the model saw nothing it knows). */
  knownFeatures: number;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Soft maximum (1/r)·log Σ exp(r·z) of one category's segment logits. */
export function poolLogits(z: readonly Float32Array[], c: number, r: number): number {
  let max = -Infinity;
  for (const row of z) max = Math.max(max, row[c]);
  if (!Number.isFinite(max)) return max;
  let sum = 0;
  for (const row of z) sum += Math.exp(r * (row[c] - max));
  return max + Math.log(sum) / r;
}

/** The decision head's inputs for one category: soft-max logit, mean logit, log(segments), 1, conversation-view logit. */
export function headFeatures(z: readonly Float32Array[], c: number, sharpness: number, conv: Float32Array | null): number[] {
  let mean = 0;
  for (const row of z) mean += row[c];
  return [poolLogits(z, c, sharpness), mean / Math.max(1, z.length), Math.log(Math.max(1, z.length)), 1, conv ? conv[c] : 0];
}

/** Per category, the probability that the conversation carries it. */
export function conversationProbabilities(z: readonly Float32Array[], sharpness: number, head?: readonly (readonly number[])[], conv: Float32Array | null = null): Float32Array {
  const out = new Float32Array(K);
  if (!z.length) return out;
  for (let c = 0; c < K; c++) {
    if (!head) { out[c] = sigmoid(poolLogits(z, c, sharpness)); continue; }
    const f = headFeatures(z, c, sharpness, conv);
    let s = 0;
    for (let j = 0; j < f.length; j++) s += head[c][j] * f[j];
    out[c] = sigmoid(s);
  }
  return out;
}

/**
 * The segment probabilities that may bring a category on their own: the user's segments, or every
 * segment when the user says nothing (a pasted note or an assistant's text alone). An assistant's
 * long answers touch many subjects in passing; the user's own sentences are what a person states.
 */
export function statingSegments(segments: readonly Pick<Segment, 'role'>[], probs: readonly ArrayLike<number>[]): ArrayLike<number>[] {
  const user = probs.filter((_, s) => segments[s].role === 'user');
  return user.length ? user : [...probs];
}

/**
 * Present categories (indices, most probable first) under a decoding policy: those the decision
 * head finds (threshold, a share of the top category, at most `maxCategories`), plus any category
 * one of the user's segments states outright (its own probability at least `segmentThreshold`,
 * raised for long conversations): a conversation's main subjects and every plainly stated fact.
 */
export function decideCategories(pooled: ArrayLike<number>, policy: DecodingPolicy, probs: readonly ArrayLike<number>[] = []): number[] {
  // `probs` are the segments that may state a fact: the user's (statingSegments).
  const { thresholds, maxCategories, minRatioToTop } = policy;
  const segmentThreshold = policy.segmentThreshold + policy.segmentThresholdGrowth * Math.max(0, Math.log2(Math.max(1, probs.length) / 8));
  const present: number[] = [];
  for (let c = 0; c < K; c++) if (pooled[c] >= thresholds[c]) present.push(c);
  // Ties break on taxonomy order, so equal scores always decode equally.
  present.sort((a, b) => pooled[b] - pooled[a] || a - b);
  const top = present.length ? pooled[present[0]] : 0;
  const chosen = new Set(present.filter((c) => pooled[c] >= minRatioToTop * top).slice(0, maxCategories));
  // A fact stated outright is never cut by the cap: the cap only trims the head's weaker guesses.
  if (segmentThreshold <= 1) {
    for (const p of probs) for (let c = 0; c < K; c++) if (p[c] >= segmentThreshold) chosen.add(c);
  }
  return [...chosen].sort((a, b) => pooled[b] - pooled[a] || a - b);
}

/**
 * The memories of a routed conversation: each user segment carries its most probable present
 * category when that probability reaches `memoryRatio` x the category's threshold; every present
 * category keeps at least its best segment (of any speaker); runs of consecutive segments of one
 * turn and category merge.
 */
export function selectMemories(conversation: Conversation, segments: readonly Segment[], probs: readonly ArrayLike<number>[], categories: readonly number[], policy: DecodingPolicy): Fact[] {
  if (!categories.length || !segments.length) return [];
  const { thresholds, memoryRatio } = policy;
  // An assistant segment is kept only as the last resort for a present category: assistants mostly
  // restate what the user said or suggest things, and a restatement stored beside (or, as a near
  // duplicate, instead of) the user's own words is worse than nothing.
  const carried: number[][] = probs.map((p, s) => {
    if (segments[s].role === 'assistant') return [];
    let best = -1;
    for (const c of categories) if (best < 0 || p[c] / thresholds[c] > p[best] / thresholds[best]) best = c;
    return p[best] >= memoryRatio * thresholds[best] ? [best] : [];
  });
  for (const c of categories) {
    if (carried.some((list) => list.includes(c))) continue;
    let best = 0;
    for (let s = 1; s < probs.length; s++) if (probs[s][c] > probs[best][c]) best = s;
    carried[best].push(c);
  }
  const found: Array<{ at: number; fact: Fact }> = [];
  for (const c of categories) {
    let run: { first: number; last: number } | null = null;
    const close = () => {
      if (!run) return;
      const a = segments[run.first];
      const z = segments[run.last];
      let score = 0;
      for (let s = run.first; s <= run.last; s++) score = Math.max(score, probs[s][c]);
      found.push({ at: run.first, fact: { text: conversation[a.turn].content.slice(a.start, z.end), category: MEMORY_CATEGORIES[c], score, turnIndex: a.turn } });
      run = null;
    };
    segments.forEach((seg, s) => {
      if (!carried[s].includes(c)) { close(); return; }
      if (run && segments[run.last].turn === seg.turn && run.last === s - 1) run.last = s;
      else { close(); run = { first: s, last: s }; }
    });
    close();
  }
  return found.sort((x, y) => x.at - y.at || MEMORY_CATEGORIES.indexOf(x.fact.category) - MEMORY_CATEGORIES.indexOf(y.fact.category)).map((f) => f.fact);
}

export class SegmentRouter {
  readonly model: RouterModel;
  private readonly vocab: Map<string, number>;

  constructor(model: RouterModel) {
    this.model = model;
    this.vocab = new Map(model.vocabulary.map((t, i) => [t, i]));
  }

  /** A TF-IDF row (L2-normalised) of the known features among `keys`. */
  private rowOf(keys: readonly string[]): SparseRow {
    const counts = new Map<number, number>();
    for (const key of keys) {
      const col = this.vocab.get(key);
      if (col !== undefined) counts.set(col, (counts.get(col) ?? 0) + 1);
    }
    return tfidfRow(counts, this.model.idf);
  }

  /** Feature rows of a conversation's segments. */
  vectorize(segments: readonly Segment[], tokens: readonly string[][] = segments.map((s) => routerTokens(s.text))): SparseRow[] {
    return segments.map((_, i) => this.rowOf(segmentFeatureKeys(segments, i, this.model.header.features, tokens)));
  }

  /** Linear scores of one row (before the sigmoid); `view` picks the conversation view's weights. */
  logits(row: SparseRow, view: 'segment' | 'conversation' = 'segment'): Float32Array {
    const m = view === 'conversation' && this.model.conversation ? this.model.conversation : this.model;
    const z = Float32Array.from(m.biases);
    const w = m.weights;
    for (let i = 0; i < row.idx.length; i++) {
      const base = row.idx[i] * K;
      const x = row.val[i];
      for (let c = 0; c < K; c++) z[c] += x * w[base + c];
    }
    return z;
  }

  /** The whole conversation's row (the conversation view's input). */
  conversationRow(segments: readonly Segment[], tokens: readonly string[][]): SparseRow {
    return this.rowOf(conversationFeatureKeys(segments, this.model.header.features, tokens));
  }

  /** Segments of a conversation, their rows and linear scores, and the conversation view's scores (each segment tokenized once). */
  segmentLogits(conversation: Conversation): { segments: Segment[]; rows: SparseRow[]; z: Float32Array[]; conv: Float32Array | null } {
    const segments = segmentConversation(conversation);
    const tokens = segments.map((s) => routerTokens(s.text));
    const rows = this.vectorize(segments, tokens);
    const z = rows.map((r) => this.logits(r));
    const conv = this.model.conversation && segments.length ? this.logits(this.conversationRow(segments, tokens), 'conversation') : null;
    return { segments, rows, z, conv };
  }

  /**
   * Routes a conversation. With `categories` (decided by another engine), memories are chosen for
   * exactly those categories: the best segment of each at least.
   */
  route(conversation: Conversation, opts: { categories?: readonly MemoryCategory[] } = {}): RouteDecision {
    const { segments, rows, z, conv } = this.segmentLogits(conversation);
    const probs = z.map((row) => row.map(sigmoid));
    const known = new Set<number>();
    for (const r of rows) for (const i of r.idx) known.add(i);
    const pooled = conversationProbabilities(z, this.model.header.pooling.sharpness, this.model.header.head, conv);
    const policy = this.model.header.decoding;
    const stating = statingSegments(segments, probs);
    const cols = opts.categories ? [...new Set(opts.categories)].map((c) => MEMORY_CATEGORIES.indexOf(c)) : decideCategories(pooled, policy, stating);
    const confidence = Float32Array.from(pooled);
    for (const p of stating) for (const c of cols) confidence[c] = Math.max(confidence[c], p[c]);
    return {
      segments, probs, pooled, confidence, categories: cols.map((c) => MEMORY_CATEGORIES[c]),
      memories: selectMemories(conversation, segments, probs, cols, policy), knownFeatures: known.size,
    };
  }

}

export function tfidfRow(counts: ReadonlyMap<number, number>, idf: ArrayLike<number>): SparseRow {
  const cols = [...counts.keys()].sort((a, b) => a - b);
  const idx = new Int32Array(cols);
  const val = new Float32Array(cols.length);
  let norm = 0;
  for (let i = 0; i < cols.length; i++) {
    const v = (1 + Math.log(counts.get(cols[i])!)) * idf[cols[i]];
    val[i] = v;
    norm += v * v;
  }
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < val.length; i++) val[i] *= inv;
  }
  return { idx, val };
}
