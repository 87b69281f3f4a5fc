import { describe, expect, it } from 'vitest';
import { CATEGORY_NAMES, MEMORY_CATEGORIES, TAXONOMY, categoryInfo, isCategoryName, scopeOf } from '../../src/core/taxonomy';
import { ROUTING_SYSTEM_PROMPT, buildRoutingMessages, routingUserMessage } from '../../src/core/prompt';
import { formatTranscript, parseTranscript } from '../../src/core/conversation';
import { deserializeError, RouterError, serializeError, toRouterError } from '../../src/core/errors';

describe('taxonomy', () => {
  it('has the 13 categories, each described, scoped and with a horizon', () => {
    expect(CATEGORY_NAMES).toHaveLength(13);
    expect(TAXONOMY.map((c) => c.name)).toEqual([...CATEGORY_NAMES]);
    expect(MEMORY_CATEGORIES).toHaveLength(12);
    for (const c of TAXONOMY) {
      expect(c.description.length).toBeGreaterThan(5);
      expect(c.name === 'none' ? 'none' : c.name.split('.')[0]).toBe(c.scope);
    }
  });
  it.each([
    ['user.session_history', 14], ['company.business_priorities', 90], ['company.tools_config', 182],
    ['company.performance_context', 182], ['user.role_context', 365], ['user.workflow_patterns', 365],
    ['company.brand_core', null], ['user.interaction_preferences', null], ['none', 0],
  ] as const)('%s expires after %s days', (name, ttl) => {
    expect(categoryInfo(name).ttlDays).toBe(ttl);
  });
  it('flags interaction preferences for review', () => {
    expect(categoryInfo('user.interaction_preferences').reviewAfterDays).toBeGreaterThan(0);
  });
  it.each([
    [['company.brand_core'], 'company'], [['user.role_context'], 'user'],
    [['company.brand_core', 'user.role_context'], 'mixed'], [['none'], 'none'], [[], 'none'],
  ] as const)('scopeOf(%j) = %s', (cats, s) => {
    expect(scopeOf(cats)).toBe(s);
  });
  it('recognises names exactly', () => {
    expect(isCategoryName('none')).toBe(true);
    expect(isCategoryName('None')).toBe(false);
    expect(isCategoryName(3)).toBe(false);
  });
});

describe('routing prompt', () => {
  it('lists every category with its description and asks for comma-separated output', () => {
    for (const c of TAXONOMY) expect(ROUTING_SYSTEM_PROMPT).toContain(`- ${c.name}: ${c.description}`);
    expect(ROUTING_SYSTEM_PROMPT).toContain('(Short <2w)');
    expect(ROUTING_SYSTEM_PROMPT).toMatch(/comma-separated categories/);
    expect(ROUTING_SYSTEM_PROMPT).toMatch(/'none' only if no other category applies/);
  });
  it('wraps the conversation like the published training data', () => {
    expect(routingUserMessage([{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'yo' }]))
      .toBe('Conversation:\nUSER: hi\nASSISTANT: yo\n\nWhat memory categories apply?');
  });
  it('puts few-shot examples as prior exchanges', () => {
    const m = buildRoutingMessages('USER: x', [{ conversation: 'USER: our voice is warm', categories: ['company.brand_core'] }]);
    expect(m.map((x) => x.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(m[2].content).toBe('company.brand_core');
  });
});

describe('transcripts', () => {
  it.each([
    ['two turns', 'USER: a\nASSISTANT: b', [['user', 'a'], ['assistant', 'b']]],
    ['continuation lines', 'USER: a\nmore\nAssistant: b', [['user', 'a\nmore'], ['assistant', 'b']]],
    ['prose without roles', 'just some text', [['user', 'just some text']]],
    ['aliases', 'Human: a\nAI: b', [['user', 'a'], ['assistant', 'b']]],
    ['empty', '', []],
  ])('%s', (_n, text, turns) => {
    expect(parseTranscript(text).map((t) => [t.role, t.content])).toEqual(turns);
  });
  it('round-trips through formatTranscript', () => {
    const t = parseTranscript('USER: a\nASSISTANT: b');
    expect(formatTranscript(t)).toBe('USER: a\nASSISTANT: b');
  });
});

describe('errors across workers', () => {
  it('keep name, code and message', () => {
    const e = new RouterError('MODEL_NOT_FOUND', 'Model files not found (404): check the URL.', { url: 'x' });
    const back = deserializeError(JSON.parse(JSON.stringify(serializeError(e))));
    expect(back).toBeInstanceOf(RouterError);
    expect(back.code).toBe('MODEL_NOT_FOUND');
    expect(back.message).toBe(e.message);
    expect(back.details).toEqual({ url: 'x' });
  });
  it.each([
    [Object.assign(new Error('quota'), { name: 'QuotaExceededError' }), 'STORAGE_FULL'],
    [Object.assign(new Error('stop'), { name: 'AbortError' }), 'CANCELLED'],
    [Object.assign(new Error('GPU device was lost'), { name: 'Error' }), 'DEVICE_LOST'],
    ['a string', 'INTERNAL'],
  ])('maps foreign errors (%#)', (err, code) => {
    expect(toRouterError(err).code).toBe(code);
  });
});
