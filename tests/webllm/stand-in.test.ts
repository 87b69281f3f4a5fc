import { describe, expect, it } from 'vitest';
import { createStandInEngine, STAND_IN_DEVICE_LOST_EVENT, STAND_IN_LABEL, standInAnswer, standInFacts } from '../../src/engines/stand-in-llm';
import { LlmFactExtractor } from '../../src/engines/webllm/llm-fact-extractor';
import type { LoadProgress } from '../../src/core/contracts';

describe('stand-in LLM (e2e only)', () => {
  it('cannot be created without the ?llm=stand-in switch', () => {
    expect(() => createStandInEngine(new URLSearchParams(''))).toThrow(/tests only/);
    expect(() => createStandInEngine(new URLSearchParams('llm=webllm'))).toThrow(/tests only/);
  });

  it('is labelled as a test stand-in everywhere', () => {
    const e = createStandInEngine(new URLSearchParams('llm=stand-in'));
    expect([e.id, e.kind, e.label]).toEqual(['stand-in', 'scripted', STAND_IN_LABEL]);
    expect(STAND_IN_LABEL).toBe('stand-in (test only)');
  });

  it.each([
    ['USER: Our brand voice is warm. I am the CMO here.', 'company.brand_core, user.role_context'],
    ['USER: The HubSpot integration broke and CTR fell this quarter.', 'company.business_priorities, company.tools_config, company.performance_context'],
    ['USER: thanks, see you', 'none'],
  ])('answers deterministically by keyword rules: %s', (text, answer) => {
    expect(standInAnswer(text)).toBe(answer);
    expect(standInAnswer(text)).toBe(answer);
  });

  it('runs through the real engine code: progress in WebLLM wording, grammar request, parsed answer, labelled timings', async () => {
    const e = createStandInEngine(new URLSearchParams('llm=stand-in'));
    const progress: LoadProgress[] = [];
    e.on('progress', (p) => progress.push(p));
    await e.load();
    expect(progress.map((p) => p.text)).toEqual(['Downloading weights: 8 MB of 32 MB', 'Downloading weights: 16 MB of 32 MB', 'Downloading weights: 24 MB of 32 MB', 'Downloading weights: 32 MB of 32 MB', 'Ready']);
    const r = await e.classify('USER: Please keep it short, bullet points only.');
    expect(r).toMatchObject({ categories: ['user.communication_style'], engine: 'stand-in', raw: 'user.communication_style' });
    expect(r.timings.prefillTokens).toBeGreaterThan(0);
    const reply = await e.chat([{ role: 'user', content: 'hello there' }]);
    expect(reply.text).toBe('Stand-in reply (test only, no model ran): you said "hello there".');
  });

  it('extracts facts through the JSON-schema path', async () => {
    expect(JSON.parse(standInFacts('USER: Our brand voice is warm.\nASSISTANT: Our brand voice noted.\nUSER: ok'))).toEqual({ facts: [{ category: 'company.brand_core', text: 'Our brand voice is warm.' }] });
    const e = createStandInEngine(new URLSearchParams('llm=stand-in'));
    await e.load();
    const facts = await new LlmFactExtractor(e).extract([{ role: 'user', content: 'I am the VP of growth.' }, { role: 'assistant', content: 'Great.' }]);
    expect(facts).toEqual([{ category: 'user.role_context', text: 'I am the VP of growth.' }]);
  });

  it('rehearses a GPU lost after loading: WebLLM\'s own "not loaded" error, the engine in error, and a reload recovers', async () => {
    const events = new EventTarget();
    const e = createStandInEngine(new URLSearchParams('llm=stand-in'), events);
    await e.load();
    expect((await e.classify('USER: Our brand voice is warm.')).categories).toEqual(['company.brand_core']);
    events.dispatchEvent(new Event(STAND_IN_DEVICE_LOST_EVENT));
    const err = await e.classify('USER: Our brand voice is warm.').then(() => null, (x: unknown) => x as { code: string; details?: Record<string, unknown> });
    expect(err?.code).toBe('DEVICE_LOST');
    expect(String(err?.details?.original)).toMatch(/^ModelNotLoadedError: Model not loaded before trying to complete ChatCompletionRequest/);
    expect(e.status).toBe('error');
    await e.load();
    expect((await e.classify('USER: Our brand voice is warm.')).categories).toEqual(['company.brand_core']);
  });
});
