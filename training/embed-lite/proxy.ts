/**
 * The held-out proxy task that chooses embed-lite's hyper-parameters without touching the
 * retrieval dataset: for each held-out training conversation, its first user turn is the query
 * and the rest of that conversation is the one relevant document among all held-out ones.
 * A second, harder variant drops every query word that also occurs in the document, so only
 * meaning (not shared words) can find it: the paraphrase case keyword search cannot handle.
 */
import type { Conversation } from '../../src/core/conversation';
import { Bm25Index } from '../../src/memory/search/bm25';
import { HybridSearcher, type FusionMethod } from '../../src/memory/search/hybrid';
import { tokenize } from '../../src/core/tokenize';
import { VectorIndex } from '../../src/memory/search/vector';
import { averageScores, scoreRanking, type RetrievalScores } from '../../src/memory/search/retrieval-eval';
import { fnv1a } from '../../src/core/util/random';

export interface ProxyPair {
  query: string;
  document: string;
}

/** Deterministic grouped split: a group (scenario id, which repeats) is wholly in or out. */
export function splitByGroup<T>(items: readonly T[], group: (item: T) => string, folds: number, heldOutFold = 0): { train: T[]; heldOut: T[] } {
  const train: T[] = [];
  const heldOut: T[] = [];
  for (const item of items) (fnv1a(group(item)) % folds === heldOutFold ? heldOut : train).push(item);
  return { train, heldOut };
}

export function proxyPairs(conversations: readonly Conversation[]): ProxyPair[] {
  const pairs: ProxyPair[] = [];
  for (const c of conversations) {
    const q = c.findIndex((t) => t.role === 'user' || t.role === 'unknown');
    if (q < 0 || c.length < 2) continue;
    const rest = c.filter((_, i) => i !== q).map((t) => t.content).join('\n');
    if (rest.trim()) pairs.push({ query: c[q].content, document: rest });
  }
  return pairs;
}

/** The paraphrase variant: query words that occur in the document are removed. */
export function disjointPairs(pairs: readonly ProxyPair[]): ProxyPair[] {
  return pairs
    .map((p) => {
      const inDoc = new Set(tokenize(p.document));
      return { query: tokenize(p.query).filter((t) => !inDoc.has(t)).join(' '), document: p.document };
    })
    .filter((p) => p.query.length > 0);
}

export interface ProxyScores {
  keyword: RetrievalScores;
  vector: RetrievalScores;
  hybrid: RetrievalScores;
}

/** MRR and precision@1/@5 of keyword, vector and hybrid search (the app's HybridSearcher) on the pairs. */
export function scoreProxy(pairs: readonly ProxyPair[], embed: (text: string) => Float32Array, dimension: number, fusion?: FusionMethod): ProxyScores {
  const keyword = new Bm25Index();
  const vectors = new VectorIndex(dimension, pairs.length);
  pairs.forEach((p, i) => {
    keyword.add(String(i), p.document);
    vectors.add(String(i), embed(p.document));
  });
  const searcher = new HybridSearcher(keyword, vectors, { fusion });
  const queryVectors = pairs.map((p) => embed(p.query));
  const score = (mode: 'keyword' | 'vector' | 'hybrid') => averageScores(pairs.map((p, i) =>
    scoreRanking(searcher.search({ text: p.query, vector: queryVectors[i], mode, limit: 50 }), [String(i)])));
  return { keyword: score('keyword'), vector: score('vector'), hybrid: score('hybrid') };
}
