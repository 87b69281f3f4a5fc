/**
 * An import's memories that arrive without a vector of the store's embedder get one before they
 * are written, in the search worker: each row is then written once, with its vector, instead of
 * written and rewritten by re-embedding (which at 10k memories took longer than the import). The
 * parsed file is changed in place (base64 float32, as an export carries vectors); the import's
 * own validation runs after, on the result. Rows it cannot read are left for that validation.
 */
import { float32ToBase64 } from '../core/util/base64';
import type { WorkProgress } from '../core/contracts';
import { importCancelled } from './export-import';
import type { EmbeddingSpace } from './memory-index';
import type { PortEmbedder } from './port-embedder';

/** Texts per message to the embedder: few messages, and progress (and a cancel) every few hundred. */
const BATCH = 512;

interface RawMemory {
  text?: unknown;
  embedding?: unknown;
  embeddingModel?: unknown;
  embeddingDim?: unknown;
}

export async function embedMissing(
  data: unknown, space: EmbeddingSpace, embedder: PortEmbedder,
  opts: { onProgress?: (p: WorkProgress) => void; cancelled?: () => boolean } = {},
): Promise<number> {
  const memories = data && typeof data === 'object' && Array.isArray((data as { memories?: unknown }).memories)
    ? (data as { memories: unknown[] }).memories
    : [];
  const todo = memories.filter((m): m is RawMemory => {
    if (!m || typeof m !== 'object') return false;
    const r = m as RawMemory;
    return typeof r.text === 'string' && !(typeof r.embedding === 'string' && r.embeddingModel === space.id && r.embeddingDim === space.dimension);
  });
  for (let i = 0; i < todo.length; i += BATCH) {
    if (opts.cancelled?.()) throw importCancelled();
    const batch = todo.slice(i, i + BATCH);
    const vectors = await embedder.embed(batch.map((m) => m.text as string));
    batch.forEach((m, j) => {
      const v = vectors[j];
      if (!v || v.length !== space.dimension) return;
      m.embedding = float32ToBase64(v);
      m.embeddingModel = space.id;
      m.embeddingDim = space.dimension;
    });
    opts.onProgress?.({ done: Math.min(todo.length, i + BATCH), total: todo.length, phase: 'Embedding memories' });
  }
  if (opts.cancelled?.()) throw importCancelled();
  return todo.length;
}
