import { afterEach, describe, expect, it, vi } from 'vitest';
import { contentHash, normalizeMemoryText, sha256Hex, sha256Js } from '../../src/memory/hash';
import { newId, UUID_PATTERN } from '../../src/memory/ids';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

describe('sha256', () => {
  it('pure-JS fallback matches the FIPS 180-4 vectors and crypto.subtle at block boundaries', async () => {
    expect(hex(sha256Js(new TextEncoder().encode('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(sha256Js(new TextEncoder().encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const n of [1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const text = 'é'.repeat(n).slice(0, n) + 'x'.repeat(n % 7);
      const bytes = new TextEncoder().encode(text);
      expect(hex(sha256Js(bytes)), `length ${n}`).toBe(await sha256Hex(text));
    }
  });

  it('falls back to the JS digest where crypto.subtle is missing (plain-http pages)', async () => {
    const expected = await sha256Hex('hello world');
    vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array) => globalThis.crypto.getRandomValues(a) });
    try {
      expect(await sha256Hex('hello world')).toBe(expected);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('content hash', () => {
  it.each([
    ['Our Brand Voice is WARM.', 'our brand voice is warm.'],
    ['  two\n\tspaces   here ', 'two spaces here'],
    ['ﬁne print', 'fine print'], // NFKC folds the ligature
  ])('normalises %j to %j', async (input, norm) => {
    expect(normalizeMemoryText(input)).toBe(norm);
    expect(await contentHash(input)).toBe(await contentHash(norm));
  });

  it('differs for different facts', async () => {
    expect(await contentHash('budget is $50k')).not.toBe(await contentHash('budget is $60k'));
  });
});

describe('ids', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('are v4 uuids, unique', () => {
    const ids = new Set(Array.from({ length: 1000 }, newId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(UUID_PATTERN);
  });

  it('are still v4 uuids without crypto.randomUUID (insecure context)', () => {
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array) => real.getRandomValues(a) });
    const id = newId();
    expect(id).toMatch(UUID_PATTERN);
    expect(id[14]).toBe('4');
    expect('89ab').toContain(id[19]);
  });
});
