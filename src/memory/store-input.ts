/**
 * What the store's front makes of its inputs before anything reaches the ingest path: an embedder
 * that knows its dimension, a conversation that can be read, the category of a memory added as
 * one text, and the ingest item of a mem0-style add (routed, or one memory with infer: false).
 */
import { RouterError } from '../core/errors';
import { parseTranscript, type Conversation } from '../core/conversation';
import { readTurns } from '../core/loaders';
import { MAX_PASTE_CHARS } from '../core/input';
import type { ClassifyFn, ClassifyResult, Embedder } from '../core/contracts';
import { MEMORY_CATEGORIES, type MemoryCategory } from '../core/taxonomy';
import { checkCategory, checkFactText, type IngestItem } from './ingest';
import { checkUserId } from './scope';
import type { AddOptions, MessagesOrText } from './store-types';

export const DEFAULT_USER_ID = 'default';

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

export async function categoryFor(classify: ClassifyFn | null, text: string, opts: Pick<AddOptions, 'category' | 'metadata' | 'signal'> = {}): Promise<MemoryCategory> {
  if (opts.category !== undefined) return checkCategory(opts.category, 'The category');
  const fromMeta = opts.metadata?.category;
  if (fromMeta !== undefined) return checkCategory(fromMeta, 'metadata.category');
  if (classify) {
    const top = topCategory(await classify(text, { signal: opts.signal }));
    if (top) return top;
  }
  throw new RouterError('WRONG_SCHEMA', 'Cannot tell which category this memory belongs to: choose a category (or load a classifier).');
}

/** The ingest item of a mem0-style add: one memory (infer: false), or the conversation routed and its proposed memories. */
export async function ingestItemFor(classify: ClassifyFn | null, input: MessagesOrText, opts: AddOptions): Promise<IngestItem> {
  const userId = opts.userId === undefined ? DEFAULT_USER_ID : checkUserId(opts.userId);
  const metadata = opts.metadata ?? {};
  if (opts.infer === false) {
    const text = checkFactText(typeof input === 'string' ? input : readConversation(input).text);
    const category = await categoryFor(classify, text, opts);
    return { turns: [{ role: 'user', content: text }], facts: [{ text, category }], userId, metadata, saveConversation: false };
  }
  const { text, turns } = readConversation(input);
  const routing = opts.routing ?? (await route(classify, turns, opts.signal));
  if (!routing.memories) {
    throw new RouterError('ENGINE_NOT_READY', `The engine ${routing.engine} did not propose memories: route the conversation with router-lite, or add the text as one memory (infer: false).`);
  }
  return { turns, text, routing, facts: routing.memories, userId, metadata, saveConversation: opts.saveConversation };
}

function route(classify: ClassifyFn | null, turns: Conversation, signal?: AbortSignal): Promise<ClassifyResult> {
  if (!classify) {
    throw new RouterError('ENGINE_NOT_READY', 'No classifier is loaded to split the conversation into facts: load router-lite first, or add the text as one memory (infer: false) with a category.');
  }
  return classify(turns, { signal });
}
