/** Messages between the page (LiteWorkerEmbedder) and the embed-lite worker; every answer repeats its request's id. */
import type { SerializedError } from '../core/errors';
import type { LoadProgress } from '../core/contracts';

export type LiteWorkerRequest =
  | { type: 'load'; id: number; url: string }
  | { type: 'embed'; id: number; texts: string[] }
  /** Answer embed requests arriving on this port too (Embedder.connect), until it closes. */
  | { type: 'serve'; id: number; port: MessagePort };

export type LiteWorkerResponse =
  | { type: 'progress'; id: number; progress: LoadProgress }
  | { type: 'loaded'; id: number; modelId: string; dimension: number }
  | { type: 'embedded'; id: number; vectors: Float32Array[] }
  | { type: 'serving'; id: number }
  | { type: 'error'; id: number; error: SerializedError };

export type PostLiteResponse = (message: LiteWorkerResponse, transfer?: Transferable[]) => void;
