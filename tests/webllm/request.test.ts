import { describe, expect, it } from 'vitest';
import type { ChatCompletion } from '@mlc-ai/web-llm';
import {
  buildClassifyRequest, CLASSIFY_MAX_TOKENS, CONVERSATION_CHAR_BUDGET, FEW_SHOT_EXAMPLES, fitConversation,
  readClassifyResponse, timingsFromUsage,
} from '../../src/engines/webllm/request';
import { ROUTING_GRAMMAR } from '../../src/engines/webllm/grammar';
import { ROUTING_SYSTEM_PROMPT } from '../../src/core/prompt';
import { CATEGORY_NAMES } from '../../src/core/taxonomy';
import fewShot from '../../src/engines/webllm/few-shot.json';
import { splitOf } from '../../training/segment-router/corpus';

const CONV = [{ role: 'user' as const, content: 'Our brand voice is warm and plain.' }, { role: 'assistant' as const, content: 'Noted.' }];

function response(content: string, finish: 'stop' | 'length' = 'stop', usage?: ChatCompletion['usage']): ChatCompletion {
  return { id: 'x', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, finish_reason: finish, logprobs: null, message: { role: 'assistant', content } }], usage };
}

describe('classification request', () => {
  it('is deterministic, short and grammar-constrained', () => {
    const { request, truncated } = buildClassifyRequest(CONV, 'fine-tuned');
    expect(truncated).toBe(false);
    expect(request).toMatchObject({
      stream: false, temperature: 0, top_p: 1, max_tokens: CLASSIFY_MAX_TOKENS,
      response_format: { type: 'grammar', grammar: ROUTING_GRAMMAR },
      extra_body: { enable_latency_breakdown: true },
    });
    // Short: room for five names, not for prose.
    expect(CLASSIFY_MAX_TOKENS).toBeLessThanOrEqual(80);
  });

  it('gives the fine-tune exactly its training prompt and stock models the few-shot examples', () => {
    const ft = buildClassifyRequest(CONV, 'fine-tuned').request.messages;
    expect(ft).toHaveLength(2);
    expect(ft[0]).toEqual({ role: 'system', content: ROUTING_SYSTEM_PROMPT });
    expect(ft[1].content).toBe('Conversation:\nUSER: Our brand voice is warm and plain.\nASSISTANT: Noted.\n\nWhat memory categories apply?');
    const stock = buildClassifyRequest(CONV, 'few-shot').request.messages;
    expect(stock).toHaveLength(2 + 2 * FEW_SHOT_EXAMPLES.length);
    expect(stock[2]).toEqual({ role: 'assistant', content: FEW_SHOT_EXAMPLES[0].categories.join(', ') });
    expect(stock[stock.length - 1]).toEqual(ft[1]);
  });

  it('uses few-shot examples that are short conversations of the corpus train split covering all 13 names twice', () => {
    expect(fewShot.examples.length).toBeGreaterThan(0);
    expect(fewShot.examples.length).toBeLessThanOrEqual(14);
    const counts = new Map<string, number>();
    for (const e of fewShot.examples) for (const c of e.categories) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...CATEGORY_NAMES].sort());
    for (const e of fewShot.examples) {
      expect(e.conversation.length).toBeLessThanOrEqual(400 + 40);
      expect(e.source.file).toMatch(/^data\/segments\/part-[a-d]\.jsonl$/);
      // Never a dev item: the split is fnv1a(id) % 5 == 0.
      expect(splitOf(e.source.id)).toBe('train');
      expect(e.categories.includes('none') ? e.categories.length : 1).toBe(1);
    }
  });

  it('cuts a long conversation at a line end within the budget, keeping its start', () => {
    const long = Array.from({ length: 400 }, (_, i) => `USER: line ${i} ${'x'.repeat(40)}`).join('\n');
    const fit = fitConversation(long, CONVERSATION_CHAR_BUDGET['few-shot']);
    expect(fit.truncated).toBe(true);
    expect(fit.text.length).toBeLessThanOrEqual(CONVERSATION_CHAR_BUDGET['few-shot']);
    expect(fit.text.startsWith('USER: line 0 ')).toBe(true);
    expect(fit.text.endsWith('x')).toBe(true);
    expect(() => fitConversation('  \n ', 100)).toThrow(/empty/);
  });
});

describe('reading the answer', () => {
  it('parses categories and takes timings from usage', () => {
    const r = readClassifyResponse(response('user.role_context, company.brand_core', 'stop', {
      prompt_tokens: 812, completion_tokens: 9, total_tokens: 821,
      extra: { e2e_latency_s: 1.2, prefill_tokens_per_s: 900.5, decode_tokens_per_s: 31.2, time_to_first_token_s: 0.9, time_per_output_token_s: 0.032 },
    }), 'webllm', 1234);
    expect(r.categories).toEqual(['company.brand_core', 'user.role_context']);
    expect(r.raw).toBe('user.role_context, company.brand_core');
    expect(r.engine).toBe('webllm');
    expect(r.timings).toEqual({ totalMs: 1234, prefillTokens: 812, decodeTokens: 9, prefillTokensPerSec: 900.5, decodeTokensPerSec: 31.2, timeToFirstTokenMs: 900 });
  });

  it('keeps timings honest when usage figures are missing or not finite', () => {
    expect(timingsFromUsage(undefined, 5)).toEqual({ totalMs: 5 });
    const t = timingsFromUsage({ prompt_tokens: 3, completion_tokens: 0, total_tokens: 3, extra: { e2e_latency_s: 0, prefill_tokens_per_s: Infinity, decode_tokens_per_s: NaN, time_to_first_token_s: 0, time_per_output_token_s: 0 } }, 5);
    expect(t.prefillTokensPerSec).toBeUndefined();
    expect(t.decodeTokensPerSec).toBeUndefined();
  });

  it('turns an answer without a category into a typed error that says what to do', () => {
    expect(() => readClassifyResponse(response('', 'length'), 'webllm', 1)).toThrow(/cut at the token limit/);
    expect(() => readClassifyResponse(response('I think brand'), 'webllm', 1)).toThrow(/had no category/);
  });
});
