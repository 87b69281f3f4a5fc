import { describe, expect, it } from 'vitest';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { buildCsp, cspDirectives, sourceMatches } from '../../src/config/csp';
import { MODEL_HOSTS, MODEL_PATHS } from '../../src/config/hosts';
import { MODEL_SPECS } from '../../src/engines/webllm/registry';
import { DEFAULT_NEURAL_MODEL } from '../../src/embed/transformers-embedder';
import { allowedScriptUrl } from '../../src/ui/trusted-types';
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
  it('frame-ancestors \'none\' only where it works (a header), Trusted Types for documents outside dev', () => {
    expect(cspDirectives({ delivery: 'header' })['frame-ancestors']).toEqual(["'none'"]);
    expect(cspDirectives({ delivery: 'meta' })['frame-ancestors']).toBeUndefined();
    expect(cspDirectives()['require-trusted-types-for']).toEqual(["'script'"]);
    expect(cspDirectives()['trusted-types']).toEqual(['default']);
    expect(cspDirectives({ document: false })['require-trusted-types-for']).toBeUndefined();
    expect(cspDirectives({ dev: true })['require-trusted-types-for']).toBeUndefined();
  });
  it('serializes as directive lists separated by semicolons', () => {
    const s = buildCsp();
    expect(s).toMatch(/^default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; /);
    expect(s).not.toContain("'unsafe-eval'");
    expect(s).not.toContain("'unsafe-inline'; worker");
  });
});

/** Every URL prefix the app downloads models from: the catalog's WebLLM records and the neural embedder. */
function appModelUrls(): string[] {
  const urls: string[] = [`https://huggingface.co/${DEFAULT_NEURAL_MODEL.model}/resolve/main/config.json`];
  for (const spec of MODEL_SPECS) {
    const id = spec.kind === 'prebuilt' ? spec.prebuiltId : spec.libraryOf;
    const r = prebuiltAppConfig.model_list.find((m) => m.model_id === id)!;
    if (spec.kind === 'prebuilt') urls.push(`${r.model}/resolve/main/mlc-chat-config.json`, `${r.model}/resolve/main/params_shard_0.bin`);
    urls.push(r.model_lib);
  }
  return urls;
}

describe('connect-src names exact paths on shared hosts (issue 13, finding 8)', () => {
  const connect = cspDirectives()['connect-src'];
  it('allows no whole shared host and no wildcard over hf.co or huggingface.co', () => {
    for (const whole of ['https://huggingface.co', 'https://raw.githubusercontent.com', 'https://*.hf.co', 'https://*.huggingface.co']) {
      expect(connect).not.toContain(whole);
    }
    expect(connect.some((s) => sourceMatches(new URL('https://huggingface.co/anyone/any-model/resolve/main/x'), s))).toBe(false);
    expect(connect.some((s) => sourceMatches(new URL('https://raw.githubusercontent.com/anyone/repo/main/x.wasm'), s))).toBe(false);
    expect(connect.some((s) => sourceMatches(new URL('https://anything.hf.co/x'), s))).toBe(false);
  });
  it('allows every model URL the app uses, and lists no path the app does not use', () => {
    const urls = appModelUrls();
    for (const u of urls) expect(connect.some((s) => sourceMatches(new URL(u), s)), u).toBe(true);
    for (const p of MODEL_PATHS) expect(urls.some((u) => sourceMatches(new URL(u), p)), p).toBe(true);
  });
  it('matches sources as a browser does before redirects', () => {
    expect(sourceMatches(new URL('https://a.test/m/x.bin'), 'https://a.test/m/')).toBe(true);
    expect(sourceMatches(new URL('https://a.test/mx/x.bin'), 'https://a.test/m/')).toBe(false);
    expect(sourceMatches(new URL('https://a.test/f.wasm'), 'https://a.test/f.wasm')).toBe(true);
    expect(sourceMatches(new URL('https://a.test/f.wasm2'), 'https://a.test/f.wasm')).toBe(false);
    expect(sourceMatches(new URL('https://a.b.test/x'), 'https://*.b.test')).toBe(true);
    expect(sourceMatches(new URL('https://b.test/x'), 'https://*.b.test')).toBe(false);
    expect(sourceMatches(new URL('https://a.test:8443/x'), 'https://a.test')).toBe(false);
  });
});

describe('the page\'s Trusted Types policy', () => {
  it('lets only this origin\'s scripts (and its blob: URLs) start as workers', () => {
    const page = 'http://localhost:4173/#/memories';
    expect(allowedScriptUrl('/assets/embed.worker-abc.js', page)).toBe(true);
    expect(allowedScriptUrl('blob:http://localhost:4173/1234-5678', page)).toBe(true);
    expect(allowedScriptUrl('https://evil.example/w.js', page)).toBe(false);
    expect(allowedScriptUrl('blob:https://evil.example/1234', page)).toBe(false);
    expect(allowedScriptUrl('data:text/javascript,alert(1)', page)).toBe(false);
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
    ['https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base/Llama-3_1-8B-Instruct-q4f16_1_cs1k-webgpu.wasm', 'model-host'],
    ['https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/x.wasm', 'other'],
    ['https://huggingface.co/someone/else/resolve/main/x', 'other'],
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
