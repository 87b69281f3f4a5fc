import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACTS_SCHEMA, FACTS_SYSTEM_PROMPT, LlmFactExtractor, MAX_FACTS, parseFacts, type JsonCompleter } from '../../src/engines/webllm/llm-fact-extractor';
import { MEMORY_CATEGORIES } from '../../src/core/taxonomy';
import { loadXGrammar, type XGrammar, type XGrammarGrammar } from './xgrammar-node';

let xg: XGrammar;
let grammar: XGrammarGrammar;
beforeAll(async () => {
  xg = loadXGrammar();
  grammar = await xg.Grammar.fromJSONSchema(JSON.stringify(FACTS_SCHEMA));
});
afterAll(() => grammar?.dispose());

describe('facts schema (checked by xgrammar)', () => {
  it.each([
    ['{"facts": []}', true],
    ['{"facts": [{"category": "company.brand_core", "text": "Acme\'s voice is plain."}]}', true],
    ['{"facts": [{"category": "none", "text": "Nothing here."}]}', false],
    ['{"facts": [{"category": "company.brand", "text": "Acme"}]}', false],
    ['{"facts": [{"category": "company.brand_core"}]}', false],
    ['{"facts": [{"category": "company.brand_core", "text": "ok", "extra": 1}]}', false],
    ['{"fact": []}', false],
    ['[]', false],
  ])('%s -> %s', async (text, ok) => {
    expect(await xg.Testings.isGrammarAcceptString(grammar, text)).toBe(ok);
  });

  it('names every storable category in the prompt and the schema', () => {
    for (const c of MEMORY_CATEGORIES) expect(FACTS_SYSTEM_PROMPT).toContain(c);
    expect(FACTS_SCHEMA.properties.facts.items.properties.category.enum).toEqual([...MEMORY_CATEGORIES]);
  });
});

describe('parseFacts', () => {
  it('keeps well-formed storable facts, trimmed and de-duplicated', () => {
    const text = JSON.stringify({ facts: [
      { category: 'company.brand_core', text: '  Acme   speaks plainly. ' },
      { category: 'company.brand_core', text: 'acme speaks plainly.' },
      { category: 'none', text: 'skip' },
      { category: 'user.role_context', text: 'x' },
      { category: 'user.role_context' },
      { category: 'user.role_context', text: 'Dana is the CMO.' },
    ] });
    expect(parseFacts(text)).toEqual([
      { category: 'company.brand_core', text: 'Acme speaks plainly.' },
      { category: 'user.role_context', text: 'Dana is the CMO.' },
    ]);
    expect(parseFacts(JSON.stringify({ facts: Array.from({ length: 30 }, (_, i) => ({ category: 'user.role_context', text: `Fact number ${i}` })) }))).toHaveLength(MAX_FACTS);
  });

  it('gives typed errors for a cut or shapeless answer', () => {
    expect(() => parseFacts('{"facts": [{"cat')).toThrow(/not complete JSON/);
    expect(() => parseFacts('{"items": []}')).toThrow(/no "facts" list/);
  });
});

describe('LlmFactExtractor', () => {
  it('makes one constrained call with the schema and the transcript', async () => {
    const calls: { messages: unknown; schema: unknown }[] = [];
    const engine: JsonCompleter = {
      id: 'webllm', loadedModelId: 'Llama-3.1-8B-Instruct-q4f16_1-MLC',
      completeJson: async (messages, schema) => { calls.push({ messages, schema }); return { text: '{"facts": [{"category": "user.role_context", "text": "Dana is the CMO."}]}', finish: 'stop' }; },
    };
    const x = new LlmFactExtractor(engine);
    expect(x.id).toBe('llm:Llama-3.1-8B-Instruct-q4f16_1-MLC');
    expect(await x.extract([{ role: 'user', content: "I'm Dana, the CMO." }])).toEqual([{ category: 'user.role_context', text: 'Dana is the CMO.' }]);
    expect(calls).toHaveLength(1);
    expect(calls[0].schema).toBe(FACTS_SCHEMA);
    expect(JSON.stringify(calls[0].messages)).toContain("USER: I'm Dana, the CMO.");
  });

  it('refuses an answer cut at the token limit', async () => {
    const engine: JsonCompleter = { id: 'webllm', completeJson: async () => ({ text: '{"facts": [', finish: 'length' }) };
    await expect(new LlmFactExtractor(engine).extract([{ role: 'user', content: 'x y z' }])).rejects.toThrow(/cut at the token limit/);
  });
});
