/**
 * What the Chat page needs from the memory store: retrieve memories for a message, and remember
 * what a message says. Backed by the app's MemoryStore; while the store is not open the chat still
 * works, ungrounded, and says so.
 */
import type { Conversation } from '../../core/conversation';
import type { ClassifyResult } from '../../core/contracts';
import { useAppState, useStoreState } from '../app-state/AppState';
import { proposeMemories } from '../../engines';
import { storableCategories } from '../../core/taxonomy';
import { DEFAULT_USER_ID, summarizeSave } from '../../memory';
import type { GroundingMemory } from './grounding';
import { afterSave } from '../app-state/persistence';

/**
 * Memories given to the model per message. Measured on the retrieval dev split with the chat's own
 * search (hybrid + category prior, embed-lite; `npx tsx scripts/measure-grounding.ts`): the memory
 * a question asks about is among the first 5 for 75 % of questions, the first 9 for 88 %, the
 * first 10 for 88.5 %; 9 is the smallest k within 2 points of 10. Nine one-line memories cost
 * about 670 characters (~170 tokens) of the 8B model's 4k context.
 */
export const GROUNDING_LIMIT = 9;

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
  const state = useStoreState();
  const { engine, extractionEngine } = useAppState();
  const sources = { selected: engine, lite: extractionEngine };
  if (state.status !== 'ready') return NONE;
  const { store } = state;
  return {
    available: true,
    retrieve: async (query) => (await store.search(query, { limit: GROUNDING_LIMIT })).results.map((m) => ({ text: m.text, category: m.category })),
    remember: async (conversation, routing) => {
      // Small talk is routed to `none`: nothing to extract, and no conversation record either.
      if (storableCategories(routing.categories).length === 0) return 0;
      const facts = await proposeMemories(routing, conversation, sources);
      const [r] = await store.ingest([{ turns: conversation, routing, facts, userId: DEFAULT_USER_ID, metadata: { source: 'chat' } }]);
      afterSave();
      // Memories, not facts: two facts merged into one memory are one.
      const saved = summarizeSave([r]);
      return saved.added + saved.updated;
    },
  };
}
