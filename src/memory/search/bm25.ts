/**
 * Okapi BM25 keyword search over an in-memory inverted index. Works with no embedding model at all,
 * so search never depends on a download. Documents live in integer slots (reused after removal);
 * a search accumulates scores into one typed array and keeps the best k in a fixed-size heap.
 *
 * Each term's postings are two growable typed arrays (slots, term frequencies): appending is a
 * store, not a hash-map insert, which is most of what indexing 100k memories at page load costs.
 * Each document keeps where it sits in its terms' postings, so removing it swaps the last entry
 * into its place (O(its distinct terms)).
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

class Postings {
  slots = new Int32Array(4);
  tfs = new Float64Array(4);
  size = 0;

  push(slot: number, tf: number): number {
    if (this.size === this.slots.length) {
      const slots = new Int32Array(this.size * 2);
      slots.set(this.slots);
      this.slots = slots;
      const tfs = new Float64Array(this.size * 2);
      tfs.set(this.tfs);
      this.tfs = tfs;
    }
    this.slots[this.size] = slot;
    this.tfs[this.size] = tf;
    return this.size++;
  }
}

export class Bm25Index {
  private readonly k1: number;
  private readonly b: number;
  private readonly tokenizer: (text: string) => string[];
  private readonly postings = new Map<string, Postings>();
  private readonly slotOf = new Map<string, number>();
  private ids: Array<string | undefined> = [];
  /** Distinct terms of each slot, and where the slot sits in each term's postings. */
  private terms: Array<string[] | undefined> = [];
  private places: Array<Int32Array | undefined> = [];
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
    const [distinct, counts] = termCounts(tokens);
    const slot = this.freeSlots.pop() ?? this.ids.length;
    if (slot >= this.lengths.length) this.grow(slot + 1);
    this.ids[slot] = id;
    this.terms[slot] = distinct;
    this.lengths[slot] = tokens.length;
    this.totalLength += tokens.length;
    this.slotOf.set(id, slot);
    const places = new Int32Array(distinct.length);
    for (let i = 0; i < distinct.length; i++) {
      let list = this.postings.get(distinct[i]);
      if (!list) this.postings.set(distinct[i], (list = new Postings()));
      places[i] = list.push(slot, counts[i]);
    }
    this.places[slot] = places;
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const terms = this.terms[slot] ?? [];
    const places = this.places[slot] as Int32Array;
    for (let i = 0; i < terms.length; i++) {
      const list = this.postings.get(terms[i]);
      if (!list) continue;
      const at = places[i];
      const last = --list.size;
      if (at !== last) {
        // The last entry moves into the hole; its document learns its new place.
        const moved = list.slots[last];
        list.slots[at] = moved;
        list.tfs[at] = list.tfs[last];
        (this.places[moved] as Int32Array)[(this.terms[moved] as string[]).indexOf(terms[i])] = at;
      }
      if (list.size === 0) this.postings.delete(terms[i]);
    }
    this.totalLength -= this.lengths[slot];
    this.lengths[slot] = 0;
    this.ids[slot] = undefined;
    this.terms[slot] = undefined;
    this.places[slot] = undefined;
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
    const terms = this.terms[slot] as string[];
    const places = this.places[slot] as Int32Array;
    for (const term of new Set(this.tokenizer(query))) {
      const i = terms.indexOf(term);
      const list = i < 0 ? undefined : this.postings.get(term);
      if (!list) continue;
      const tf = list.tfs[places[i]];
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
      const { slots, tfs, size } = list;
      for (let p = 0; p < size; p++) {
        const slot = slots[p];
        const tf = tfs[p];
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

/**
 * Distinct terms in first-seen order and how often each occurs. A memory has a few dozen tokens,
 * where a linear scan beats a hash map; long texts take the map.
 */
function termCounts(tokens: readonly string[]): [string[], number[]] {
  const distinct: string[] = [];
  const counts: number[] = [];
  if (tokens.length > 64) {
    const at = new Map<string, number>();
    for (const t of tokens) {
      const i = at.get(t);
      if (i === undefined) { at.set(t, distinct.length); distinct.push(t); counts.push(1); } else counts[i]++;
    }
    return [distinct, counts];
  }
  for (const t of tokens) {
    const i = distinct.indexOf(t);
    if (i < 0) { distinct.push(t); counts.push(1); } else counts[i]++;
  }
  return [distinct, counts];
}

/** Okapi BM25 idf with the +1 inside the log (never negative for very common terms). */
function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}
