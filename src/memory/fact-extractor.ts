/**
 * One interface for turning a conversation into memories-to-be: the lite extractor (router-lite
 * per sentence, src/memory/lite-fact-extractor.ts) and the LLM extractor (one JSON-schema call,
 * written against this interface by the WebLLM side) both implement it; MemoryStore.add uses it.
 */
import type { Conversation } from '../core/conversation';
import type { MemoryCategory } from '../core/taxonomy';
import type { ClassifierEngine } from '../engines/types';

export interface Fact {
  /** The fact as it should be stored: self-contained, in the user's words where possible. */
  text: string;
  category: MemoryCategory;
  /** Confidence 0..1 where the extractor has one. */
  score?: number;
  /** Index of the turn the fact came from (lite extractor), for showing its source. */
  turnIndex?: number;
}

export interface ExtractOptions {
  signal?: AbortSignal;
}

export interface FactExtractor {
  /** Stored on the conversation record, e.g. "lite:router-lite" or "llm:<model id>". */
  readonly id: string;
  extract(conversation: Conversation, opts?: ExtractOptions): Promise<Fact[]>;
}

/** The classify function of any ClassifierEngine: what the lite extractor routes pieces with. */
export type ClassifyFn = ClassifierEngine['classify'];
