/**
 * What bench:app measures inside the page: main-thread long tasks (PerformanceObserver 'longtask',
 * installed before any app code runs), times taken with the page's own clock (performance.now(),
 * polled every animation frame), and the JS heap of the page and of its workers over CDP.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

export interface LongTasks {
  count: number;
  longestMs: number;
  totalMs: number;
}

/** Added to every page of the context before its scripts run. */
export const LONG_TASK_PROBE = `
  // tsx names the functions bench:app passes to page.evaluate with an __name helper.
  window.__name = window.__name || ((f) => f);
  window.__bench = { longTasks: [] };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { window.__bench.unsupported = String(e); }
`;

export async function installProbes(context: BrowserContext): Promise<void> {
  await context.addInitScript(LONG_TASK_PROBE);
}

export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** Long tasks that started in [from, to) of the page's clock. */
export async function longTasksBetween(page: Page, from: number, to: number): Promise<LongTasks> {
  const tasks = await page.evaluate(() => (window as unknown as { __bench?: { longTasks: Array<{ start: number; duration: number }> } }).__bench?.longTasks ?? []);
  const inside = tasks.filter((t) => t.start >= from && t.start < to);
  return {
    count: inside.length,
    longestMs: inside.reduce((m, t) => Math.max(m, t.duration), 0),
    totalMs: inside.reduce((s, t) => s + t.duration, 0),
  };
}

/**
 * Waits (polling every frame) until `until` returns a time in the page; `until` must return
 * performance.now() when its condition holds and false before (functions, not strings: the app's
 * CSP forbids evaluating strings).
 */
export async function pageTimeWhen<A>(page: Page, until: (arg: A) => number | false, arg: A, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(until as (a: unknown) => number | false, arg as unknown, { polling: 'raf', timeout: timeoutMs });
  return (await handle.jsonValue()) as number;
}

export interface HeapUse {
  mainMB: number;
  workers: Array<{ url: string; usedMB: number }>;
  /** What the app's search index says it holds for vectors (the Memories page's index-stats line), when shown. */
  vectorMB?: number;
  vectorPrecision?: string;
}

/**
 * Used JS heap of the page (Performance.getMetrics) and of each dedicated worker (Runtime.getHeapUsage
 * through Target.sendMessageToTarget): the index lives in a worker, so the page's heap alone would
 * hide it. After a garbage collection (HeapProfiler.collectGarbage) so the figure is what is held.
 */
export async function heapUse(page: Page): Promise<HeapUse> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const metrics = (await cdp.send('Performance.getMetrics')).metrics;
    const main = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    const index = await page.evaluate(() => {
      const el = document.querySelector('[data-testid="index-stats"]') as HTMLElement | null;
      return el ? { bytes: Number(el.dataset.vectorBytes), precision: el.dataset.precision ?? '' } : null;
    });
    return {
      mainMB: main / 1e6, workers: await workerHeaps(cdp),
      ...(index ? { vectorMB: index.bytes / 1e6, vectorPrecision: index.precision } : {}),
    };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

async function workerHeaps(cdp: CDPSession): Promise<HeapUse['workers']> {
  const attached: Array<{ sessionId: string; url: string }> = [];
  const replies = new Map<string, (msg: { id: number; result?: { usedSize?: number } }) => void>();
  cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string; url: string } }) => {
    if (e.targetInfo.type === 'worker') attached.push({ sessionId: e.sessionId, url: e.targetInfo.url });
  });
  cdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
    const msg = JSON.parse(e.message) as { id?: number; result?: { usedSize?: number } };
    if (msg.id !== undefined) replies.get(`${e.sessionId}:${msg.id}`)?.(msg as { id: number });
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  await new Promise((r) => setTimeout(r, 300));
  const out: HeapUse['workers'] = [];
  for (const w of attached) {
    const ask = (id: number, method: string) => new Promise<{ result?: { usedSize?: number } }>((resolve) => {
      replies.set(`${w.sessionId}:${id}`, resolve);
      void cdp.send('Target.sendMessageToTarget', { sessionId: w.sessionId, message: JSON.stringify({ id, method }) });
      setTimeout(() => resolve({}), 5000);
    });
    await ask(1, 'HeapProfiler.collectGarbage');
    const usage = await ask(2, 'Runtime.getHeapUsage');
    out.push({ url: w.url.replace(/^.*\//, ''), usedMB: (usage.result?.usedSize ?? 0) / 1e6 });
  }
  return out;
}
