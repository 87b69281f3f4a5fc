/**
 * Writes docs/screenshots/*.png: every page of the production build, in the state a first-time
 * user sees after trying it (an example classified and saved, a search run), plus a phone-width
 * view. Uses the system Chromium like the e2e tests (CHROMIUM_PATH or /usr/bin/chromium).
 *
 *   npx tsx scripts/screenshots.ts [--port 4179] [--no-build] [--data-dir DIR]
 *
 * With the shared data present (--data-dir, ROUTER_DATA_DIR or ../shared/data) the Benchmark shot
 * shows router-lite's run on the benchmark file, picked in the page as a user would; the file is
 * read by the browser, never copied into the repository.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, preview } from 'vite';
import { chromium, type Page } from 'playwright-core';
import { BENCHMARK_FILE, dataDir, parseFlags, PUBLISHED_FILE } from './lib/data-paths';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';

const flags = parseFlags(process.argv.slice(2));
const port = Number(flags.port ?? 4179);
const outDir = resolve('docs/screenshots');
const MAX_SHOT_HEIGHT = 1800;

async function shot(page: Page, name: string): Promise<void> {
  // Let live queries and fonts settle; screenshots are documentation, not timing-sensitive.
  await page.waitForTimeout(400);
  // Whole pages, but long ones (the benchmark's per-scenario table) cut at a readable height.
  const width = page.viewportSize()?.width ?? 1280;
  const height = Math.min(MAX_SHOT_HEIGHT, await page.evaluate(() => document.documentElement.scrollHeight));
  await page.screenshot({ path: resolve(outDir, `${name}.png`), fullPage: true, clip: { x: 0, y: 0, width, height } });
  console.log(`wrote docs/screenshots/${name}.png`);
}

async function classifyExample(page: Page, title: string): Promise<void> {
  await page.goto(`http://localhost:${port}/#/classify`);
  await page.getByLabel('Example').selectOption({ label: title });
  await page.getByTestId('classify-button').click();
  await page.getByTestId('routing-engine').waitFor();
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  if (!flags['no-build']) await build({ logLevel: 'warn' });
  const server = await preview({ preview: { port, strictPort: true }, logLevel: 'warn' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    chromiumSandbox: false,
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
    const page = await context.newPage();

    await classifyExample(page, 'Brand voice and values');
    await shot(page, 'classify');

    // Save the memories of a few examples, so the Memories page shows a real store.
    for (const title of ['Brand voice and values', 'This quarter\'s campaign', 'How I like answers', 'Tools and a campaign retro']) {
      await classifyExample(page, title);
      const save = page.getByTestId('save-memories');
      if (await save.count()) { await save.click(); await page.getByTestId('save-result').waitFor(); }
    }
    await page.goto(`http://localhost:${port}/#/memories`);
    await page.getByRole('heading', { level: 1, name: 'Memories' }).waitFor();
    await shot(page, 'memories');
    const search = page.getByRole('searchbox', { name: 'Search memories' });
    if (await search.count()) {
      await search.fill('brand voice');
      await search.press('Enter');
      await page.getByTestId('search-results').waitFor();
      await shot(page, 'memories-search');
    }

    await page.goto(`http://localhost:${port}/#/chat`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await shot(page, 'chat');
    await page.goto(`http://localhost:${port}/#/models`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForTimeout(1500); // the capability probe asks the WebGPU adapter
    await shot(page, 'models');
    await page.goto(`http://localhost:${port}/#/benchmark`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const dir = dataDir(typeof flags['data-dir'] === 'string' ? flags['data-dir'] : undefined);
    if (existsSync(resolve(dir, BENCHMARK_FILE))) {
      await page.getByTestId('bench-file').setInputFiles(resolve(dir, BENCHMARK_FILE));
      if (existsSync(resolve(dir, PUBLISHED_FILE))) await page.getByTestId('bench-published-file').setInputFiles(resolve(dir, PUBLISHED_FILE));
      await page.getByTestId('bench-run').click();
      await page.getByTestId('bench-results').waitFor({ timeout: 120_000 });
    } else {
      console.log(`no benchmark file under ${dir}: the Benchmark shot shows the empty page`);
    }
    await page.getByTestId('retrieval-run').click();
    await page.getByTestId('retrieval-result').waitFor();
    await shot(page, 'benchmark');

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    const mobile = await phone.newPage();
    await classifyExample(mobile, 'How I like answers');
    await shot(mobile, 'classify-phone');
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
