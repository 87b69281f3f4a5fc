/**
 * Messages between the page (WorkerEmbedder) and the embed worker. Every request carries an id
 * that its answers repeat; errors cross as SerializedError objects, never as strings. Vectors
 * travel as transferable Float32Arrays (no copy).
 */
import type { SerializedError } from '../core/errors';
import type { TransformersEmbedderOptions } from './transformers-embedder';
import type { LoadProgress } from '../core/contracts';

export type EmbedWorkerRequest =
  | { type: 'load'; id: number; options: TransformersEmbedderOptions }
  | { type: 'embed'; id: number; texts: string[] }
  | { type: 'dispose'; id: number };

export type EmbedWorkerResponse =
  | { type: 'progress'; id: number; progress: LoadProgress }
  | { type: 'loaded'; id: number; dimension: number; device: string | null }
  | { type: 'embedded'; id: number; vectors: Float32Array[] }
  | { type: 'disposed'; id: number }
  | { type: 'error'; id: number; error: SerializedError };

/** Posts a response; the second argument lists buffers to transfer. */
export type PostResponse = (message: EmbedWorkerResponse, transfer?: Transferable[]) => void;
