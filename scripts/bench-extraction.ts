/**
 * npm run bench:extraction -- [--engine lite] [--model FILE] [--data FILE] [--json OUT]
 *
 * Memory extraction on the project's held-out conversations (data/extraction: 80 conversations
 * with gold memories, never trained on or used to choose). A proposed memory matches a gold one
 * when the categories agree and the spans overlap by at least half of the shorter. Also reports how
 * often the categories shown and the memories' categories disagree (must be 0), per-category
 * recall, and routing figures of the same conversations.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseFlags } from './lib/data-paths';
import { loadRouterEngine, DEFAULT_ROUTER } from './lib/router';
import { MEMORY_CATEGORIES } from '../src/core/taxonomy';
import { scoreScenario } from '../src/core/metrics';
import { percentile } from '../src/core/metrics';
import { toRouterError } from '../src/core/errors';
import { loadExtractionSet, spansMatch } from '../training/segment-router/corpus';
import { extractionFigures } from '../training/eval/extraction';

const flags = parseFlags(process.argv.slice(2));
const str = (v: string | true | undefined) => (typeof v === 'string' ? v : undefined);

try {
  const engineName = str(flags.engine) ?? 'lite';
  if (engineName !== 'lite') throw new Error(`Engine "${engineName}" cannot run in Node: the LLM engines need a browser with WebGPU (use the app's Benchmark page).`);
  const engine = await loadRouterEngine(str(flags.model) ?? DEFAULT_ROUTER);
  const cases = loadExtractionSet(resolve(str(flags.data) ?? 'data/extraction/conversations.jsonl'));
  const times: number[] = [];
  const results = new Map<string, Awaited<ReturnType<typeof engine.classify>>>();
  const figures = await extractionFigures(cases.map((c) => ({ id: c.id, turns: c.turns, spans: c.spans })), async (turns) => {
    const t0 = performance.now();
    const r = await engine.classify(turns);
    times.push(performance.now() - t0);
    results.set(JSON.stringify(turns), r);
    return r;
  });
  // Per category: how many gold memories of it were found.
  const perCategory: Record<string, { gold: number; found: number }> = {};
  for (const c of MEMORY_CATEGORIES) perCategory[c] = { gold: 0, found: 0 };
  let f1 = 0, exact = 0;
  for (const c of cases) {
    const r = results.get(JSON.stringify(c.turns))!;
    const located = (r.memories ?? []).map((m) => {
      const t = m.turnIndex ?? 0;
      const at = c.turns[t]?.content.indexOf(m.text) ?? -1;
      return at >= 0 ? { turn: t, start: at, end: at + m.text.length, category: m.category } : null;
    });
    for (const g of c.spans) {
      perCategory[g.category].gold++;
      if (located.some((m) => m && m.category === g.category && spansMatch(m, g))) perCategory[g.category].found++;
    }
    const s = scoreScenario(r.categories, c.categories.length ? c.categories : ['none']);
    f1 += s.f1; exact += s.exact ? 1 : 0;
  }
  const f3 = (x: number) => x.toFixed(3);
  console.log(`\nextraction benchmark: ${cases.length} conversations, ${figures.gold} gold memories, engine ${engine.id}`);
  console.log(`memories   precision ${f3(figures.precision)}  recall ${f3(figures.recall)}  F1 ${f3(figures.f1)}  (${figures.matched} of ${figures.predicted} proposed match; ${figures.unlocated} not located)`);
  console.log(`categories shown vs memory categories disagree in ${figures.disagreements} of ${cases.length} conversations`);
  console.log(`routing    F1 ${f3(f1 / cases.length)}  exact ${(100 * exact / cases.length).toFixed(0)} %`);
  console.log(`latency    p50 ${percentile(times, 50).toFixed(2)} ms  p95 ${percentile(times, 95).toFixed(2)} ms per conversation`);
  console.log('\nrecall per category:');
  for (const [c, v] of Object.entries(perCategory)) console.log(`  ${c.padEnd(32)} ${String(v.found).padStart(3)} / ${String(v.gold).padEnd(3)} ${v.gold ? f3(v.found / v.gold) : '-'}`);
  const out = str(flags.json);
  if (out) {
    mkdirSync(dirname(resolve(out)), { recursive: true });
    writeFileSync(resolve(out), `${JSON.stringify({ engine: engine.id, ...figures, routing: { f1: f1 / cases.length, exact: exact / cases.length }, perCategory, latencyMs: { p50: percentile(times, 50), p95: percentile(times, 95) } }, null, 1)}\n`);
    console.log(`\nwrote ${out}`);
  }
} catch (e) {
  console.error(toRouterError(e).message);
  process.exit(2);
}
