/**
 * What the segment router reads in a segment: word unigrams and bigrams (pronouns kept: "I" vs
 * "we" is half of the scope decision), the speaker, the segment's length, and optionally the words
 * of the segment before it (an answer such as "head of growth, since March" needs its question).
 * The same code builds the vocabulary at training time and reads text at inference time.
 */
import type { Role } from '../conversation';
import type { Segment } from './segment';

export interface FeatureConfig {
  /** 1 = unigrams, 2 = unigrams + bigrams. */
  ngramMax: 1 | 2;
  /** Adds the speaker as a feature, and assistant words as their own features. */
  roleFeatures: boolean;
  /** Adds the previous segment's words (same conversation), prefixed, as context. */
  context: boolean;
  /** Adds a feature for the segment's length in words (short acknowledgements hold no fact). */
  lengthFeature: boolean;
}

export const DEFAULT_FEATURES: FeatureConfig = { ngramMax: 2, roleFeatures: true, context: false, lengthFeature: true };

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*|[$€£%#@]/gu;

/** Lower-cased word tokens; digit runs fold to "0" so "Q3" and "Q4" share a feature. */
export function routerTokens(text: string): string[] {
  const out: string[] = [];
  WORD.lastIndex = 0;
  const lower = text.toLowerCase();
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(lower)) !== null) out.push(m[0].replace(/\p{N}+/gu, '0').replace(/’/g, "'"));
  return out;
}

function lengthBucket(words: number): string {
  if (words <= 2) return '#len:1-2';
  if (words <= 5) return '#len:3-5';
  if (words <= 12) return '#len:6-12';
  if (words <= 25) return '#len:13-25';
  return '#len:26+';
}

function roleKey(role: Role): string {
  return role === 'assistant' ? 'a' : role === 'system' ? 's' : 'u';
}

/** Feature keys of segment i of a conversation's segments (with repetitions: counts are tf). */
export function segmentFeatureKeys(segments: readonly Segment[], i: number, config: FeatureConfig, tokens?: readonly string[][]): string[] {
  const seg = segments[i];
  const toks = tokens?.[i] ?? routerTokens(seg.text);
  const keys: string[] = [];
  const assistant = config.roleFeatures && seg.role === 'assistant';
  for (let k = 0; k < toks.length; k++) {
    keys.push(toks[k]);
    if (assistant) keys.push(`a|${toks[k]}`);
    if (config.ngramMax >= 2 && k + 1 < toks.length) keys.push(`${toks[k]} ${toks[k + 1]}`);
  }
  if (config.roleFeatures) keys.push(`#role:${roleKey(seg.role)}`);
  if (config.lengthFeature) keys.push(lengthBucket(toks.length));
  if (config.context && i > 0) {
    const prev = tokens?.[i - 1] ?? routerTokens(segments[i - 1].text);
    const role = segments[i - 1].role === seg.role ? 'same' : 'other';
    keys.push(`#prev:${role}`);
    for (const t of new Set(prev)) keys.push(`<|${t}`);
  }
  return keys;
}

/**
 * Feature keys of a whole conversation (the conversation view): every segment's words and
 * bigrams with the speaker marks, without the per-segment context and length features.
 */
export function conversationFeatureKeys(segments: readonly Segment[], config: FeatureConfig, tokens: readonly string[][]): string[] {
  const keys: string[] = [];
  const own: FeatureConfig = { ...config, context: false, lengthFeature: false };
  for (let i = 0; i < segments.length; i++) keys.push(...segmentFeatureKeys(segments, i, own, tokens));
  return keys;
}
