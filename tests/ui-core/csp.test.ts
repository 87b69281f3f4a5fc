import { describe, expect, it } from 'vitest';
import { buildCsp, cspDirectives } from '../../src/config/csp';
import { MODEL_HOSTS } from '../../src/config/hosts';
import { classifyRequest, addToTally, EMPTY_TALLY } from '../../src/ui/privacy/network-tally';

describe('CSP', () => {
  it('allows network access only to the page and the model hosts', () => {
    const d = cspDirectives();
    expect(d['connect-src']).toEqual(["'self'", ...MODEL_HOSTS]);
    expect(d['default-src']).toEqual(["'self'"]);
    expect(d['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(d['object-src']).toEqual(["'none'"]);
  });
  it('relaxes only what the dev server needs in dev', () => {
    const d = cspDirectives({ dev: true });
    expect(d['script-src']).toContain("'unsafe-inline'");
    expect(d['connect-src'].filter((s) => s.startsWith('ws:'))).toEqual(['ws://localhost:*', 'ws://127.0.0.1:*']);
  });
  it('serializes as directive lists separated by semicolons', () => {
    const s = buildCsp();
    expect(s).toMatch(/^default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; /);
    expect(s).not.toContain("'unsafe-eval'");
    expect(s).not.toContain("'unsafe-inline'; worker");
  });
});

describe('request classification for the privacy badge', () => {
  const self = 'http://localhost:4173';
  it.each([
    ['http://localhost:4173/models/router.bin', 'local'],
    ['/assets/index.js', 'local'],
    ['data:application/octet-stream;base64,AA==', 'local'],
    ['blob:http://localhost:4173/1234', 'local'],
    ['https://huggingface.co/Xenova/all-MiniLM-L6-v2/resolve/main/config.json', 'model-host'],
    ['https://cdn-lfs.huggingface.co/repos/x', 'model-host'],
    ['https://cas-bridge.xethub.hf.co/xet-bridge/abc', 'model-host'],
    ['https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/x.wasm', 'model-host'],
    ['https://evil.example.com/?q=secret', 'other'],
    ['https://huggingface.co.evil.example/x', 'other'],
    ['http://huggingface.co/x', 'other'],
    ['http://localhost:5173/x', 'other'],
  ])('%s → %s', (url, kind) => {
    expect(classifyRequest(url, self)).toBe(kind);
  });
  it('tallies and keeps the offending URLs', () => {
    let t = EMPTY_TALLY;
    t = addToTally(t, 'a', 'local');
    t = addToTally(t, 'https://x.example/', 'other');
    expect(t).toMatchObject({ local: 1, other: 1, otherUrls: ['https://x.example/'] });
  });
});
