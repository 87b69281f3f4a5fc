/**
 * Okapi BM25 keyword search over an in-memory inverted index. Works with no embedding model at all,
 * so search never depends on a download. Documents live in integer slots (reused after removal);
 * a search accumulates scores into one typed array and keeps the best k in a fixed-size heap.
 */
import { tokenize } from './tokenize';
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
      const df = list.size;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (const [slot, tf] of list) {
        const norm = k1 * (1 - b + (b * this.lengths[slot]) / avgLength);
        if (scores[slot] === 0) touched.push(slot);
        scores[slot] += (idf * tf * (k1 + 1)) / (tf + norm);
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
