/** What every search (keyword, vector, fused) returns: a memory id and a score, best first. */
export interface SearchHit {
  id: string;
  /** Higher is better; scales differ between searches (BM25, cosine, fused rank score). */
  score: number;
}

/** Keeps a row only when it returns true (user, category, scope, expiry filters of the store). */
export type SearchFilter = (id: string) => boolean;
