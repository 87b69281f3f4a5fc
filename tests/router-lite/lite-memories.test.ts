import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiteFactExtractor, bestCategory, splitSentences, topScoredCategory } from '../../src/engines/lite-memories';
import { LiteEngine } from '../../src/engines/lite-engine';
import type { ClassifyResult } from '../../src/core/contracts';
import { fakeClassify, openTestStore } from '../memory/helpers';

describe('splitSentences', () => {
  it.each([
    ['One. Two words here! Three?', ['One.', 'Two words here!', 'Three?']],
    ['Budget is $5.5k for Q3. Launch in May.', ['Budget is $5.5k for Q3.', 'Launch in May.']],
    ['- first item\n- second item\n\n3) third', ['first item', 'second item', 'third']],
    ['e.g. lower case after a dot stays together', ['e.g. lower case after a dot stays together']],
    ['   ', []],
  ])('%j', (text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });
});

const result = (categories: string[], scores?: Record<string, number>): ClassifyResult =>
  ({ categories, scores, raw: '', timings: { totalMs: 0 }, engine: 't' }) as ClassifyResult;

describe('category choice', () => {
  it.each([
    [result(['none']), null],
    [result(['user.role_context', 'company.brand_core']), 'user.role_context'],
    [result(['user.role_context', 'company.brand_core'], { 'user.role_context': 0.6, 'company.brand_core': 0.9 }), 'company.brand_core'],
  ])('bestCategory %#', (r, expected) => {
    expect(bestCategory(r)?.category ?? null).toBe(expected);
  });

  it('topScoredCategory falls back to the best storable score when the answer is none', () => {
    expect(topScoredCategory(result(['none'], { none: 0.9, 'user.session_history': 0.3, 'company.brand_core': 0.1 }))).toBe('user.session_history');
    expect(topScoredCategory(result(['none']))).toBeNull();
  });
});

describe('LiteFactExtractor (keyword-rule classifier)', () => {
  const extractor = new LiteFactExtractor({ classify: fakeClassify, engineId: 'fake-rules' });

  it('reads user turns, drops none and short pieces, merges neighbours of one category', async () => {
    const facts = await extractor.extract([
      { role: 'user', content: 'Hi there! Our brand voice is warm. Our brand values are honesty and craft. I had a long week.' },
      { role: 'assistant', content: 'Your brand voice is warm and your Q3 campaign budget is unknown.' },
      { role: 'user', content: 'Thanks. The Q3 campaign budget is $50k.\nOur brand voice avoids jargon.' },
    ]);
    expect(extractor.id).toBe('lite:fake-rules');
    expect(facts).toEqual([
      { text: 'Our brand voice is warm. Our brand values are honesty and craft.', category: 'company.brand_core', score: 0.9, turnIndex: 0 },
      { text: 'The Q3 campaign budget is $50k.', category: 'company.business_priorities', score: expect.any(Number), turnIndex: 2 },
      { text: 'Our brand voice avoids jargon.', category: 'company.brand_core', score: 0.9, turnIndex: 2 },
    ]);
  });

  it('does not merge across a none piece, and can read assistant turns when asked', async () => {
    const facts = await extractor.extract([{ role: 'user', content: 'Our brand voice is warm. I had a long week. Our brand values are craft.' }]);
    expect(facts.map((f) => f.text)).toEqual(['Our brand voice is warm.', 'Our brand values are craft.']);
    const withAssistant = new LiteFactExtractor({ classify: fakeClassify, roles: ['user', 'assistant'] });
    expect(await withAssistant.extract([{ role: 'assistant', content: 'Your brand voice is warm.' }])).toHaveLength(1);
  });

  it('stops when cancelled', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(extractor.extract([{ role: 'user', content: 'Our brand voice is warm.' }], { signal: ctrl.signal })).rejects.toThrow();
  });
});

const MODEL_PATH = resolve(__dirname, '../../public/models/router-lite.json');
const haveRouterLite = existsSync(MODEL_PATH) && existsSync(resolve(__dirname, '../../src/engines/lite-engine.ts'));

describe.skipIf(!haveRouterLite)('LiteFactExtractor with the real router-lite engine', () => {
  it('routes sentences of a marketing conversation into stored memories', async () => {
    const engine = new LiteEngine({ model: JSON.parse(readFileSync(MODEL_PATH, 'utf8')) });
    await engine.load();
    const store = await openTestStore({ classify: engine.classify.bind(engine) });
    // Written for this test (not taken from the benchmark): one chit-chat line and clear facts.
    const res = await store.add([
      { role: 'user', content: 'Thanks, that is all for now!' },
      { role: 'user', content: 'Our brand voice is confident, warm and never uses jargon. Every piece of copy must sound like a trusted advisor.' },
      { role: 'user', content: 'We connected HubSpot to Salesforce last month and the sync runs every night through the API integration.' },
    ]);
    const categories = res.results.map((r) => r.category);
    expect(res.results.length).toBeGreaterThanOrEqual(1);
    expect(res.results.every((r) => r.event === 'ADD')).toBe(true);
    expect(res.results.some((r) => /thanks/i.test(r.memory))).toBe(false);
    // What router-lite decides for such plain statements: brand voice -> brand_core, integrations -> tools_config.
    expect(categories).toContain('company.brand_core');
    expect(categories).toContain('company.tools_config');
    const conv = await store.getConversation(res.conversationId as string);
    expect(conv?.engine).toBe('router-lite');
    store.close();
  });
});
