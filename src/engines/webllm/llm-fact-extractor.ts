/**
 * The LLM fact extractor: one JSON-schema-constrained call (WebLLM response_format json_object)
 * that reads the whole conversation and returns the facts worth remembering, each with its memory
 * category. Unlike the lite extractor it can resolve references ("yes, do that") across turns.
 * The schema makes the answer parse; validation here keeps only well-formed, storable facts.
 */
import { formatTranscript, type Conversation } from '../../core/conversation';
import { RouterError } from '../../core/errors';
import { MEMORY_CATEGORIES, TAXONOMY, type MemoryCategory } from '../../core/taxonomy';
import type { ChatTurn } from '../types';
import type { ExtractOptions, Fact, FactExtractor } from '../../core/contracts';
import { CONVERSATION_CHAR_BUDGET, fitConversation } from './request';
import { maxTokensForSchema } from './token-budget';

export const MAX_FACTS = 12;
export const MAX_FACT_CHARS = 300;

/** JSON schema of the answer for the given categories, given to WebLLM's grammar engine (xgrammar). */
export function factsSchema(categories: readonly MemoryCategory[] = MEMORY_CATEGORIES) {
  return {
    type: 'object',
    properties: {
      facts: {
        type: 'array',
        maxItems: MAX_FACTS,
        items: {
          type: 'object',
          properties: {
            category: { type: 'string', enum: [...categories] },
            text: { type: 'string', minLength: 3, maxLength: MAX_FACT_CHARS },
          },
          required: ['category', 'text'],
          additionalProperties: false,
        },
      },
    },
    required: ['facts'],
    additionalProperties: false,
  } as const;
}

export const FACTS_SCHEMA = factsSchema();

/** Room for the longest answer FACTS_SCHEMA admits (12 facts of 300 characters). */
export const FACTS_MAX_TOKENS = maxTokensForSchema(FACTS_SCHEMA);

export const FACTS_SYSTEM_PROMPT = [
  'You extract durable facts from a marketing conversation for a memory store.',
  'Write each fact as one short, self-contained sentence (name the company or person; no "they" or "it"), using the user\'s words where possible.',
  'Only facts the user states or confirms; never the assistant\'s suggestions. Skip small talk and one-off logistics.',
  '',
  'Memory categories:',
  ...TAXONOMY.filter((c) => c.name !== 'none').map((c) => `- ${c.name}: ${c.description} (${c.horizonLabel})`),
  '',
  'Answer with JSON: {"facts": [{"category": "...", "text": "..."}]}. Use an empty list when nothing is worth storing.',
].join('\n');

/** The engine call this needs: WebLLMEngine.completeJson. */
export interface JsonCompleter {
  readonly id: string;
  readonly loadedModelId?: string | null;
  completeJson(messages: readonly ChatTurn[], schema: object, opts?: { signal?: AbortSignal; maxTokens?: number }): Promise<{ text: string; finish?: string }>;
}

/** Reads the model's JSON; malformed items are skipped, a malformed answer is a typed error. */
export function parseFacts(text: string): Fact[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new RouterError('INTERNAL', 'The model\'s fact list was not complete JSON (probably cut at the token limit): try again with a shorter conversation.', { raw: text.slice(0, 500) });
  }
  const list = (data as { facts?: unknown } | null)?.facts;
  if (!Array.isArray(list)) throw new RouterError('INTERNAL', 'The model\'s answer had no "facts" list: try again.', { raw: text.slice(0, 500) });
  const out: Fact[] = [];
  const seen = new Set<string>();
  for (const item of list.slice(0, MAX_FACTS)) {
    const category = (item as { category?: unknown })?.category;
    const raw = (item as { text?: unknown })?.text;
    if (typeof category !== 'string' || !(MEMORY_CATEGORIES as readonly string[]).includes(category)) continue;
    if (typeof raw !== 'string') continue;
    const factText = raw.replace(/\s+/g, ' ').trim().slice(0, MAX_FACT_CHARS);
    const key = `${category}|${factText.toLowerCase()}`;
    if (factText.length < 3 || seen.has(key)) continue;
    seen.add(key);
    out.push({ text: factText, category: category as MemoryCategory });
  }
  return out;
}

export class LlmFactExtractor implements FactExtractor {
  constructor(private readonly engine: JsonCompleter) {}

  get id(): string {
    return `llm:${this.engine.loadedModelId ?? this.engine.id}`;
  }

  async extract(conversation: Conversation, opts: ExtractOptions = {}): Promise<Fact[]> {
    const { text } = fitConversation(formatTranscript(conversation), CONVERSATION_CHAR_BUDGET['fine-tuned'] / 2);
    const messages: ChatTurn[] = [
      { role: 'system', content: FACTS_SYSTEM_PROMPT },
      { role: 'user', content: `Conversation:\n${text}\n\nWhich facts should be remembered?` },
    ];
    const allowed = opts.categories?.length ? [...new Set(opts.categories)] : null;
    const schema = allowed ? factsSchema(allowed) : FACTS_SCHEMA;
    const answer = await this.engine.completeJson(messages, schema, { signal: opts.signal, maxTokens: allowed ? maxTokensForSchema(schema) : FACTS_MAX_TOKENS });
    if (answer.finish === 'length') {
      throw new RouterError('INTERNAL', 'The fact list was cut at the token limit: split the conversation and extract again.', { raw: answer.text.slice(0, 500) });
    }
    const facts = parseFacts(answer.text);
    return allowed ? facts.filter((f) => allowed.includes(f.category)) : facts;
  }
}
