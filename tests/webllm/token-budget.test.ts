/**
 * max_tokens of every constrained request comes from its grammar or schema (token-budget.ts).
 * The longest answers are checked by xgrammar itself (the matcher WebLLM uses), so "the longest
 * answer the schema admits" is the real one, and the requests are read where WebLLM receives them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateWebWorkerMLCEngine, isValidSRI, prebuiltAppConfig, type ChatCompletionRequestNonStreaming } from '@mlc-ai/web-llm';
import { CHARS_PER_TOKEN, compactJson, longestInstance, longestJsonText, maxTokensForChars, maxTokensForSchema } from '../../src/engines/webllm/token-budget';
import { FACTS_MAX_TOKENS, FACTS_SCHEMA, LlmFactExtractor, MAX_FACT_CHARS, MAX_FACTS } from '../../src/engines/webllm/llm-fact-extractor';
import { CLASSIFY_MAX_TOKENS, buildClassifyRequest } from '../../src/engines/webllm/request';
import { ROUTING_GRAMMAR, longestAnswerChars } from '../../src/engines/webllm/grammar';
import { WebLLMEngine } from '../../src/engines/webllm/webllm-engine';
import { buildCatalog } from '../../src/engines/webllm/registry';
import { resolveConfig } from '../../src/engines/webllm/config';
import { MEMORY_CATEGORIES } from '../../src/core/taxonomy';
import { FakeGpuEngine, InProcessWorker } from './in-process-worker';
import { loadXGrammar, type XGrammar, type XGrammarGrammar } from './xgrammar-node';

let xg: XGrammar;
let facts: XGrammarGrammar;
beforeAll(async () => {
  xg = loadXGrammar();
  facts = await xg.Grammar.fromJSONSchema(JSON.stringify(FACTS_SCHEMA));
});
afterAll(() => facts?.dispose());

/** Tokens of a text at the sizing's own conservative rate (what a dense text costs). */
const denseTokens = (text: string) => Math.ceil(text.length / CHARS_PER_TOKEN);

/** The longest valid facts answer, built by hand (not by the code under test). */
function longestFactsAnswer(): string {
  const longestName = [...MEMORY_CATEGORIES].sort((a, b) => b.length - a.length)[0];
  const fact = (i: number) => ({ category: longestName, text: `Fact ${i}: `.padEnd(MAX_FACT_CHARS, 'abcdefghij ') });
  return compactJson({ facts: Array.from({ length: MAX_FACTS }, (_, i) => fact(i)) });
}

describe('token budget from a JSON schema', () => {
  it('finds the longest answer the facts schema admits, and xgrammar accepts it', async () => {
    const text = longestJsonText(FACTS_SCHEMA);
    expect(await xg.Testings.isGrammarAcceptString(facts, text)).toBe(true);
    expect(text.length).toBe(longestFactsAnswer().length);
    const parsed = JSON.parse(text) as { facts: { category: string; text: string }[] };
    expect(parsed.facts).toHaveLength(MAX_FACTS);
    expect(parsed.facts.every((f) => f.text.length === MAX_FACT_CHARS)).toBe(true);
  });

  it('leaves room for that answer at the conservative rate, with a margin', async () => {
    const answer = longestFactsAnswer();
    expect(await xg.Testings.isGrammarAcceptString(facts, answer)).toBe(true);
    expect(maxTokensForSchema(FACTS_SCHEMA)).toBeGreaterThanOrEqual(denseTokens(answer));
    expect(FACTS_MAX_TOKENS).toBe(maxTokensForSchema(FACTS_SCHEMA));
    // …and it still fits Llama's 4,096-token window beside the prompt (system ~320 tokens, the
    // conversation cut to 6,000 characters ≈ 1,715 tokens at request.ts's 3.5 characters a token).
    expect(FACTS_MAX_TOKENS + 320 + Math.ceil(6000 / 3.5)).toBeLessThan(4096);
  });

  it('refuses schemas with no longest answer, instead of guessing', () => {
    expect(() => longestInstance({ type: 'string' })).toThrow(/maxLength/);
    expect(() => longestInstance({ type: 'array', items: { type: 'boolean' } })).toThrow(/maxItems/);
    expect(() => longestInstance({ type: 'object', properties: {} })).toThrow(/additional properties/);
    expect(() => longestInstance({ type: 'number', minimum: 0 })).toThrow(/maximum/);
  });

  it('sizes enums, numbers, booleans and null by their longest text', () => {
    const schema = {
      type: 'object', additionalProperties: false,
      properties: { a: { enum: ['x', 'yyyy', 'zz'] }, n: { type: 'integer', minimum: -1000, maximum: 99 }, b: { type: 'boolean' }, z: { type: 'null' } },
    };
    expect(longestJsonText(schema)).toBe('{"a": "yyyy", "n": -1000, "b": false, "z": null}');
    expect(maxTokensForChars(0)).toBeGreaterThan(0);
    expect(() => maxTokensForChars(Number.NaN)).toThrow();
  });
});

describe('every constrained request is sized from its grammar or schema', () => {
  it('routing: max_tokens covers the longest answer the grammar admits', () => {
    const { request } = buildClassifyRequest('USER: hi', 'fine-tuned');
    expect(request.response_format).toEqual({ type: 'grammar', grammar: ROUTING_GRAMMAR });
    expect(request.max_tokens).toBe(CLASSIFY_MAX_TOKENS);
    expect(CLASSIFY_MAX_TOKENS).toBeGreaterThanOrEqual(Math.ceil(longestAnswerChars() / CHARS_PER_TOKEN));
  });

  it('fact extraction: a valid 12-fact answer of 300-character facts comes back whole, not cut at the token limit', async () => {
    const answer = longestFactsAnswer();
    // The GPU layer stops at max_tokens as WebLLM does, counting tokens at the dense rate.
    const gpu = new FakeGpuEngine(() => answer, { tokensOf: denseTokens });
    const catalog = buildCatalog(resolveConfig({}, {}, { origin: 'https://app.test', isValidSri: isValidSRI }), prebuiltAppConfig);
    const engine = new WebLLMEngine({
      loadCatalog: async () => catalog,
      createWorker: () => new InProcessWorker(gpu),
      createClient: (worker, modelId, config) => CreateWebWorkerMLCEngine(worker, modelId, config),
      fetch: async () => ({ ok: true, status: 200 }),
      baseUrl: 'https://app.test/',
    });
    await engine.load();
    const got = await new LlmFactExtractor(engine).extract([{ role: 'user', content: 'Our brand voice is plain.' }]);
    expect(got).toHaveLength(MAX_FACTS);
    const request = gpu.requests[0] as ChatCompletionRequestNonStreaming;
    expect(request.response_format).toMatchObject({ type: 'json_object' });
    expect(request.max_tokens).toBe(FACTS_MAX_TOKENS);

    // A schema-constrained call without an explicit limit is sized from its schema too.
    await engine.completeJson([{ role: 'user', content: 'x' }], FACTS_SCHEMA);
    expect((gpu.requests[1] as ChatCompletionRequestNonStreaming).max_tokens).toBe(maxTokensForSchema(FACTS_SCHEMA));
  });
});
