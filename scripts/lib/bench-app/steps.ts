/**
 * The steps bench:app times, each the way a person does it in the page (the same controls the e2e
 * tests use), timed with the page's clock and with the main thread's long tasks of that step.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { percentile } from '../../../src/core/metrics';
import { longTasksBetween, pageNow, pageTimeWhen, type LongTasks } from './page-probes';

export interface Timed {
  ms: number;
  longTasks: LongTasks;
}

export interface Latencies {
  p50: number;
  p95: number;
  runs: number;
  /** The first run (caches, JIT, a model still loading), not in p50/p95. */
  firstMs: number;
  /** Page clock (ms since the page's navigation) when the first run's results were on screen. */
  firstDoneAtMs: number;
  longTasks: LongTasks;
}

/** performance.now() once the store total reads `n` (and the import's message or the list is there), else false. */
function totalIs({ n, needMessage, needList }: { n: number; needMessage?: boolean; needList?: boolean }): number | false {
  const total = document.querySelector('[data-testid="store-total"]');
  if (!total || total.textContent!.replace(/\D/g, '') !== String(n)) return false;
  if (needMessage && !/import/i.test(document.querySelector('[data-testid="store-message"]')?.textContent ?? '')) return false;
  if (needList && (!document.querySelector('input[type="search"]') || !document.querySelector('[data-testid="memory"]'))) return false;
  return performance.now();
}

/**
 * Opens the Memories page and waits until the store uses its embedder (the page starts it on
 * opening), as it does by the time a person has picked a file: an import then embeds what it
 * brings in, within the time measured.
 */
export async function openMemoriesPage(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/#/memories`);
  await page.getByTestId('store-tools').waitFor({ timeout: 120_000 });
  await page.locator('[data-testid="index-stats"][data-embedder^="embed-lite"]').waitFor({ state: 'attached', timeout: 120_000 });
}

/**
 * Picks the export file in the Memories page's import control and waits for the store's answer
 * (the success message) with every memory counted. Import awaits the re-embedding of memories
 * that arrived without vectors, so the time includes it.
 */
export async function timedImport(page: Page, file: string, n: number, timeoutMs: number): Promise<Timed> {
  const start = await pageNow(page);
  await page.getByTestId('import-input').setInputFiles(file);
  const end = await pageTimeWhen(page, totalIs, { n, needMessage: true }, timeoutMs);
  return { ms: end - start, longTasks: await longTasksBetween(page, start, end) };
}

/** performance.now() once the page says it exported `n` memories, else false. */
function exportedAll({ n }: { n: number }): number | false {
  const text = document.querySelector('[data-testid="store-message"]')?.textContent ?? '';
  return text.replace(/,/g, '').includes(`Exported ${n} memories`) ? performance.now() : false;
}

/** A click on Export until the page says every memory is exported (the download has started). */
export async function timedExport(page: Page, n: number, timeoutMs: number): Promise<Timed> {
  const start = await pageNow(page);
  const download = page.waitForEvent('download', { timeout: timeoutMs });
  await page.getByTestId('export').click();
  const end = await pageTimeWhen(page, exportedAll, { n }, timeoutMs);
  await (await download).cancel();
  return { ms: end - start, longTasks: await longTasksBetween(page, start, end) };
}

export async function forgetEverything(page: Page): Promise<void> {
  await page.getByTestId('forget-everything').click();
  await page.getByTestId('confirm-forget').click();
  await pageTimeWhen(page, totalIs, { n: 0 }, 120_000);
}

/** From the reload's navigation start until the list shows memories, the count is right and search is there. */
export async function reloadToUsable(page: Page, n: number, timeoutMs: number): Promise<Timed> {
  await page.reload({ waitUntil: 'commit' });
  const end = await pageTimeWhen(page, totalIs, { n, needList: true }, timeoutMs);
  return { ms: end, longTasks: await longTasksBetween(page, 0, end) };
}

/** Enter (the form's submit) to the results for this query on screen, after the next paint. */
async function oneSearch(page: Page, query: string, timeoutMs: number): Promise<{ ms: number; at: number }> {
  return page.evaluate(async ({ q, timeout }) => {
    const box = document.querySelector('input[type="search"]') as HTMLInputElement;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    setValue.call(box, q);
    box.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 30));
    const t0 = performance.now();
    box.form!.requestSubmit();
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        const h = document.querySelector('[data-testid="search-results"] h2');
        if (h && h.textContent!.includes(`“${q}”`)) resolve();
        else if (performance.now() - t0 > timeout) reject(new Error(`no results for "${q}" after ${timeout} ms`));
        else requestAnimationFrame(check);
      };
      check();
    });
    await new Promise<void>((r) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); }));
    const at = performance.now();
    return { ms: at - t0, at };
  }, { q: query, timeout: timeoutMs });
}

export async function searchRoundTrips(page: Page, queries: readonly string[], timeoutMs: number): Promise<Latencies> {
  const start = await pageNow(page);
  const runs: Array<{ ms: number; at: number }> = [];
  for (const q of queries) runs.push(await oneSearch(page, q, timeoutMs));
  const end = await pageNow(page);
  const rest = runs.slice(1).map((r) => r.ms);
  return {
    p50: percentile(rest, 50), p95: percentile(rest, 95), runs: rest.length, firstMs: runs[0].ms, firstDoneAtMs: runs[0].at,
    longTasks: await longTasksBetween(page, start, end),
  };
}

/** Click History on a listed memory until its history is on screen. */
export async function historyOpenTimes(page: Page, rows: number, timeoutMs: number): Promise<Latencies> {
  const start = await pageNow(page);
  const times: number[] = [];
  for (let i = 0; i < rows; i++) {
    const ms = await page.evaluate(async ({ index, timeout }) => {
      const row = document.querySelectorAll('[data-testid="memory-list"] [data-testid="memory"], [data-testid^="scope-"] [data-testid="memory"]')[index] as HTMLElement | undefined;
      if (!row) throw new Error(`no memory row ${index} on the page`);
      const button = [...row.querySelectorAll('button')].find((b) => b.textContent === 'History')!;
      const t0 = performance.now();
      button.click();
      await new Promise<void>((resolve, reject) => {
        const check = () => {
          if (row.querySelector('[data-testid="memory-history"] li')) resolve();
          else if (performance.now() - t0 > timeout) reject(new Error('history did not open'));
          else requestAnimationFrame(check);
        };
        check();
      });
      await new Promise<void>((r) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); }));
      const took = performance.now() - t0;
      button.click();
      return took;
    }, { index: i, timeout: timeoutMs });
    times.push(ms);
  }
  const end = await pageNow(page);
  const [first, ...rest] = times;
  return { p50: percentile(rest, 50), p95: percentile(rest, 95), runs: rest.length, firstMs: first, firstDoneAtMs: NaN, longTasks: await longTasksBetween(page, start, end) };
}

export interface ColdStart {
  /** Navigation start to the Classify page's text box and button on screen. */
  shellMs: number;
  /** Navigation start to the first routing result on screen (paste and click as soon as the shell is there). */
  firstClassificationMs: number;
  /** Response bytes of every request finished before the result appeared (the page and its workers). */
  bytesBefore: number;
  requestsBefore: Array<{ url: string; bytes: number }>;
  /** Requests made later (deferred loads), for the record. */
  requestsAfter: Array<{ url: string; bytes: number }>;
  longTasks: LongTasks;
}

const CONVERSATION = [
  'USER: Our brand voice is warm, plain-spoken and a little playful; we never use jargon.',
  'ASSISTANT: Noted.',
  'USER: Please keep answers short, in bullet points.',
].join('\n');

/** A fresh profile (empty HTTP cache and storage) opening the app and classifying a pasted conversation. */
export async function coldStart(context: BrowserContext, baseUrl: string, settleMs = 4000): Promise<ColdStart> {
  const finished: Array<{ url: string; bytes: number; at: number }> = [];
  context.on('requestfinished', (req) => {
    void req.sizes().then((s) => finished.push({ url: req.url().replace(baseUrl, ''), bytes: s.responseBodySize + s.responseHeadersSize, at: Date.now() }), () => {});
  });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/#/classify`, { waitUntil: 'commit' });
  const shellMs = await pageTimeWhen(page, () => (document.querySelector('[data-testid="conversation-input"]') && document.querySelector('[data-testid="classify-button"]') ? performance.now() : false), null, 60_000);
  await page.getByTestId('conversation-input').fill(CONVERSATION);
  await page.getByTestId('classify-button').click();
  const firstClassificationMs = await pageTimeWhen(page, () => (document.querySelector('[data-testid="routing-engine"]') ? performance.now() : false), null, 60_000);
  const resultAt = Date.now();
  const longTasks = await longTasksBetween(page, 0, firstClassificationMs);
  await page.waitForTimeout(settleMs);
  await new Promise((r) => setTimeout(r, 200));
  const before = finished.filter((f) => f.at <= resultAt);
  const after = finished.filter((f) => f.at > resultAt);
  await page.close();
  return {
    shellMs, firstClassificationMs,
    bytesBefore: before.reduce((s, f) => s + f.bytes, 0),
    requestsBefore: before.map(({ url, bytes }) => ({ url, bytes })),
    requestsAfter: after.map(({ url, bytes }) => ({ url, bytes })),
    longTasks,
  };
}
