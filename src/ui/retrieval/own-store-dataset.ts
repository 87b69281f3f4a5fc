/**
 * A retrieval benchmark made from the user's own store, with no labelled data: each memory becomes
 * the one right answer to a "known-item" query built from part of its own words (every other
 * content word, at most six), the way someone half-remembers a note. What it measures: can search
 * find a memory again from a partial recollection among everything else stored. What it does not:
 * paraphrases (a query in different words) — those need a labelled dataset file, which the same
 * panel also runs. Plain TS, deterministic.
 */
import { STOPWORDS } from '../../memory/search';
import type { RetrievalDataset } from '../../memory/search/retrieval-eval';

export const MIN_CONTENT_WORDS = 4;
export const MAX_QUERY_WORDS = 6;

export interface StoredMemoryLike {
  id: string;
  text: string;
  category: string;
  hash: string;
}

function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? []).filter((w) => w.length > 2 && !STOPWORDS.has(w));
}

export function knownItemQuery(text: string): string | null {
  const words = contentWords(text);
  if (words.length < MIN_CONTENT_WORDS) return null;
  return words.filter((_, i) => i % 2 === 1).slice(0, MAX_QUERY_WORDS).join(' ');
}

export function ownStoreDataset(memories: readonly StoredMemoryLike[]): RetrievalDataset & { skipped: number } {
  // Exact duplicates (same hash, e.g. one fact of two users) are all right answers.
  const byHash = new Map<string, string[]>();
  for (const m of memories) byHash.set(m.hash, [...(byHash.get(m.hash) ?? []), m.id]);
  const queries: RetrievalDataset['queries'] = [];
  let skipped = 0;
  for (const m of memories) {
    const query = knownItemQuery(m.text);
    if (query) queries.push({ query, relevant: byHash.get(m.hash) ?? [m.id] });
    else skipped++;
  }
  return {
    memories: memories.map((m) => ({ id: m.id, text: m.text, category: m.category })),
    queries,
    warnings: [],
    skipped,
  };
}
