/**
 * One interface for every embedder: embed-lite (trained here, no download), transformers.js
 * (neural, in a worker in the page, in-process in Node). Vectors are L2-normalised Float32Arrays,
 * so cosine similarity is a dot product.
 */
import type { LoadProgress } from './progress';

export interface Embedder {
  /** Stable id stored beside each vector, e.g. "embed-lite@<hash>" or "Xenova/all-MiniLM-L6-v2". */
  readonly id: string;
  readonly dimension: number;
  load(onProgress?: (p: LoadProgress) => void): Promise<void>;
  /** Embeds a batch; returns one normalised vector per text, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  dispose?(): Promise<void>;
}
