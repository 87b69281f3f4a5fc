import { describe, expect, it } from 'vitest';
import { assertText, parseBenchmark, parsePublishedResults, parseTrainingJsonl, readTurns } from '../../src/core/loaders';
import { RouterError } from '../../src/core/errors';

const good = JSON.stringify({
  scenario_id: 'x_1',
  conversation: [{ role: 'user', content: 'Our voice is warm.' }, { role: 'assistant', content: 'Noted.' }],
  labels: { categories: ['company.brand_core'], persistence_horizon: 'long', memory_scope: 'company' },
});

function codeOf(fn: () => unknown): string | undefined {
  try { fn(); } catch (e) { return e instanceof RouterError ? e.code : 'not-a-RouterError'; }
  return undefined;
}

describe('parseTrainingJsonl', () => {
  it('reads good lines and reports every bad one with file, line and field', () => {
    const text = [
      good,
      '{"broken json',
      '[1,2,3]',
      JSON.stringify({ conversation: [], labels: { categories: ['company.brand_core'] } }),
      JSON.stringify({ conversation: [{ role: 'user', content: 'hi' }] }),
      JSON.stringify({ conversation: [{ role: 'user', content: 'hi' }], labels: { categories: ['made.up'] } }),
      JSON.stringify({ conversation: [{ role: 'user', content: 'hi' }], labels: { categories: 'company.brand_core' } }),
      '',
      good,
    ].join('\n');
    const r = parseTrainingJsonl(text, 'f.jsonl');
    expect(r.records).toHaveLength(2);
    expect(r.records[1].source).toEqual({ file: 'f.jsonl', line: 9 });
    expect(r.skipped.map((s) => s.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(r.skipped.every((s) => s.file === 'f.jsonl' && s.reason.length > 0)).toBe(true);
    expect(r.skipped.find((s) => s.line === 4)?.field).toBe('conversation');
    expect(r.skipped.find((s) => s.line === 5)?.field).toBe('labels.categories');
  });

  it('repairs the known quirks: bare-string turns, "content " key, extra keys, none mixed', () => {
    const line = JSON.stringify({
      conversation: ['a bare string turn', { role: 'USER', 'content ': 'spaced key', tone: 'warm' }],
      labels: { categories: ['none', 'user.role_context', 'USER.ROLE_CONTEXT'] },
    });
    const r = parseTrainingJsonl(line);
    expect(r.records).toHaveLength(1);
    expect(r.records[0].conversation).toEqual([
      { role: 'unknown', content: 'a bare string turn' },
      { role: 'user', content: 'spaced key' },
    ]);
    expect(r.records[0].categories).toEqual(['user.role_context']);
    expect(r.repaired[0].reason).toMatch(/bare string/);
    expect(r.repaired[0].reason).toMatch(/none/);
  });

  it('keeps a duplicate scenario_id as two records (ids are not keys)', () => {
    expect(parseTrainingJsonl(`${good}\n${good}`).records).toHaveLength(2);
  });

  it.each([
    ['empty file', '', 'EMPTY_INPUT'],
    ['whitespace only', ' \n\n ', 'EMPTY_INPUT'],
    ['binary', '\u0000\u0001\u0002PK\u0003\u0004', 'BINARY_INPUT'],
  ])('%s is refused with %s', (_n, text, code) => {
    expect(codeOf(() => parseTrainingJsonl(text))).toBe(code);
  });

  it('survives a 5 MB line of garbage and reports it', () => {
    const r = parseTrainingJsonl(`${good}\n{"x": "${'a'.repeat(5_000_000)}`);
    expect(r.records).toHaveLength(1);
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0].line).toBe(2);
  });

  it('survives a 5 MB valid record', () => {
    const big = JSON.stringify({ conversation: [{ role: 'user', content: 'w '.repeat(2_500_000) }], labels: { categories: ['none'] } });
    expect(parseTrainingJsonl(big).records).toHaveLength(1);
  });
});

describe('readTurns', () => {
  it.each([
    ['transcript string', 'USER: hi\nASSISTANT: hello', 2],
    ['array of strings', ['a', 'b'], 2],
    ['text/speaker keys', [{ speaker: 'human', text: 'x' }], 1],
    ['number', 42, null],
    ['empty array', [], null],
    ['array of junk', [null, 3, {}], null],
  ])('%s', (_n, value, n) => {
    const turns = readTurns(value, []);
    expect(turns === null ? null : turns.length).toBe(n);
  });
});

describe('parseBenchmark', () => {
  const scenario = { id: 's1', conversation: 'USER: Our tagline is X.\nASSISTANT: Nice.', expected_categories: ['company.brand_core'], difficulty: 'easy' };

  it('reads the published schema', () => {
    const b = parseBenchmark(JSON.stringify({ benchmark_name: 'B', scenarios: [scenario] }));
    expect(b.name).toBe('B');
    expect(b.scenarios[0]).toMatchObject({ id: 's1', expected: ['company.brand_core'], difficulty: 'easy' });
  });

  it('accepts a bare array and turn arrays', () => {
    const b = parseBenchmark(JSON.stringify([{ ...scenario, conversation: [{ role: 'user', content: 'x' }] }]));
    expect(b.scenarios[0].conversation).toBe('USER: x');
  });

  it('skips bad scenarios with index and field, keeps the good ones', () => {
    const b = parseBenchmark(JSON.stringify({ scenarios: [scenario, { id: 'bad' }, { ...scenario, expected_categories: ['nope'] }, 7] }), 'b.json');
    expect(b.scenarios).toHaveLength(1);
    expect(b.skipped.map((s) => [s.line, s.field])).toEqual([[2, 'conversation'], [3, 'expected_categories'], [4, undefined]]);
  });

  it.each([
    ['empty', '', 'EMPTY_INPUT'],
    ['malformed JSON', '{"scenarios": [', 'MALFORMED_JSON'],
    ['wrong schema', '{"foo": 1}', 'WRONG_SCHEMA'],
    ['no usable scenario', '{"scenarios": [{}]}', 'WRONG_SCHEMA'],
    ['binary', '\u0000\u0000\u0000', 'BINARY_INPUT'],
  ])('%s -> %s', (_n, text, code) => {
    expect(codeOf(() => parseBenchmark(text))).toBe(code);
  });

  it('says where malformed JSON breaks', () => {
    try {
      parseBenchmark('{\n  "scenarios": [\n    {"id": }\n  ]\n}', 'x.json');
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/^x\.json is not valid JSON/);
    }
  });
});

describe('parsePublishedResults', () => {
  it('reads summaries and refuses other shapes', () => {
    const r = parsePublishedResults(JSON.stringify({ summaries: { m: { name: 'M', avg_f1: 0.5 } }, detailed_results: { m: [] } }));
    expect(r.summaries.m.avg_f1).toBe(0.5);
    expect(codeOf(() => parsePublishedResults('[]'))).toBe('WRONG_SCHEMA');
  });
});

describe('assertText', () => {
  it('accepts ordinary text with tabs and unicode', () => {
    expect(() => assertText('USER:\tÇa va? 👋', 'x')).not.toThrow();
  });
  it('refuses non-strings', () => {
    expect(codeOf(() => assertText(new Uint8Array(3) as unknown, 'x'))).toBe('WRONG_SCHEMA');
  });
});
