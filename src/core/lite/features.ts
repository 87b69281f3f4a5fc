/**
 * Feature extraction of router-lite: the same code builds the vocabulary at training time and
 * reads conversations at inference time (browser and Node), so the two cannot drift.
 * Features are strings (namespace + n-gram); the vocabulary maps them to columns.
 */
import type { Conversation, Role } from '../conversation';

export interface FeatureConfig {
  /** Largest word n-gram (1 = unigrams, 2 = unigrams + bigrams). */
  wordNgramMax: number;
  /**
   * Role namespaces that get their own copy of the word n-grams, besides the shared one. A word
   * said by the user ("I prefer bullet points") means more than the same word from the assistant.
   */
  roleNamespaces: Role[];
  /** Largest n-gram inside the role namespaces (1 keeps the file small). */
  roleNgramMax: number;
  /** 1 + log(tf) instead of raw counts: long training turns should not drown short ones. */
  sublinearTf: boolean;
  /** Input is cut to this many characters before tokenizing: bounds the work on huge pastes. */
  maxChars: number;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  wordNgramMax: 2,
  roleNamespaces: ['user'],
  roleNgramMax: 1,
  sublinearTf: true,
  maxChars: 20_000,
};

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const DIGITS = /\p{N}+/gu;

/** Lower-cased word tokens; digit runs fold to "0" so "Q3" and "Q4" share a feature. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(lower)) !== null) {
    out.push(m[0].replace(DIGITS, '0').replace(/’/g, "'"));
  }
  return out;
}

function addNgrams(tokens: readonly string[], maxN: number, prefix: string, emit: (key: string) => void): void {
  for (let i = 0; i < tokens.length; i++) {
    emit(prefix + tokens[i]);
    if (maxN >= 2 && i + 1 < tokens.length) emit(`${prefix}${tokens[i]} ${tokens[i + 1]}`);
    if (maxN >= 3 && i + 2 < tokens.length) emit(`${prefix}${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]}`);
  }
}

/**
 * Calls `emit` once per feature occurrence. N-grams do not cross turn boundaries. The input is
 * capped at `maxChars` in total; the return value says whether anything was cut.
 */
export function forEachFeature(conversation: Conversation, config: FeatureConfig, emit: (key: string) => void): { truncated: boolean } {
  let budget = config.maxChars;
  let truncated = false;
  for (const turn of conversation) {
    if (budget <= 0) { truncated = true; break; }
    let text = turn.content;
    if (text.length > budget) { text = text.slice(0, budget); truncated = true; }
    budget -= text.length;
    const tokens = tokenize(text);
    addNgrams(tokens, config.wordNgramMax, '', emit);
    if (config.roleNamespaces.includes(turn.role)) addNgrams(tokens, config.roleNgramMax, `${turn.role[0]}|`, emit);
  }
  return { truncated };
}

/** Feature counts of one conversation (training side: keys are kept as strings). */
export function featureCounts(conversation: Conversation, config: FeatureConfig): Map<string, number> {
  const counts = new Map<string, number>();
  forEachFeature(conversation, config, (k) => counts.set(k, (counts.get(k) ?? 0) + 1));
  return counts;
}

/** A sparse row: column indices (ascending) and values. */
export interface SparseRow {
  idx: Int32Array;
  val: Float64Array;
}

/**
 * TF-IDF row with L2 norm 1 over known columns. Unknown features are ignored (they have no weight);
 * an empty row (nothing known) stays empty and the model falls back to its biases.
 */
export function tfidfRow(counts: ReadonlyMap<number, number>, idf: ArrayLike<number>, sublinear: boolean): SparseRow {
  const cols = [...counts.keys()].sort((a, b) => a - b);
  const idx = new Int32Array(cols.length);
  const val = new Float64Array(cols.length);
  let norm = 0;
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i];
    const tf = counts.get(c)!;
    const v = (sublinear ? 1 + Math.log(tf) : tf) * idf[c];
    idx[i] = c;
    val[i] = v;
    norm += v * v;
  }
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < val.length; i++) val[i] *= inv;
  }
  return { idx, val };
}

/** Inference-side vectorizer: one Map lookup per feature occurrence. */
export function vectorize(
  conversation: Conversation,
  config: FeatureConfig,
  vocab: ReadonlyMap<string, number>,
  idf: ArrayLike<number>,
): { row: SparseRow; truncated: boolean } {
  const counts = new Map<number, number>();
  const { truncated } = forEachFeature(conversation, config, (k) => {
    const c = vocab.get(k);
    if (c !== undefined) counts.set(c, (counts.get(c) ?? 0) + 1);
  });
  return { row: tfidfRow(counts, idf, config.sublinearTf), truncated };
}
