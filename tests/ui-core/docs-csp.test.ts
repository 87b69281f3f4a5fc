/**
 * docs/privacy.md shows the document policy one directive a line, and the hosts forced by
 * redirects by name: both must be what src/config/csp.ts builds.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cspDirectives } from '../../src/config/csp';
import { MODEL_HOSTS, MODEL_REDIRECT_HOSTS } from '../../src/config/hosts';
import { headersFile, isDocumentRequest } from '../../scripts/vite-plugin-csp';
import { buildCsp } from '../../src/config/csp';

const doc = readFileSync(new URL('../../docs/privacy.md', import.meta.url), 'utf8');

describe('docs/privacy.md states the policy that is served', () => {
  it('the csp block equals the document policy (header delivery)', () => {
    const block = /```csp\n([\s\S]*?)```/.exec(doc)![1].trim().split('\n');
    const shown = block.map((line) => line.replace('CONNECT_SOURCES', MODEL_HOSTS.join(' ')));
    const served = Object.entries(cspDirectives({ delivery: 'header', document: true })).map(([k, v]) => [k, ...v].join(' '));
    expect(shown).toEqual(served);
  });

  it('names every host the redirects force, and has the nginx snippet and the _headers file', () => {
    for (const host of MODEL_REDIRECT_HOSTS) expect(doc).toContain(`\`${host}\``);
    expect(doc).toMatch(/```nginx[\s\S]*add_header Content-Security-Policy[\s\S]*location = \/index\.html[\s\S]*```/);
    expect(doc).toContain('dist/_headers');
  });
});

describe('the headers the build and the preview server send', () => {
  it('_headers: every file gets the policy without Trusted Types, the document the full one', () => {
    const file = headersFile((o) => buildCsp(o));
    const all = buildCsp({ delivery: 'header', document: false });
    const page = buildCsp({ delivery: 'header', document: true });
    expect(file).toContain(`/*\n  Content-Security-Policy: ${all}\n`);
    expect(file).toContain(`/\n  Content-Security-Policy: ${page}\n`);
    expect(file).toContain(`/index.html\n  Content-Security-Policy: ${page}\n`);
    expect(all).toContain("frame-ancestors 'none'");
    expect(all).not.toContain('require-trusted-types-for');
  });

  it('tells documents from workers and files', () => {
    expect(isDocumentRequest({ url: '/', headers: { 'sec-fetch-dest': 'document' } })).toBe(true);
    expect(isDocumentRequest({ url: '/assets/embed.worker.js', headers: { 'sec-fetch-dest': 'worker' } })).toBe(false);
    expect(isDocumentRequest({ url: '/', headers: {} })).toBe(true);
    expect(isDocumentRequest({ url: '/index.html?x=1', headers: {} })).toBe(true);
    expect(isDocumentRequest({ url: '/models/router.bin', headers: {} })).toBe(false);
  });
});
