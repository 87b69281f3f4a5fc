/**
 * Builds the messages for one grounded chat reply: the memories retrieved for the user's message
 * go into the system turn, labelled with their category, so the model answers from them and says
 * so when they do not cover the question. Plain TS (tested in tests/ui-core).
 */
import { categoryInfo, type MemoryCategory } from '../../core/taxonomy';
import type { ChatTurn } from '../../engines';

export interface GroundingMemory {
  text: string;
  category: MemoryCategory;
}

/** Earlier turns kept in the prompt; older ones drop out (the 8B model's context is small). */
export const HISTORY_TURNS = 8;

export const CHAT_SYSTEM_PROMPT = [
  'You are a marketing assistant with a private memory of this team and this user.',
  'Use the memories below when they are relevant; do not invent facts that are not in them or in the conversation.',
  'If the memories do not cover the question, say so briefly and answer from general knowledge.',
].join(' ');

export function memoryBlock(memories: readonly GroundingMemory[]): string {
  if (memories.length === 0) return 'Memories: none relevant to this message.';
  return ['Memories:', ...memories.map((m, i) => {
    const info = categoryInfo(m.category);
    return `${i + 1}. [${info.scope} · ${info.label}] ${m.text}`;
  })].join('\n');
}

export function buildGroundedMessages(
  history: readonly ChatTurn[],
  memories: readonly GroundingMemory[],
  userMessage: string,
): ChatTurn[] {
  const recent = history.filter((t) => t.role !== 'system').slice(-HISTORY_TURNS);
  return [
    { role: 'system', content: `${CHAT_SYSTEM_PROMPT}\n\n${memoryBlock(memories)}` },
    ...recent,
    { role: 'user', content: userMessage },
  ];
}
