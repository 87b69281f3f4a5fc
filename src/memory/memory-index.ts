/**
 * The in-memory search side of the store: BM25 over every memory's text, a VectorIndex over the
 * vectors of the current embedder, and the few fields the filters need. Rebuilt from the memories
 * table at open and kept in step with every write (the store calls upsert/remove after each commit,
 * and again for writes made by other tabs).
 */
import type { MemoryCategory } from '../core/taxonomy';
import { Bm25Index, HybridSearcher, VectorIndex, type CategoryPrior, type SearchHit, type SearchMode } from './search';
import type { MemoryRecord, StoredScope } from './db';
import { isExpired } from './expiry';
import { dot } from '../core/util/vector-math';

interface IndexedMeta {
  userId: string;
  category: MemoryCategory;
  scope: StoredScope;
  expiresAt: number | null;
  pinned: boolean;
  metadata: Record<string, unknown>;
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

function stampOf(m: MemoryRecord): string {
  return `${m.updatedAt}|${m.hash}|${m.embeddingModel ?? ''}|${m.expiresAt ?? ''}|${m.pinned ? 1 : 0}|${m.category}`;
}

/** True when the record carries a vector of exactly this embedding space. */
export function hasVectorOf(m: Pick<MemoryRecord, 'embedding' | 'embeddingModel' | 'embeddingDim'>, space: EmbeddingSpace | null): boolean {
  return !!space && !!m.embedding && m.embeddingModel === space.id && m.embeddingDim === space.dimension && m.embedding.length === space.dimension;
}

/** A record matches a filter spec (used for DB listings as well as for search). */
export function matchesFilters(m: Omit<IndexedMeta, 'stamp'>, f: FilterSpec): boolean {
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

export class MemoryIndex {
  private readonly meta = new Map<string, IndexedMeta>();
  private readonly keyword = new Bm25Index();
  private vectors: VectorIndex | null = null;
  private searcher: HybridSearcher;
  private spaceValue: EmbeddingSpace | null = null;

  constructor() {
    this.searcher = new HybridSearcher(this.keyword, null);
  }

  get size(): number {
    return this.meta.size;
  }

  get space(): EmbeddingSpace | null {
    return this.spaceValue;
  }

  /** How many memories have a vector in the current space. */
  get vectorCount(): number {
    return this.vectors?.size ?? 0;
  }

  has(id: string): boolean {
    return this.meta.has(id);
  }

  isCurrent(m: MemoryRecord): boolean {
    return this.meta.get(m.id)?.stamp === stampOf(m);
  }

  /** Switches the embedding space; vectors of other spaces are dropped (the caller re-adds). */
  setSpace(space: EmbeddingSpace | null): void {
    this.spaceValue = space;
    this.vectors = space ? new VectorIndex(space.dimension) : null;
    this.searcher = new HybridSearcher(this.keyword, this.vectors);
  }

  upsert(m: MemoryRecord): void {
    const stamp = stampOf(m);
    const old = this.meta.get(m.id);
    if (old?.stamp === stamp) return;
    this.meta.set(m.id, {
      userId: m.userId, category: m.category, scope: m.scope, expiresAt: m.expiresAt, pinned: m.pinned,
      metadata: m.metadata, stamp,
    });
    this.keyword.add(m.id, m.text);
    if (this.vectors) {
      if (hasVectorOf(m, this.spaceValue)) this.vectors.add(m.id, m.embedding as Float32Array);
      else this.vectors.remove(m.id);
    }
  }

  remove(id: string): void {
    this.meta.delete(id);
    this.keyword.remove(id);
    this.vectors?.remove(id);
  }

  clear(): void {
    for (const id of [...this.meta.keys()]) this.remove(id);
  }

  ids(): string[] {
    return [...this.meta.keys()];
  }

  filterFor(spec: FilterSpec): (id: string) => boolean {
    return (id) => {
      const m = this.meta.get(id);
      return !!m && matchesFilters(m, spec);
    };
  }

  effectiveMode(mode: SearchMode, vector: Float32Array | null): SearchMode {
    return this.searcher.effectiveMode({ mode, vector });
  }

  /** `prior` (category -> probability) is added x `priorWeight` to hybrid scores by each memory's category. */
  search(text: string, vector: Float32Array | null, mode: SearchMode, limit: number, spec: FilterSpec, prior?: CategoryPrior | null, priorWeight = 0): SearchHit[] {
    const scorePrior = prior && priorWeight > 0
      ? { weight: priorWeight, of: (id: string) => { const c = this.meta.get(id)?.category; return c ? prior[c] ?? 0 : 0; } }
      : undefined;
    return this.searcher.search({ text, vector, mode, limit, filter: this.filterFor(spec), prior: scorePrior });
  }

  /** This mode's scores for `text` on 0..1 (see HybridSearcher.relevanceScale). */
  relevanceScale(mode: SearchMode, text: string, extraMax = 0): (score: number) => number {
    return this.searcher.relevanceScale(mode, text, extraMax);
  }

  /** Cosine similarity of a stored vector and a (normalised) query vector; undefined without one. */
  similarity(id: string, query: Float32Array): number | undefined {
    const v = this.vectors?.get(id);
    if (!v || v.length !== query.length) return undefined;
    return dot(v, query);
  }

  /** The most similar memory of one user and category: the near-duplicate candidate. */
  nearest(vector: Float32Array, userId: string, category: MemoryCategory, exclude: ReadonlySet<string>): SearchHit | null {
    if (!this.vectors || vector.length !== this.vectors.dimension) return null;
    const hits = this.vectors.search(vector, 1, (id) => {
      const m = this.meta.get(id);
      return !!m && m.userId === userId && m.category === category && !exclude.has(id);
    });
    return hits[0] ?? null;
  }
}
