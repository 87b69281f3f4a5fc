/**
 * The routing prompt of the published recipe, generated from the taxonomy so the two cannot drift.
 * The fine-tuned model was trained on exactly this system prompt and user-message layout.
 */
import { TAXONOMY } from './taxonomy';
import { formatTranscript, type Conversation } from './conversation';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export const ROUTING_SYSTEM_PROMPT = [
  'You route marketing conversations into structured memory categories.',
  '',
  'Available categories:',
  ...TAXONOMY.map((c) =>
    c.name === 'none' ? `- none: ${c.description}` : `- ${c.name}: ${c.description} (${c.horizonLabel})`,
  ),
  '',
  "Respond with comma-separated categories. Use 'none' only if no other category applies.",
].join('\n');

export function routingUserMessage(conversation: Conversation | string): string {
  const text = typeof conversation === 'string' ? conversation.trim() : formatTranscript(conversation).trim();
  return `Conversation:\n${text}\n\nWhat memory categories apply?`;
}

export interface FewShotExample {
  conversation: Conversation | string;
  categories: readonly string[];
}

/**
 * Messages for one routing request. Few-shot examples (for stock models that were not fine-tuned)
 * are given as prior user/assistant exchanges, the format a chat model follows best.
 */
export function buildRoutingMessages(
  conversation: Conversation | string,
  fewShot: readonly FewShotExample[] = [],
): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: ROUTING_SYSTEM_PROMPT }];
  for (const ex of fewShot) {
    messages.push({ role: 'user', content: routingUserMessage(ex.conversation) });
    messages.push({ role: 'assistant', content: ex.categories.join(', ') });
  }
  messages.push({ role: 'user', content: routingUserMessage(conversation) });
  return messages;
}
