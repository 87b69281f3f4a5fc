/**
 * router-lite (the segment router behind the engine interface), with the committed model file:
 * the loading paths, the one-answer rule (categories shown = categories of the memories), the
 * alignment for categories decided elsewhere, notices, and bad input.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiteEngine, MAX_ROUTER_CHARS, ROUTER_FILE } from '../../src/engines/lite-engine';
import type { EngineStatus } from '../../src/engines/types';
import { MEMORY_CATEGORIES, storableCategories } from '../../src/core/taxonomy';
import { RouterError } from '../../src/core/errors';
import { loadCorpus } from '../../training/segment-router/corpus';
import { parseRouterFile } from '../../src/core/router/model-format';
import { inflateIfGzip } from '../../src/core/util/gzip';

const BYTES = readFileSync(resolve(__dirname, `../../public/models/${ROUTER_FILE}`));

async function engine(): Promise<LiteEngine> {
  const e = new LiteEngine({ model: BYTES });
  await e.load();
  return e;
}

describe('LiteEngine (committed router.bin)', () => {
  it('loads, reports status, answers, unloads', async () => {
    const e = new LiteEngine({ model: BYTES });
    const seen: EngineStatus[] = [];
    e.on('status', (s) => seen.push(s));
    await e.load();
    expect(seen).toEqual(['loading', 'ready']);
    const r = await e.classify('USER: We use HubSpot for CRM and Looker for every dashboard.\nASSISTANT: Noted.');
    expect(r.engine).toBe('router-lite');
    expect(r.categories).toContain('company.tools_config');
    expect(Object.keys(r.scores ?? {})).toEqual([...MEMORY_CATEGORIES]);
    expect(r.raw).toMatch(/^router-lite: 2 segments/);
    await e.unload();
    await expect(e.classify('hello')).rejects.toMatchObject({ code: 'ENGINE_NOT_READY' });
  });

  it('fetches the model (bytes) and maps 404 and a corrupt file to typed errors', async () => {
    const ok = new LiteEngine({ url: '/m/router.bin', fetchImpl: (async () => new Response(BYTES)) as typeof fetch });
    await ok.load();
    expect(ok.status).toBe('ready');
    const missing = new LiteEngine({ fetchImpl: (async () => new Response('nope', { status: 404 })) as typeof fetch });
    await expect(missing.load()).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND', message: expect.stringMatching(/npm run train/) });
    const html = new LiteEngine({ fetchImpl: (async () => new Response('<!doctype html><html></html>')) as typeof fetch });
    await expect(html.load()).rejects.toMatchObject({ code: 'MODEL_FORMAT' });
    expect(html.status).toBe('error');
  });

  it('the one-answer rule holds on every dev item: categories shown = categories of the memories', async () => {
    const e = await engine();
    const dev = loadCorpus().filter((c) => c.split === 'dev');
    const { thresholds, segmentThreshold } = parseRouterFile(await inflateIfGzip(BYTES, 'router.bin')).header.decoding;
    let withMemories = 0;
    for (const item of dev) {
      const r = await e.classify(item.turns);
      const shown = new Set(storableCategories(r.categories));
      const carried = new Set((r.memories ?? []).map((m) => m.category));
      expect([...carried].sort()).toEqual([...shown].sort());
      for (const m of r.memories ?? []) expect(item.turns[m.turnIndex ?? 0].content).toContain(m.text);
      // A category is shown because the head or one of the user's sentences crossed its threshold:
      // the score beside it says so (never below the lower of the two thresholds).
      for (const c of shown) expect(r.scores?.[c]).toBeGreaterThanOrEqual(Math.min(thresholds[MEMORY_CATEGORIES.indexOf(c)], segmentThreshold) - 1e-6);
      if (shown.size) withMemories++;
    }
    expect(withMemories).toBeGreaterThan(dev.length / 2);
  });

  it('a five-fact paste gives five memories in five categories', async () => {
    const e = await engine();
    // Written for this test: a new head of growth states role, format, priority, tools and voice.
    const r = await e.classify([
      { role: 'user', content: "Hi! I'm the new head of growth at Pennyworth, a B2C fintech app." },
      { role: 'assistant', content: 'Welcome! How can I help?' },
      { role: 'user', content: 'Please give me bullet points, I skim everything on my phone.' },
      { role: 'user', content: 'Our Q3 priority is getting CAC payback under 14 months.' },
      { role: 'user', content: 'We use HubSpot for CRM and Looker for dashboards, and our brand voice is confident but never arrogant.' },
    ]);
    expect(new Set(r.categories)).toEqual(new Set(['user.role_context', 'user.communication_style', 'company.business_priorities', 'company.tools_config', 'company.brand_core']));
    expect(r.memories?.map((m) => m.category).sort()).toEqual([...r.categories].sort());
  });

  it('finds memories for categories another engine decided (one per category at least)', async () => {
    const e = await engine();
    const turns = [{ role: 'user' as const, content: 'Thanks! We review every campaign on Mondays. Our voice is playful.' }];
    const m = await e.memoriesFor(turns, ['company.brand_core', 'user.workflow_patterns', 'none']);
    expect(new Set(m?.map((x) => x.category))).toEqual(new Set(['company.brand_core', 'user.workflow_patterns']));
    expect(await e.memoriesFor(turns, ['none'])).toEqual([]);
  });

  it('says when input is not English or too short, and small talk routes to none with no memory', async () => {
    const e = await engine();
    const de = await e.classify('USER: Unsere Markenstimme ist warm und klar, wir verwenden niemals Fachjargon in der Kommunikation.');
    expect(de.notice).toMatch(/does not look like English/);
    const jp = await e.classify('USER: 私たちのブランドの声は温かくて親しみやすいです。');
    expect(jp.notice).toMatch(/does not look like English/);
    const short = await e.classify('USER: hubspot');
    expect(short.notice).toMatch(/One or two words/);
    const hello = await e.classify('USER: hi there, thanks so much!\nASSISTANT: You are welcome.');
    expect(hello.categories).toEqual(['none']);
    expect(hello.memories).toEqual([]);
    expect(hello.notice).toBeUndefined();
  });

  it('refuses empty, binary and malformed input with typed errors, and cuts a huge paste', async () => {
    const e = await engine();
    for (const [input, code] of [['   ', 'EMPTY_INPUT'], ['\u0000\u0001binary', 'BINARY_INPUT'], [[{ role: 'user' }], 'WRONG_SCHEMA'], [42, 'WRONG_SCHEMA']] as const) {
      const err = await e.classify(input as never).then(() => null, (x: unknown) => x);
      expect(err).toBeInstanceOf(RouterError);
      expect((err as RouterError).code).toBe(code);
    }
    const huge = `USER: ${'Our brand voice is warm and plain. '.repeat(4000)}`;
    expect(huge.length).toBeGreaterThan(MAX_ROUTER_CHARS);
    const r = await e.classify(huge);
    expect(r.raw).toMatch(/input cut to the first 100,000 characters/);
    expect(r.categories).toContain('company.brand_core');
  });
});
