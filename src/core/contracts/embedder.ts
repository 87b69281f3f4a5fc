/**
 * One interface for every embedder: embed-lite (trained here, no download), transformers.js
 * (neural, in a worker in the page, in-process in Node). Vectors are L2-normalised Float32Arrays,
 * so cosine similarity is a dot product.
 */
import type { LoadProgress } from './progress';
import type { SerializedError } from '../errors';

export interface Embedder {
  /** Stable id stored beside each vector, e.g. "embed-lite@<hash>" or "Xenova/all-MiniLM-L6-v2". */
  readonly id: string;
  readonly dimension: number;
  load(onProgress?: (p: LoadProgress) => void): Promise<void>;
  /** Embeds a batch; returns one normalised vector per text, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  dispose?(): Promise<void>;
  /**
   * For an embedder that runs in a worker: a port another worker can embed through directly
   * (post { id, texts }, answered { id, vectors } or { id, error }), so work that happens in a
   * worker (an import in the store's search worker) does not pass every text through the page.
   */
  connect?(): Promise<MessagePort>;
}

/** Messages on an embedder's port (Embedder.connect). */
export type EmbedPortRequest = { id: number; texts: string[] };
export type EmbedPortResponse = { id: number; vectors: Float32Array[] } | { id: number; error: SerializedError };
