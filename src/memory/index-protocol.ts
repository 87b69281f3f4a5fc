/**
 * Messages between the store (WorkerIndexBackend) and the search worker. Every request carries an
 * id that its answer repeats; `changed` (id 0) reports writes the worker saw by itself (other tabs);
 * errors cross as SerializedError. Rows and vectors are structured-cloned (a write's few rows).
 */
import type { SerializedError } from '../core/errors';
import type { WorkProgress } from '../core/contracts';
import type { ImportRequest, IndexChange } from './index-backend';
import type { ImportProgress } from './store-types';
import type { EmbeddingSpace, FilterSpec, IndexStats, NearestQuery, SearchRequest } from './memory-index';

export type IndexWorkerRequest =
  | { type: 'open'; id: number; dbName: string; space: EmbeddingSpace | null }
  | { type: 'load'; id: number; space: EmbeddingSpace | null }
  | { type: 'space'; id: number; space: EmbeddingSpace | null }
  | { type: 'apply'; id: number; change: IndexChange }
  | { type: 'search'; id: number; req: SearchRequest }
  | { type: 'nearest'; id: number; queries: NearestQuery[] }
  | { type: 'stale'; id: number }
  | { type: 'overview'; id: number; spec: FilterSpec }
  | { type: 'import'; id: number; input: Blob | string | object; opts: Omit<ImportRequest, 'onProgress' | 'signal'> }
  /** Answered beside the queue: an export is a read of its own and must not wait for an import. */
  | { type: 'export'; id: number; now: number }
  /** Stops request `target` (an import still embedding); answered by that request's error. */
  | { type: 'cancel'; id: number; target: number }
  | { type: 'close'; id: number };

export type IndexWorkerResponse =
  | { type: 'done'; id: number; stats: IndexStats; space: EmbeddingSpace | null; listChanged?: boolean; result?: unknown }
  /** An import's progress carries `written` (ImportProgress). */
  | { type: 'progress'; id: number; progress: WorkProgress | ImportProgress }
  | { type: 'changed'; id: 0; stats: IndexStats; space: EmbeddingSpace | null; listChanged: boolean }
  | { type: 'error'; id: number; error: SerializedError };

export type PostIndexResponse = (message: IndexWorkerResponse) => void;
