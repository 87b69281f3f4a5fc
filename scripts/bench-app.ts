/**
 * npm run bench:app -- [--memories 1000,10000,100000] [--json OUT] [--port 4190] [--no-build] [--dist DIR]
 *                      [--searches 21] [--skip-vector-free-import-above N] [--no-cold] [--baseline FILE]
 *
 * The app as a person uses it, in the system Chromium on the production build (`vite build` +
 * `vite preview`, as the e2e tests serve it). Per store size, in a fresh browser profile (IndexedDB
 * on disk): import of an export without vectors (the page embeds every memory), forget everything,
 * import of the same memories with embed-lite vectors, reload to a usable Memories page, search
 * round trips (the form's submit to the results painted), opening a memory's history, the JS heap
 * of the page and of its workers, an export of the whole store; and once, a cold start to the
 * first classification with the bytes fetched before it. Every step also reports the main
 * thread's long tasks (count, longest).
 * Memories come from scripts/lib/bench-corpus.ts. Budgets and the figures measured before the
 * performance work are in bench/app-baseline.json; each figure is printed against its budget.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { execSync } from 'node:child_process';
import { build, preview } from 'vite';
import { chromium, type BrowserContext } from 'playwright-core';
import { parseFlags } from './lib/data-paths';
import { makeEmbedder } from './lib/embedders';
import { benchExport, generateMemories, generateQueries } from './lib/bench-corpus';
import { heapUse, installProbes, type HeapUse } from './lib/bench-app/page-probes';
import { coldStart, forgetEverything, historyOpenTimes, openMemoriesPage, reloadToUsable, searchRoundTrips, timedExport, timedImport, type ColdStart, type Latencies, type Timed } from './lib/bench-app/steps';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';

const flags = parseFlags(process.argv.slice(2));
const str = (v: string | true | undefined) => (typeof v === 'string' ? v : undefined);
const SIZES = (str(flags.memories) ?? '1000,10000').split(',').map((x) => Number(x.trim())).filter((n) => n > 0);
const PORT = Number(str(flags.port) ?? 4190);
const SEARCHES = Number(str(flags.searches) ?? 21);
const SKIP_FREE_ABOVE = Number(str(flags['skip-vector-free-import-above']) ?? Infinity);
const BASELINE_FILE = resolve(str(flags.baseline) ?? 'bench/app-baseline.json');
const WORK = resolve('bench-results/app');
/** --dist DIR serves a build made elsewhere (e.g. of an older commit, for a baseline) with --no-build. */
const OUT_DIR = resolve(str(flags.dist) ?? join(WORK, 'dist'));
const BASE = `http://localhost:${PORT}`;

export interface SizeFigures {
  memories: number;
  importNoVectors: Timed | null;
  importWithVectors: Timed | null;
  reloadToUsable: Timed | null;
  search: Latencies | null;
  history: Latencies | null;
  /** Export of the whole store, from the click until the page says it is done. */
  exportAll: Timed | null;
  heap: HeapUse | null;
  /** Longest main-thread task while using the page (reload, searches, history). */
  longestTaskMs: number;
  errors: string[];
}

export interface AppBenchResult {
  when: string;
  commit: string;
  machine: string;
  chromium: string;
  cold: ColdStart | null;
  sizes: SizeFigures[];
}

// ---------------------------------------------------------------- data

/** Export files, generated once per size and embedder and kept under bench-results/ (not in git). */
async function exportFiles(n: number): Promise<{ plain: string; vectors: string }> {
  const embedder = makeEmbedder('lite');
  await embedder.load();
  const dir = join(WORK, 'data');
  mkdirSync(dir, { recursive: true });
  const plain = join(dir, `memories-${n}.json`);
  const vectors = join(dir, `memories-${n}-${embedder.id.replace(/[^\w.-]/g, '_')}.json`);
  if (!existsSync(plain)) writeFileSync(plain, JSON.stringify(await benchExport(n, { now: Date.UTC(2025, 5, 1) })));
  if (!existsSync(vectors)) {
    process.stdout.write(`  embedding ${n} generated memories with ${embedder.id} for the file with vectors…`);
    writeFileSync(vectors, JSON.stringify(await benchExport(n, { embedder, now: Date.UTC(2025, 5, 1) })));
    process.stdout.write(' done\n');
  }
  return { plain, vectors };
}

// ---------------------------------------------------------------- runs

async function withProfile<T>(fn: (context: BrowserContext) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-app-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, chromiumSandbox: false, headless: true,
    viewport: { width: 1280, height: 860 },
  });
  try {
    await installProbes(context);
    return await fn(context);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A step that fails or runs out of time is reported (null, with the reason) and the run goes on. */
async function step<T>(n: number, what: string, errors: string[], fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (e) {
    const message = (e as Error).message.split('\n')[0];
    errors.push(`${what}: ${message}`);
    console.log(`  [${n}] ${what} failed: ${message}`);
    return null;
  }
}

async function benchSize(n: number): Promise<SizeFigures> {
  const files = await exportFiles(n);
  const queries = generateQueries(generateMemories(n), SEARCHES, 11);
  const importTimeout = Math.max(180_000, n * 3);
  const stepTimeout = Math.max(60_000, n);
  const errors: string[] = [];
  // Each import in its own fresh profile, so one that never finishes cannot spoil the next steps.
  let importNoVectors: Timed | null = null;
  if (n <= SKIP_FREE_ABOVE) {
    importNoVectors = await withProfile(async (context) => {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await openMemoriesPage(page, BASE);
      return step(n, 'import without vectors', errors, () => timedImport(page, files.plain, n, importTimeout));
    });
    if (importNoVectors) log(n, 'import without vectors', importNoVectors);
  }
  return withProfile(async (context) => {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await openMemoriesPage(page, BASE);
    const importWithVectors = await step(n, 'import with vectors', errors, () => timedImport(page, files.vectors, n, importTimeout));
    if (importWithVectors) log(n, 'import with vectors', importWithVectors);
    const reload = importWithVectors ? await step(n, 'reload', errors, () => reloadToUsable(page, n, stepTimeout)) : null;
    if (reload) log(n, 'reload to usable', reload);
    const search = reload ? await step(n, 'search', errors, () => searchRoundTrips(page, queries, stepTimeout)) : null;
    if (search) console.log(`  [${n}] search p50 ${ms(search.p50)} p95 ${ms(search.p95)} (first ${ms(search.firstMs)}); long tasks ${search.longTasks.count}, longest ${ms(search.longTasks.longestMs)}`);
    const history = reload ? await step(n, 'history', errors, () => historyOpenTimes(page, 6, stepTimeout)) : null;
    if (history) console.log(`  [${n}] history p50 ${ms(history.p50)}`);
    const heap = await step(n, 'heap', errors, () => heapUse(page));
    const exportAll = reload ? await step(n, 'export', errors, () => timedExport(page, n, importTimeout)) : null;
    if (exportAll) log(n, 'export', exportAll);
    const longestTaskMs = Math.max(reload?.longTasks.longestMs ?? 0, search?.longTasks.longestMs ?? 0, history?.longTasks.longestMs ?? 0);
    await page.close();
    return { memories: n, importNoVectors, importWithVectors, reloadToUsable: reload, search, history, exportAll, heap, longestTaskMs, errors };
  });
}

// ---------------------------------------------------------------- report

interface Budgets {
  coldStart: { firstClassificationMs: number; bytesBefore: number };
  sizes: Record<string, Partial<Record<FigureName, number>>>;
}

type FigureName = 'importNoVectorsMs' | 'importNoVectorsLongestTaskMs' | 'importWithVectorsMs' | 'importWithVectorsLongestTaskMs'
  | 'reloadToUsableMs' | 'reloadToFirstSearchMs' | 'searchP50Ms' | 'searchP95Ms' | 'historyP50Ms' | 'exportMs' | 'exportLongestTaskMs'
  | 'longestTaskMs' | 'heapMB';

function figuresOf(s: SizeFigures): Record<FigureName, number | null> {
  return {
    importNoVectorsMs: s.importNoVectors?.ms ?? null,
    importNoVectorsLongestTaskMs: s.importNoVectors?.longTasks.longestMs ?? null,
    importWithVectorsMs: s.importWithVectors?.ms ?? null,
    importWithVectorsLongestTaskMs: s.importWithVectors?.longTasks.longestMs ?? null,
    reloadToUsableMs: s.reloadToUsable?.ms ?? null,
    reloadToFirstSearchMs: s.search && Number.isFinite(s.search.firstDoneAtMs) ? s.search.firstDoneAtMs : null,
    searchP50Ms: s.search?.p50 ?? null,
    searchP95Ms: s.search?.p95 ?? null,
    historyP50Ms: s.history?.p50 ?? null,
    exportMs: s.exportAll?.ms ?? null,
    exportLongestTaskMs: s.exportAll?.longTasks.longestMs ?? null,
    longestTaskMs: s.reloadToUsable ? s.longestTaskMs : null,
    heapMB: s.heap ? s.heap.mainMB + s.heap.workers.reduce((a, w) => a + w.usedMB, 0) : null,
  };
}

function ms(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  return x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`;
}

function log(n: number, what: string, t: Timed): void {
  console.log(`  [${n}] ${what}: ${ms(t.ms)}; long tasks ${t.longTasks.count}, longest ${ms(t.longTasks.longestMs)}`);
}

function row(name: string, value: number | null, budget: number | undefined, base: number | null | undefined, unit: 'ms' | 'MB' | 'B'): string {
  const show = (x: number | null | undefined) => (x === null || x === undefined ? '—' : unit === 'ms' ? ms(x) : unit === 'MB' ? `${x.toFixed(1)} MB` : `${(x / 1e6).toFixed(2)} MB`);
  const ratio = budget && value !== null ? value / budget : null;
  const verdict = ratio === null ? '' : ratio <= 1 ? 'ok' : 'OVER';
  return `  ${name.padEnd(30)} ${show(value).padStart(10)} ${(budget ? show(budget) : '').padStart(10)} ${(ratio === null ? '' : ratio.toFixed(2)).padStart(6)} ${verdict.padEnd(4)} ${show(base).padStart(10)}`;
}

function report(result: AppBenchResult, budgets: Budgets, baseline: AppBenchResult | null): void {
  console.log(`\nbench:app ${result.commit} on ${result.machine}, ${result.chromium}`);
  console.log(`  ${'figure'.padEnd(30)} ${'measured'.padStart(10)} ${'budget'.padStart(10)} ${'ratio'.padStart(6)} ${''.padEnd(4)} ${'baseline'.padStart(10)}`);
  if (result.cold) {
    const b = baseline?.cold;
    console.log('cold start (fresh profile)');
    console.log(row('shell on screen', result.cold.shellMs, undefined, b?.shellMs, 'ms'));
    console.log(row('first classification', result.cold.firstClassificationMs, budgets.coldStart.firstClassificationMs, b?.firstClassificationMs, 'ms'));
    console.log(row('bytes fetched before it', result.cold.bytesBefore, budgets.coldStart.bytesBefore, b?.bytesBefore, 'B'));
    console.log(row('longest task before it', result.cold.longTasks.longestMs, undefined, b?.longTasks.longestMs, 'ms'));
    const list = (rs: ColdStart['requestsBefore']) => rs.map((r) => `${r.url.replace(/^\/(assets|models)\//, '')} ${(r.bytes / 1000).toFixed(0)} kB`).join(', ');
    console.log(`  fetched before it: ${list(result.cold.requestsBefore)}`);
    console.log(`  fetched after it (deferred): ${list(result.cold.requestsAfter) || 'nothing'}`);
  }
  for (const s of result.sizes) {
    const f = figuresOf(s);
    const base = baseline?.sizes.find((x) => x.memories === s.memories);
    const bf = base ? figuresOf(base) : null;
    const budget = budgets.sizes[String(s.memories)] ?? {};
    console.log(`${s.memories.toLocaleString('en')} memories`);
    for (const name of Object.keys(f) as FigureName[]) {
      console.log(row(name, f[name], budget[name], bf?.[name], name === 'heapMB' ? 'MB' : 'ms'));
    }
    if (s.heap) console.log(`  heap: page ${s.heap.mainMB.toFixed(1)} MB${s.heap.workers.map((w) => `, ${w.url} ${w.usedMB.toFixed(1)} MB`).join('')}${s.heap.vectorMB !== undefined ? `; the index's vectors: ${s.heap.vectorMB.toFixed(1)} MB (${s.heap.vectorPrecision})` : ''}`);
    if (s.errors.length) console.log(`  not measured / errors: ${s.errors.join(' | ')}`);
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const budgetFile = JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as { budgets: Budgets; baseline?: AppBenchResult };
  if (!flags['no-build']) await build({ logLevel: 'warn', build: { outDir: OUT_DIR, emptyOutDir: true } });
  const server = await preview({ preview: { port: PORT, strictPort: true }, build: { outDir: OUT_DIR }, logLevel: 'warn' });
  const result: AppBenchResult = {
    when: new Date().toISOString(),
    commit: execSync('git rev-parse --short HEAD').toString().trim() + (execSync('git status --porcelain -- src').toString().trim() ? '+changes' : ''),
    machine: `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}`,
    chromium: '',
    cold: null,
    sizes: [],
  };
  try {
    result.chromium = await withProfile(async (c) => (await (await c.newPage()).evaluate(() => navigator.userAgent)).replace(/^.*((?:Headless)?Chrome\/[\d.]+).*$/, '$1'));
    if (!flags['no-cold']) {
      result.cold = await withProfile((c) => coldStart(c, BASE));
      console.log(`  cold start: shell ${ms(result.cold.shellMs)}, first classification ${ms(result.cold.firstClassificationMs)}, ${(result.cold.bytesBefore / 1e6).toFixed(2)} MB before it`);
    }
    for (const n of SIZES) {
      try {
        result.sizes.push(await benchSize(n));
      } catch (e) {
        console.error(`  [${n}] failed: ${(e as Error).message}`);
      }
    }
  } finally {
    await new Promise<void>((r) => server.httpServer.close(() => r()));
  }
  report(result, budgetFile.budgets, budgetFile.baseline ?? null);
  const out = str(flags.json);
  if (out) {
    const path = resolve(out);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(result, null, 2));
    console.log(`\nwrote ${path}`);
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e instanceof Error ? e.stack ?? e.message : String(e));
  process.exit(1);
});
