/**
 * A memory-to-be: what an engine proposes to keep from a conversation, before the memory layer
 * deduplicates and stores it.
 */
import type { Conversation } from '../conversation';
import type { MemoryCategory } from '../taxonomy';

export interface Fact {
  /** The fact as it should be stored: self-contained, in the user's words where possible. */
  text: string;
  category: MemoryCategory;
  /** Confidence 0..1 where the engine has one. */
  score?: number;
  /** Index of the turn the fact came from, for showing its source. */
  turnIndex?: number;
}

export interface ExtractOptions {
  signal?: AbortSignal;
  /** Only facts of these categories (another engine already decided where the conversation goes). */
  categories?: readonly MemoryCategory[];
}

/** Turns a conversation into facts (an LLM call, or a router's segment predictions). */
export interface FactExtractor {
  /** Stored on the conversation record, e.g. "router-lite" or "llm:<model id>". */
  readonly id: string;
  extract(conversation: Conversation, opts?: ExtractOptions): Promise<Fact[]>;
}
