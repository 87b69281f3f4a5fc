/**
 * Okapi BM25 keyword search over an in-memory inverted index. Works with no embedding model at all,
 * so search never depends on a download. Documents live in integer slots (reused after removal);
 * a search accumulates scores into one typed array and keeps the best k in a fixed-size heap.
 */
import { tokenize } from '../../core/tokenize';
import { TopK } from './top-k';
import type { SearchFilter, SearchHit } from './types';

export interface Bm25Options {
  /** Term-frequency saturation (default 1.2). */
  k1?: number;
  /** Length normalisation, 0 = none, 1 = full (default 0.75). */
  b?: number;
  /** Text to terms; defaults to the shared tokenizer (stopwords out, light stemming). */
  tokenizer?: (text: string) => string[];
}

export class Bm25Index {
  private readonly k1: number;
  private readonly b: number;
  private readonly tokenizer: (text: string) => string[];
  /** term -> (slot -> term frequency) */
  private readonly postings = new Map<string, Map<number, number>>();
  private readonly slotOf = new Map<string, number>();
  private ids: Array<string | undefined> = [];
  /** Distinct terms of each slot, so removal touches only its own postings. */
  private terms: Array<string[] | undefined> = [];
  private lengths = new Float64Array(16);
  private freeSlots: number[] = [];
  private totalLength = 0;
  private scratch = new Float64Array(16);

  constructor(opts: Bm25Options = {}) {
    this.k1 = opts.k1 ?? 1.2;
    this.b = opts.b ?? 0.75;
    this.tokenizer = opts.tokenizer ?? ((t) => tokenize(t));
  }

  get size(): number {
    return this.slotOf.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Adds or replaces the text of `id`. */
  add(id: string, text: string): void {
    if (this.slotOf.has(id)) this.remove(id);
    const tokens = this.tokenizer(text);
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    const slot = this.freeSlots.pop() ?? this.ids.length;
    if (slot >= this.lengths.length) this.grow(slot + 1);
    this.ids[slot] = id;
    this.terms[slot] = [...tf.keys()];
    this.lengths[slot] = tokens.length;
    this.totalLength += tokens.length;
    this.slotOf.set(id, slot);
    for (const [term, count] of tf) {
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = new Map()));
      list.set(slot, count);
    }
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    for (const term of this.terms[slot] ?? []) {
      const list = this.postings.get(term);
      if (!list) continue;
      list.delete(slot);
      if (list.size === 0) this.postings.delete(term);
    }
    this.totalLength -= this.lengths[slot];
    this.lengths[slot] = 0;
    this.ids[slot] = undefined;
    this.terms[slot] = undefined;
    this.slotOf.delete(id);
    this.freeSlots.push(slot);
  }

  /**
   * The most a document could score for this query (every term present with saturated tf and an
   * average length): dividing by it puts BM25 on a 0..1 scale comparable across queries, where
   * matching only a common word scores near 0 and matching every rare word near 1. Query terms
   * no document has count with the idf of a term in no document.
   */
  maxScore(query: string): number {
    const n = this.slotOf.size;
    if (n === 0) return 0;
    let total = 0;
    for (const term of new Set(this.tokenizer(query))) {
      const df = this.postings.get(term)?.size ?? 0;
      total += idf(df, n) * (this.k1 + 1);
    }
    return total;
  }

  /**
   * What an average-length document holding each query word once scores (the sum of the query
   * words' idf). Dividing by it gives a relevance where a plain full match is about 1 (more
   * repetitions or a shorter document go a little above, and are capped) and matching only a
   * common word stays near 0. maxScore is the same times (k1 + 1).
   */
  fullMatchScore(query: string): number {
    return this.maxScore(query) / (this.k1 + 1);
  }

  /** BM25 of one document for the query (0 when it shares no term or is absent). */
  scoreOf(id: string, query: string): number {
    const slot = this.slotOf.get(id);
    const n = this.slotOf.size;
    if (slot === undefined || n === 0) return 0;
    const avgLength = this.totalLength / n || 1;
    const norm = this.k1 * (1 - this.b + (this.b * this.lengths[slot]) / avgLength);
    let score = 0;
    for (const term of new Set(this.tokenizer(query))) {
      const list = this.postings.get(term);
      const tf = list?.get(slot);
      if (!list || !tf) continue;
      score += (idf(list.size, n) * tf * (this.k1 + 1)) / (tf + norm);
    }
    return score;
  }

  search(query: string, k: number, filter?: SearchFilter): SearchHit[] {
    const n = this.slotOf.size;
    if (n === 0 || k <= 0) return [];
    const queryTerms = [...new Set(this.tokenizer(query))];
    const scores = this.scratch;
    const touched: number[] = [];
    const avgLength = this.totalLength / n || 1;
    const { k1, b } = this;
    for (const term of queryTerms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const w = idf(list.size, n);
      for (const [slot, tf] of list) {
        const norm = k1 * (1 - b + (b * this.lengths[slot]) / avgLength);
        if (scores[slot] === 0) touched.push(slot);
        scores[slot] += (w * tf * (k1 + 1)) / (tf + norm);
      }
    }
    const top = new TopK(Math.min(k, touched.length));
    for (const slot of touched) {
      const s = scores[slot];
      scores[slot] = 0; // leave the scratch array clean for the next search
      if (s > top.threshold && (!filter || filter(this.ids[slot] as string))) top.push(slot, s);
    }
    return top.sorted().map(({ slot, score }) => ({ id: this.ids[slot] as string, score }));
  }

  private grow(min: number): void {
    let cap = this.lengths.length;
    while (cap < min) cap *= 2;
    const lengths = new Float64Array(cap);
    lengths.set(this.lengths);
    this.lengths = lengths;
    this.scratch = new Float64Array(cap);
  }
}

/** Okapi BM25 idf with the +1 inside the log (never negative for very common terms). */
function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}
