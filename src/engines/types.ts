/**
 * One interface for every classifier: router-lite (CPU), WebLLM (GPU, in a worker), the ensemble,
 * and the e2e stand-in for the LLM. The UI and the benchmark only ever see this.
 */
import type { Conversation } from '../core/conversation';
import type { CategoryName } from '../core/taxonomy';
import type { RouterError } from '../core/errors';
import type { ClassifyResult, ClassifyTimings, LoadProgress } from '../core/contracts';

export type EngineStatus = 'idle' | 'loading' | 'ready' | 'error' | 'unloaded';

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
  /** 'scripted': a test double behind the real WebLLM engine code, only in e2e builds. */
  readonly kind: 'lite' | 'webllm' | 'ensemble' | 'scripted';
  readonly status: EngineStatus;
  load(opts?: { signal?: AbortSignal }): Promise<void>;
  unload(): Promise<void>;
  classify(conversation: Conversation | string, opts?: ClassifyOptions): Promise<ClassifyResult>;
  on<E extends keyof EngineEvents>(event: E, listener: EngineEvents[E]): () => void;
}

// ---- Chat (additive): engines backed by a language model can also answer free text ----------

export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatOptions {
  signal?: AbortSignal;
  /** Called with each new piece of text as it is generated (streaming). */
  onToken?: (delta: string) => void;
  maxTokens?: number;
  temperature?: number;
}

export interface ChatReply {
  text: string;
  timings: ClassifyTimings;
  /** Id of the model that answered. */
  engine: string;
}

/**
 * A ClassifierEngine that can also chat (WebLLM, the e2e stand-in). The Chat page grounds each
 * reply in retrieved memories by putting them in the system turn; it only offers chat with an
 * engine for which `canChat` is true, and never fakes a reply without one.
 */
export interface ChatEngine extends ClassifierEngine {
  chat(messages: readonly ChatTurn[], opts?: ChatOptions): Promise<ChatReply>;
}

export function canChat(engine: ClassifierEngine | null | undefined): engine is ChatEngine {
  return !!engine && typeof (engine as Partial<ChatEngine>).chat === 'function';
}
