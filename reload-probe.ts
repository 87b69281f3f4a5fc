import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/support/chromium';
const OUT = resolve('bench-results/app/dist');
const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'probe-'));
await build({ logLevel: 'error', build: { outDir: OUT, emptyOutDir: true } });
const server = await preview({ preview: { port: 4191, strictPort: true }, build: { outDir: OUT }, logLevel: 'error' });
const ctx = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, chromiumSandbox: false, headless: true });
const page = await ctx.newPage();
page.on('console', (m) => { if (m.text().startsWith('[')) console.log('  console:', m.text()); });
await page.goto('http://localhost:4191/#/memories');
await page.getByTestId('store-tools').waitFor();
const n = Number(process.argv[3] ?? 100000);
if (!process.argv[2]) {
  await page.getByTestId('import-input').setInputFiles(`bench-results/app/data/memories-${n}-embed-lite_0655e572.json`);
  await page.waitForFunction((n) => document.querySelector('[data-testid="store-total"]')?.textContent?.replace(/\D/g, '') === String(n), n, { timeout: 300000 });
  console.log('imported into', dir);
}
for (let i = 0; i < 2; i++) {
  const t = Date.now();
  await page.reload();
  await page.waitForFunction(() => !!document.querySelector('[data-testid="memory-list"] [data-testid="memory"]'), null, { timeout: 120000 });
  console.log('reload', Date.now() - t, 'ms');
  await page.waitForTimeout(6000);
}
await ctx.close();
server.httpServer.close();
process.exit(0);
