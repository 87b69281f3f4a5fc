/**
 * One interface for every classifier: router-lite (CPU), WebLLM (GPU, in a worker), the ensemble,
 * and the e2e stand-in for the LLM. The UI and the benchmark only ever see this.
 */
import type { Conversation } from '../core/conversation';
import type { CategoryName } from '../core/taxonomy';
import type { RouterError } from '../core/errors';

export interface ClassifyTimings {
  totalMs: number;
  prefillTokens?: number;
  decodeTokens?: number;
  prefillTokensPerSec?: number;
  decodeTokensPerSec?: number;
  /** Milliseconds to the first token, where the engine reports it. */
  timeToFirstTokenMs?: number;
}

export interface ClassifyResult {
  categories: CategoryName[];
  /** Calibrated probability per category, where the engine has one (router-lite does). */
  scores?: Partial<Record<CategoryName, number>>;
  /** What the engine produced before parsing (model text, or a description for lite). */
  raw: string;
  timings: ClassifyTimings;
  /** Id of the engine that answered (for the ensemble: which member decided). */
  engine: string;
  /** Unknown names the parser dropped, if any. */
  dropped?: string[];
}

export type EngineStatus = 'idle' | 'loading' | 'ready' | 'error' | 'unloaded';

export interface LoadProgress {
  /** 0..1 */
  progress: number;
  text: string;
  loadedBytes?: number;
  totalBytes?: number;
  elapsedMs?: number;
  etaMs?: number;
}

export interface EngineEvents {
  progress: (p: LoadProgress) => void;
  status: (s: EngineStatus, error?: RouterError) => void;
}

export interface ClassifyOptions {
  signal?: AbortSignal;
}

export interface ClassifierEngine {
  readonly id: string;
  readonly label: string;
  readonly kind: 'lite' | 'webllm' | 'ensemble' | 'stand-in';
  readonly status: EngineStatus;
  load(opts?: { signal?: AbortSignal }): Promise<void>;
  unload(): Promise<void>;
  classify(conversation: Conversation | string, opts?: ClassifyOptions): Promise<ClassifyResult>;
  on<E extends keyof EngineEvents>(event: E, listener: EngineEvents[E]): () => void;
}
