/**
 * The chat-completion request of one classification, and the reading of its answer. Deterministic
 * (temperature 0), short (small max_tokens), and constrained by the routing grammar, so every
 * answer parses. Stock models get few-shot examples from the training data; the fine-tune gets the
 * exact prompt it was trained on.
 */
import type { ChatCompletion, ChatCompletionRequestNonStreaming } from '@mlc-ai/web-llm';
import { buildRoutingMessages, type FewShotExample } from '../../core/prompt';
import { formatTranscript, type Conversation } from '../../core/conversation';
import { parseCategories } from '../../core/parser';
import { RouterError } from '../../core/errors';
import type { ClassifyResult, ClassifyTimings } from '../../core/contracts';
import type { PromptStyle } from './registry';
import { ROUTING_GRAMMAR, longestAnswerChars } from './grammar';
import { maxTokensForChars } from './token-budget';
import fewShotFile from './few-shot.json';

/** Sized from the longest answer the routing grammar admits (five of the longest names). */
export const CLASSIFY_MAX_TOKENS = maxTokensForChars(longestAnswerChars());

/**
 * Characters of conversation sent to the model. The 4,096-token window holds the system prompt
 * (~250 tokens), the few-shot block (~1,700 tokens for stock models) and the answer; at a
 * conservative 3.5 characters per token what remains is below.
 */
export const CONVERSATION_CHAR_BUDGET: Record<PromptStyle, number> = {
  'fine-tuned': 12_000,
  'few-shot': 6_500,
};

export const FEW_SHOT_EXAMPLES: readonly FewShotExample[] = fewShotFile.examples.map((e) => ({
  conversation: e.conversation,
  categories: e.categories,
}));

export function fewShotFor(style: PromptStyle): readonly FewShotExample[] {
  return style === 'few-shot' ? FEW_SHOT_EXAMPLES : [];
}

/** The conversation as transcript text, cut to the budget at a line end (the start is kept). */
export function fitConversation(conversation: Conversation | string, budget: number): { text: string; truncated: boolean } {
  const text = (typeof conversation === 'string' ? conversation : formatTranscript(conversation)).trim();
  if (!text) throw new RouterError('EMPTY_INPUT', 'The conversation is empty: paste or type some text to route.');
  if (text.length <= budget) return { text, truncated: false };
  const cut = text.slice(0, budget);
  const lineEnd = cut.lastIndexOf('\n');
  return { text: lineEnd > budget / 2 ? cut.slice(0, lineEnd) : cut, truncated: true };
}

export function buildClassifyRequest(
  conversation: Conversation | string,
  style: PromptStyle,
): { request: ChatCompletionRequestNonStreaming; truncated: boolean } {
  const { text, truncated } = fitConversation(conversation, CONVERSATION_CHAR_BUDGET[style]);
  const request: ChatCompletionRequestNonStreaming = {
    messages: buildRoutingMessages(text, fewShotFor(style)),
    stream: false,
    temperature: 0,
    top_p: 1,
    max_tokens: CLASSIFY_MAX_TOKENS,
    response_format: { type: 'grammar', grammar: ROUTING_GRAMMAR },
    extra_body: { enable_latency_breakdown: true },
  };
  return { request, truncated };
}

/** Timings from the response's own usage figures (prefill = prompt, decode = completion). */
export function timingsFromUsage(usage: ChatCompletion['usage'] | undefined, totalMs: number): ClassifyTimings {
  const t: ClassifyTimings = { totalMs };
  if (!usage) return t;
  t.prefillTokens = usage.prompt_tokens;
  t.decodeTokens = usage.completion_tokens;
  const x = usage.extra;
  if (x) {
    if (Number.isFinite(x.prefill_tokens_per_s)) t.prefillTokensPerSec = x.prefill_tokens_per_s;
    if (Number.isFinite(x.decode_tokens_per_s)) t.decodeTokensPerSec = x.decode_tokens_per_s;
    if (Number.isFinite(x.time_to_first_token_s)) t.timeToFirstTokenMs = x.time_to_first_token_s * 1000;
  }
  return t;
}

/** Reads a chat completion into a ClassifyResult; an answer with no category is a typed error. */
export function readClassifyResponse(response: ChatCompletion, engineId: string, totalMs: number): ClassifyResult {
  const raw = response.choices[0]?.message?.content ?? '';
  const parsed = parseCategories(raw);
  if (!parsed.valid) {
    const finish = response.choices[0]?.finish_reason;
    throw new RouterError('INTERNAL', `The model's answer had no category (${finish === 'length' ? 'cut at the token limit' : `"${raw.slice(0, 80)}"`}). Try again; if it repeats, reload the model.`, { raw: raw.slice(0, 500), finish });
  }
  return {
    categories: parsed.categories,
    raw,
    timings: timingsFromUsage(response.usage, totalMs),
    engine: engineId,
    dropped: parsed.unknown.length ? parsed.unknown : undefined,
  };
}
