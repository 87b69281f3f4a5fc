import { describe, expect, it } from 'vitest';
import { decodeFileBytes, describeParse, MAX_PASTE_CHARS, parseInput } from '../../src/core/input';
import { RouterError } from '../../src/core/errors';

function codeOf(fn: () => unknown): string {
  try { fn(); } catch (e) { return e instanceof RouterError ? e.code : `foreign: ${String(e)}`; }
  return 'no error';
}

describe('parseInput: formats', () => {
  const turn = (role: string, content: string) => ({ role, content });
  const cases: { name: string; text: string; format: string; conversations: number; firstTurns: number }[] = [
    { name: 'plain transcript', text: 'USER: We launch in May.\nASSISTANT: Noted.', format: 'transcript', conversations: 1, firstTurns: 2 },
    { name: 'prose without prefixes', text: 'Our brand voice is warm and plain.', format: 'transcript', conversations: 1, firstTurns: 1 },
    { name: 'JSON messages array', text: JSON.stringify([turn('user', 'Hi'), turn('assistant', 'Hello')]), format: 'json-messages', conversations: 1, firstTurns: 2 },
    { name: 'JSON object with messages', text: JSON.stringify({ messages: [turn('user', 'Hi')] }), format: 'json-messages', conversations: 1, firstTurns: 1 },
    { name: 'JSON list of conversations', text: JSON.stringify([[turn('user', 'A')], { conversation: [turn('user', 'B'), turn('assistant', 'C')] }]), format: 'json-conversations', conversations: 2, firstTurns: 1 },
    { name: 'JSONL, training shape', text: [{ conversation: [turn('user', 'A')] }, { messages: [turn('user', 'B')] }].map((x) => JSON.stringify(x)).join('\n'), format: 'jsonl', conversations: 2, firstTurns: 1 },
    { name: 'JSONL of bare arrays', text: `${JSON.stringify([turn('user', 'A')])}\n${JSON.stringify([turn('user', 'B')])}\n`, format: 'jsonl', conversations: 2, firstTurns: 1 },
  ];
  it.each(cases)('$name', ({ text, format, conversations, firstTurns }) => {
    const p = parseInput(text);
    expect(p.format).toBe(format);
    expect(p.conversations).toHaveLength(conversations);
    expect(p.conversations[0]).toHaveLength(firstTurns);
    expect(p.skipped).toEqual([]);
  });

  it('keeps the good JSONL lines and reports the bad one with its line number', () => {
    const text = [
      JSON.stringify({ conversation: [{ role: 'user', content: 'first' }] }),
      '{"conversation": [ {"role": "user", "content": "broken"',
      '',
      JSON.stringify({ conversation: [{ role: 'user', content: 'fourth' }] }),
      JSON.stringify({ conversation: 42 }),
    ].join('\n');
    const p = parseInput(text);
    expect(p.conversations.map((c) => c[0].content)).toEqual(['first', 'fourth']);
    expect(p.origins).toEqual([1, 4]);
    expect(p.skipped.map((s) => s.line)).toEqual([2, 5]);
    expect(p.skipped[0].reason).toMatch(/not valid JSON/);
    expect(describeParse(p)).toBe('2 conversations read (JSONL); 2 skipped (lines 2, 5)');
  });

  it('reports repaired turns (bare strings) without dropping them', () => {
    const p = parseInput(JSON.stringify(['just a string', { role: 'user', content: 'ok' }]));
    expect(p.conversations[0]).toHaveLength(2);
    expect(p.repaired[0].reason).toMatch(/bare string/);
  });
});

describe('parseInput: bad input gets a typed error that says what to do', () => {
  const cases: { name: string; text: string; code: string; message: RegExp }[] = [
    { name: 'empty', text: '', code: 'EMPTY_INPUT', message: /Nothing to classify.*Paste a conversation/ },
    { name: 'whitespace', text: '  \n\t ', code: 'EMPTY_INPUT', message: /Nothing to classify/ },
    { name: '2 MB paste', text: 'a'.repeat(2 * 1024 * 1024), code: 'INPUT_TOO_LARGE', message: /Too long: pasted text has 2,097,152 characters; the limit is 100,000\. .*batch mode/ },
    { name: 'binary-looking text', text: 'PK\u0003\u0004\u0000\u0000\u0014\u0000binary', code: 'BINARY_INPUT', message: /looks like a binary file/ },
    { name: 'single-line malformed JSON', text: '{"messages": [', code: 'MALFORMED_JSON', message: /not valid.*plain "USER/ },
    { name: 'JSON without turns', text: '{"hello": "world"}', code: 'WRONG_SCHEMA', message: /No conversation found/ },
    { name: 'JSONL with only bad lines', text: '{"a":\n{"b":', code: 'WRONG_SCHEMA', message: /line 1: not valid JSON/ },
  ];
  it.each(cases)('$name', ({ text, code, message }) => {
    expect(codeOf(() => parseInput(text))).toBe(code);
    expect(() => parseInput(text)).toThrow(message);
  });

  it('accepts text at exactly the limit', () => {
    expect(parseInput('x'.repeat(MAX_PASTE_CHARS)).conversations).toHaveLength(1);
  });

  it('lets batch mode raise the limit', () => {
    const line = JSON.stringify({ conversation: [{ role: 'user', content: 'y'.repeat(1000) }] });
    const text = Array.from({ length: 200 }, () => line).join('\n');
    expect(text.length).toBeGreaterThan(MAX_PASTE_CHARS);
    expect(parseInput(text, { maxChars: 1_000_000, source: 'batch.jsonl' }).conversations).toHaveLength(200);
  });
});

describe('decodeFileBytes', () => {
  const enc = new TextEncoder();
  it('decodes UTF-8 text', () => {
    expect(decodeFileBytes(enc.encode('USER: héllo'), 'a.txt')).toBe('USER: héllo');
  });
  it.each([
    { name: 'empty file', bytes: new Uint8Array(0), code: 'EMPTY_INPUT' },
    { name: 'NUL bytes (PNG header)', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), code: 'BINARY_INPUT' },
    { name: 'invalid UTF-8 everywhere', bytes: new Uint8Array(Array.from({ length: 400 }, (_, i) => 0x80 + (i % 60))), code: 'BINARY_INPUT' },
    { name: 'over the size limit', bytes: enc.encode('USER: 11 bytes'), code: 'INPUT_TOO_LARGE', max: 10 },
  ])('$name', ({ bytes, code, max }) => {
    expect(codeOf(() => decodeFileBytes(bytes, 'f.bin', max))).toBe(code);
  });
});
