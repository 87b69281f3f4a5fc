/**
 * The search side of the store: BM25 over every memory's text, the vectors of the current
 * embedder, and the few fields the filters and the Memories page's list need. Built from the
 * memories table (index-load.ts) and kept in step with every write. One module used in both
 * places it runs: in the search worker in the page (index-worker-handler.ts), in-process in Node.
 *
 * Vectors are held one of two ways. float32 (VectorIndex): exact, 4 bytes a component. int8
 * (Int8VectorIndex), when the index can read exact vectors back (`exactVectors`, the database):
 * a quarter of the memory; a search scans the int8 rows for a few times more candidates than it
 * needs and re-ranks them with their exact float32 vectors, so the scores it returns are exact.
 */
import { categoryInfo, MEMORY_CATEGORIES, type MemoryCategory } from '../core/taxonomy';
import { Bm25Index, HybridSearcher, Int8VectorIndex, VectorIndex, type CategoryPrior, type SearchHit, type SearchMode } from './search';
import type { MemoryRecord, StoredScope } from './db';
import { isExpired } from './expiry';
import { fnv1a } from '../core/util/random';

interface IndexedMeta {
  userId: string;
  category: MemoryCategory;
  scope: StoredScope;
  expiresAt: number | null;
  pinned: boolean;
  metadata: Record<string, unknown>;
  updatedAt: number;
  /** A fingerprint of the exact text: a change of vector alone (re-embedding) leaves the keyword index as it is. */
  textKey: number;
  /** Changes whenever anything the index holds changes; equal stamps skip re-indexing. */
  stamp: string;
}

export interface MemoryFilters {
  category?: MemoryCategory | readonly MemoryCategory[];
  scope?: StoredScope;
  /** Expired memories are hidden unless this is true. */
  includeExpired?: boolean;
  /** Exact matches on metadata values (primitives only). */
  metadata?: Record<string, string | number | boolean | null>;
}

export interface FilterSpec extends MemoryFilters {
  userId?: string;
  now: number;
}

export interface EmbeddingSpace {
  id: string;
  dimension: number;
}

type VectorFields = Pick<MemoryRecord, 'embedding' | 'embeddingModel' | 'embeddingDim'>;

/** Reads the stored (exact) vectors of memories, in the order asked; missing rows as undefined. */
export type ExactVectors = (ids: readonly string[]) => Promise<Array<VectorFields | undefined>>;

export interface IndexOptions {
  /** With it, vectors are held as int8 and candidates re-ranked with what it returns. */
  exactVectors?: ExactVectors | null;
}

export interface SearchRequest {
  text: string;
  vector: Float32Array | null;
  /** The mode asked for; the answer says which one ran. */
  mode: SearchMode;
  limit: number;
  spec: FilterSpec;
  /** Category -> probability that the query asks about it; added x priorWeight to hybrid scores (never a filter). */
  prior?: CategoryPrior | null;
  priorWeight?: number;
}

export interface ScoredHit extends SearchHit {
  /** The score on 0..1 (HybridSearcher.relevanceScale). */
  relevance: number;
  /** Exact cosine to the query vector, where the memory has a vector. */
  similarity?: number;
}

export interface SearchAnswer {
  mode: SearchMode;
  hits: ScoredHit[];
}

/** The dedup question: the closest memories of one user and category. */
export interface NearestQuery {
  vector: Float32Array;
  userId: string;
  category: MemoryCategory;
  k: number;
  exclude?: readonly string[];
}

export interface OverviewGroup {
  scope: StoredScope;
  category: MemoryCategory;
  /** Newest update first (ties by id, later first). */
  ids: string[];
}

/** What the Memories page lists: the ids that match, by category in taxonomy order. */
export interface Overview {
  total: number;
  shown: number;
  groups: OverviewGroup[];
}

export interface IndexStats {
  size: number;
  vectorCount: number;
  /** Bytes held for vectors (rows, scales, scan scratch). */
  vectorBytes: number;
  precision: 'f32' | 'int8' | null;
}

function stampOf(m: MemoryRecord): string {
  return `${listStampOf(m)}|${m.embeddingModel ?? ''}`;
}

/** The part of the stamp the Memories page's list shows or orders by. */
function listStampOf(m: MemoryRecord): string {
  return `${m.updatedAt}|${m.hash}|${m.expiresAt ?? ''}|${m.pinned ? 1 : 0}|${m.category}|${m.userId}`;
}

/** True when the record carries a vector of exactly this embedding space. */
export function hasVectorOf(m: VectorFields, space: EmbeddingSpace | null): boolean {
  return !!space && !!m.embedding && m.embeddingModel === space.id && m.embeddingDim === space.dimension && m.embedding.length === space.dimension;
}

/** A record matches a filter spec (used for DB listings as well as for search). */
export function matchesFilters(m: Omit<IndexedMeta, 'stamp' | 'updatedAt' | 'textKey'>, f: FilterSpec): boolean {
  if (f.userId !== undefined && m.userId !== f.userId) return false;
  if (f.category !== undefined) {
    if (typeof f.category === 'string' ? m.category !== f.category : !f.category.includes(m.category)) return false;
  }
  if (f.scope !== undefined && m.scope !== f.scope) return false;
  if (!f.includeExpired && isExpired(m, f.now)) return false;
  if (f.metadata) {
    for (const [k, v] of Object.entries(f.metadata)) if (m.metadata?.[k] !== v) return false;
  }
  return true;
}

/**
 * int8 candidates per result before the exact re-rank. 3x the depth (at least 64) kept recall@10
 * at 1.0 against exact search on the benchmark's memories (tests/search/int8-recall.test.ts).
 */
export const RERANK_FACTOR = 3;
export const MIN_RERANK_POOL = 64;
const HYBRID_DEPTH = 50;

export class MemoryIndex {
  private readonly meta = new Map<string, IndexedMeta>();
  private readonly keyword = new Bm25Index();
  private readonly exactVectors: ExactVectors | null;
  private f32: VectorIndex | null = null;
  private i8: Int8VectorIndex | null = null;
  private spaceValue: EmbeddingSpace | null = null;
  /**
   * The space of the vectors held. Loaded before the embedder is known (the page opens the store
   * first), the index holds the vectors of the first model it meets, so that when the embedder
   * turns out to be that model (the usual case) adopt() takes them instead of reading every row again.
   */
  private heldSpace: EmbeddingSpace | null = null;
  private provisional = false;
  /** Memories without a vector of the current space (re-embedding works through these). */
  private readonly stale = new Set<string>();

  constructor(opts: IndexOptions = {}) {
    this.exactVectors = opts.exactVectors ?? null;
  }

  get size(): number {
    return this.meta.size;
  }

  get space(): EmbeddingSpace | null {
    return this.spaceValue;
  }

  /** How many memories have a vector in the current space. */
  get vectorCount(): number {
    return this.spaceValue ? this.f32?.size ?? this.i8?.size ?? 0 : 0;
  }

  get stats(): IndexStats {
    return {
      size: this.size,
      vectorCount: this.vectorCount,
      vectorBytes: this.i8?.bytes ?? this.f32?.bytes ?? 0,
      precision: this.i8 ? 'int8' : this.f32 ? 'f32' : null,
    };
  }

  has(id: string): boolean {
    return this.meta.has(id);
  }

  isCurrent(m: MemoryRecord): boolean {
    return this.meta.get(m.id)?.stamp === stampOf(m);
  }

  /**
   * Switches the embedding space and empties the index: the caller re-adds every memory. With
   * `provisional` (no space yet), the vectors of the first model met are held for adopt().
   */
  setSpace(space: EmbeddingSpace | null, opts: { provisional?: boolean } = {}): void {
    this.clear();
    this.spaceValue = space;
    this.provisional = !space && opts.provisional === true;
    this.hold(space);
  }

  /** Makes `space` current without re-reading the rows when the held vectors are of it; false otherwise. */
  adopt(space: EmbeddingSpace): boolean {
    const held = this.heldSpace;
    if (!held || held.id !== space.id || held.dimension !== space.dimension) return false;
    this.spaceValue = space;
    this.provisional = false;
    return true;
  }

  private hold(space: EmbeddingSpace | null): void {
    this.heldSpace = space;
    this.f32 = space && !this.exactVectors ? new VectorIndex(space.dimension) : null;
    this.i8 = space && this.exactVectors ? new Int8VectorIndex(space.dimension) : null;
  }

  /** Adds or re-indexes a memory; true when what the list shows or orders by changed. */
  upsert(m: MemoryRecord): boolean {
    const stamp = stampOf(m);
    const old = this.meta.get(m.id);
    // Equal: nothing to do. Older: a write's echo arriving after a newer one (two tabs at once).
    if (old?.stamp === stamp || (old && m.updatedAt < old.updatedAt)) return false;
    const textKey = fnv1a(m.text) ^ m.text.length;
    this.meta.set(m.id, {
      userId: m.userId, category: m.category, scope: m.scope, expiresAt: m.expiresAt, pinned: m.pinned,
      metadata: m.metadata, updatedAt: m.updatedAt, textKey, stamp,
    });
    if (old?.textKey !== textKey || !this.keyword.has(m.id)) this.keyword.add(m.id, m.text);
    if (this.provisional && !this.heldSpace && m.embedding && m.embeddingModel && m.embeddingDim === m.embedding.length) {
      this.hold({ id: m.embeddingModel, dimension: m.embeddingDim });
    }
    const vectors = this.f32 ?? this.i8;
    if (vectors && hasVectorOf(m, this.heldSpace)) {
      vectors.add(m.id, m.embedding as Float32Array);
      this.stale.delete(m.id);
    } else {
      vectors?.remove(m.id);
      this.stale.add(m.id);
    }
    return !old || !old.stamp.startsWith(`${listStampOf(m)}|`);
  }

  remove(id: string): boolean {
    if (!this.meta.has(id)) return false;
    this.meta.delete(id);
    this.keyword.remove(id);
    this.f32?.remove(id);
    this.i8?.remove(id);
    this.stale.delete(id);
    return true;
  }

  clear(): void {
    for (const id of [...this.meta.keys()]) this.remove(id);
  }

  ids(): string[] {
    return [...this.meta.keys()];
  }

  /** Memories without a vector of the current space (none without a space). */
  staleIds(): string[] {
    return this.spaceValue ? [...this.stale] : [];
  }

  filterFor(spec: FilterSpec): (id: string) => boolean {
    return (id) => {
      const m = this.meta.get(id);
      return !!m && matchesFilters(m, spec);
    };
  }

  effectiveMode(mode: SearchMode, vector: Float32Array | null): SearchMode {
    const dim = this.spaceValue?.dimension;
    return vector && this.vectorCount > 0 && vector.length === dim ? mode : 'keyword';
  }

  /** Keyword, vector or hybrid search with the store's filters; scores and cosines exact. */
  async search(req: SearchRequest): Promise<SearchAnswer> {
    const { text, vector, limit } = req;
    if (limit <= 0) return { mode: this.effectiveMode(req.mode, vector), hits: [] };
    const filter = this.filterFor(req.spec);
    let mode = this.effectiveMode(req.mode, vector);
    let vectors: VectorIndex | null = null;
    if (mode !== 'keyword') {
      const depth = mode === 'vector' ? limit : Math.max(limit, HYBRID_DEPTH);
      vectors = this.f32 ?? (await this.exactSubset(vector as Float32Array, depth, filter, mode === 'hybrid' ? this.keyword.search(text, depth, filter) : []));
    }
    const searcher = new HybridSearcher(this.keyword, vectors);
    if (mode !== 'keyword' && vectors && vectors.size === 0) {
      // No memory that passes the filters has a vector: nothing for the vector list to rank.
      if (mode === 'vector') return { mode, hits: [] };
      mode = 'keyword';
    }
    // The category prior (hybrid only) adds at most its weight to a fused score: relevance stays on 0..1.
    const prior = mode === 'hybrid' && req.prior && (req.priorWeight ?? 0) > 0 ? req.prior : null;
    const scorePrior = prior
      ? { weight: req.priorWeight as number, of: (id: string) => { const c = this.meta.get(id)?.category; return c ? prior[c] ?? 0 : 0; } }
      : undefined;
    const hits = searcher.search({ text, vector, mode, limit, filter, prior: scorePrior });
    const relevanceOf = searcher.relevanceScale(mode, text, scorePrior ? scorePrior.weight : 0);
    return {
      mode,
      hits: hits.map((h) => {
        const similarity = vector && vectors ? vectors.similarity(h.id, vector) : undefined;
        return similarity === undefined ? { ...h, relevance: relevanceOf(h.score) } : { ...h, relevance: relevanceOf(h.score), similarity };
      }),
    };
  }

  /** For each query, its k closest memories of that user and category (exact cosines), best first. */
  async nearest(queries: readonly NearestQuery[]): Promise<SearchHit[][]> {
    const dim = this.spaceValue?.dimension;
    const usable = (q: NearestQuery) => this.vectorCount > 0 && q.vector.length === dim && q.k > 0;
    const filterOf = (q: NearestQuery) => {
      const exclude = new Set(q.exclude ?? []);
      return (id: string) => {
        const m = this.meta.get(id);
        return !!m && m.userId === q.userId && m.category === q.category && !exclude.has(id);
      };
    };
    if (this.f32) return queries.map((q) => (usable(q) ? (this.f32 as VectorIndex).search(q.vector, q.k, filterOf(q)) : []));
    const pools = queries.map((q) => (usable(q) ? (this.i8 as Int8VectorIndex).search(q.vector, poolSize(q.k), filterOf(q)) : []));
    const exact = await this.readExact([...new Set(pools.flat().map((h) => h.id))]);
    return queries.map((q, i) => rerank(pools[i], q.vector, exact).slice(0, q.k));
  }

  /** What the Memories page lists for these filters. */
  overview(spec: FilterSpec): Overview {
    const byCategory = new Map<MemoryCategory, Array<[string, number]>>();
    let shown = 0;
    for (const [id, m] of this.meta) {
      if (!matchesFilters(m, spec)) continue;
      shown++;
      const list = byCategory.get(m.category);
      if (list) list.push([id, m.updatedAt]); else byCategory.set(m.category, [[id, m.updatedAt]]);
    }
    const groups: OverviewGroup[] = [];
    for (const category of MEMORY_CATEGORIES) {
      const list = byCategory.get(category);
      if (!list) continue;
      // Newest first; ties (one save writes many memories at once) by id, later first: the order
      // of the database's updatedAt index reversed, which the quick list (quick-overview.ts) reads.
      list.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0));
      groups.push({ scope: categoryInfo(category).scope as StoredScope, category, ids: list.map((e) => e[0]) });
    }
    // Company categories come first in the taxonomy; keep scopes together all the same.
    groups.sort((a, b) => (a.scope === b.scope ? 0 : a.scope === 'company' ? -1 : 1));
    return { total: this.meta.size, shown, groups };
  }

  /**
   * The exact vectors of the int8 scan's best candidates (and of the keyword list's, which hybrid
   * fusion scores by cosine too) as a small float32 index the fusion runs on.
   */
  private async exactSubset(vector: Float32Array, depth: number, filter: (id: string) => boolean, keywordHits: SearchHit[]): Promise<VectorIndex> {
    const pool = (this.i8 as Int8VectorIndex).search(vector, poolSize(depth), filter);
    const ids = [...new Set([...pool.map((h) => h.id), ...keywordHits.map((h) => h.id)])];
    const exact = await this.readExact(ids);
    const subset = new VectorIndex((this.spaceValue as EmbeddingSpace).dimension, Math.max(1, exact.size), false);
    for (const [id, v] of exact) subset.add(id, v);
    return subset;
  }

  /** Exact vectors of the current space, for ids the index still holds. */
  private async readExact(ids: readonly string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    if (!ids.length || !this.exactVectors) return out;
    const rows = await this.exactVectors(ids);
    rows.forEach((r, i) => {
      if (r && hasVectorOf(r, this.spaceValue) && this.meta.has(ids[i])) out.set(ids[i], r.embedding as Float32Array);
    });
    return out;
  }
}

function poolSize(k: number): number {
  return Math.max(MIN_RERANK_POOL, RERANK_FACTOR * k);
}

function rerank(pool: readonly SearchHit[], query: Float32Array, exact: Map<string, Float32Array>): SearchHit[] {
  const subset = new VectorIndex(query.length, Math.max(1, pool.length), false);
  for (const h of pool) {
    const v = exact.get(h.id);
    if (v) subset.add(h.id, v);
  }
  return subset.search(query, pool.length);
}
