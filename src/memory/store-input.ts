/**
 * What the store's front checks about its inputs before anything reaches the ingest path: an
 * embedder that knows its dimension, a conversation that can be read, the best category of a
 * classification.
 */
import { RouterError } from '../core/errors';
import { parseTranscript, type Conversation } from '../core/conversation';
import { readTurns } from '../core/loaders';
import { MAX_PASTE_CHARS } from '../core/input';
import type { ClassifyResult, Embedder } from '../core/contracts';
import { MEMORY_CATEGORIES, type MemoryCategory } from '../core/taxonomy';
import type { MessagesOrText } from './store-types';

/** Id and dimension are only known after load (embed-lite's id carries its file hash). */
export async function loadedEmbedder(embedder: Embedder): Promise<void> {
  if (!(embedder.dimension > 0)) await embedder.load();
  if (!(embedder.dimension > 0)) {
    throw new RouterError('ENGINE_NOT_READY', `The embedder ${embedder.id} reports no vector dimension after loading: reload the page or choose another embedder.`);
  }
}

/** Turns of a conversation given as text (a transcript) or messages; RouterError when unusable. */
export function readConversation(input: MessagesOrText): { text: string; turns: Conversation } {
  const turns = typeof input === 'string' ? parseTranscript(input) : readTurns(input, []);
  if (!turns || turns.length === 0) {
    throw new RouterError(typeof input === 'string' ? 'EMPTY_INPUT' : 'WRONG_SCHEMA', 'Nothing to remember: expected text or a list of {role, content} messages with text in them.');
  }
  const text = typeof input === 'string' ? input.trim() : turns.map((t) => t.content).join('\n');
  if (text.length > MAX_PASTE_CHARS) {
    throw new RouterError('INPUT_TOO_LARGE', `The conversation has ${text.length} characters; the limit is ${MAX_PASTE_CHARS}. Split it into smaller conversations.`);
  }
  return { text, turns };
}

/** The storable category with the highest score (for a memory added without one). */
export function topCategory(result: ClassifyResult): MemoryCategory | null {
  let best: MemoryCategory | null = null;
  for (const c of MEMORY_CATEGORIES) {
    const s = result.scores?.[c] ?? (result.categories.includes(c) ? 1 : undefined);
    if (s !== undefined && (best === null || s > (result.scores?.[best] ?? 1))) best = c;
  }
  return best;
}
