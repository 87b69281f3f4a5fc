import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_SEPARATOR, MAX_ANSWER_CATEGORIES, ROUTING_GRAMMAR, longestAnswerChars, routingGrammar } from '../../src/engines/webllm/grammar';
import { CLASSIFY_MAX_TOKENS } from '../../src/engines/webllm/request';
import { MEMORY_CATEGORIES } from '../../src/core/taxonomy';
import { parseCategories } from '../../src/core/parser';
import { loadXGrammar, type XGrammar, type XGrammarGrammar } from './xgrammar-node';

// The grammar text is checked by xgrammar itself (the matcher WebLLM uses), not by a re-implementation.
let xg: XGrammar;
let grammar: XGrammarGrammar;

beforeAll(async () => {
  xg = loadXGrammar();
  grammar = await xg.Grammar.fromEBNF(ROUTING_GRAMMAR);
});
afterAll(() => grammar?.dispose());

const [A, B, C, D, E, F] = MEMORY_CATEGORIES;

// [output, accepted, the categories the parser must read from it when accepted]
const CASES: [string, boolean, string[]?][] = [
  ['none', true, ['none']],
  ...MEMORY_CATEGORIES.map((c): [string, boolean, string[]] => [c, true, [c]]),
  [`${A}, ${B}`, true, [A, B]],
  [`${E}, ${A}`, true, [A, E]],
  [`${A}, ${B}, ${C}`, true, [A, B, C]],
  [`${A}, ${B}, ${C}, ${D}, ${E}`, true, [A, B, C, D, E]],
  [`user.session_history, company.tools_config`, true, ['company.tools_config', 'user.session_history']],
  // A repeat is admitted (forbidding it needs one rule per subset); the parser de-duplicates.
  [`${A}, ${A}`, true, [A]],
  // Rejected: empty, unknown names, wrong separators, `none` mixed in, case, spaces, prose, too many.
  ['', false],
  ['None', false],
  ['NONE', false],
  ['none, none', false],
  [`none, ${A}`, false],
  [`${A}, none`, false],
  [`${A},${B}`, false],
  [`${A} ,${B}`, false],
  [`${A},  ${B}`, false],
  [`${A}; ${B}`, false],
  [`${A}\n${B}`, false],
  [`${A}, `, false],
  [`, ${A}`, false],
  [` ${A}`, false],
  [`${A} `, false],
  [`${A}.`, false],
  ['Company.Brand_Core', false],
  ['company.brand', false],
  ['company.brand_core_extra', false],
  ['user.unknown', false],
  ['company', false],
  ['brand_core', false],
  [`Categories: ${A}`, false],
  [`["${A}"]`, false],
  [`"${A}"`, false],
  [`- ${A}`, false],
  [`${A}, ${B}, ${C}, ${D}, ${E}, ${F}`, false],
];

describe('routing grammar (xgrammar in Node)', () => {
  it.each(CASES)('%j -> accepted=%s', async (output, accepted, parsed) => {
    expect(await xg.Testings.isGrammarAcceptString(grammar, output)).toBe(accepted);
    if (accepted) expect(parseCategories(output).categories).toEqual(parsed);
  });

  it('covers all 13 names and only them', () => {
    for (const c of [...MEMORY_CATEGORIES, 'none']) expect(ROUTING_GRAMMAR).toContain(`"${c}"`);
    expect(ROUTING_GRAMMAR.match(/"[a-z_.]+"/g)).toHaveLength(13);
    expect(ANSWER_SEPARATOR).toBe(', ');
  });

  it('accepts every single name and every ordered pair', async () => {
    let checked = 0;
    for (const a of MEMORY_CATEGORIES) {
      for (const b of MEMORY_CATEGORIES) {
        if (a === b) continue;
        expect(await xg.Testings.isGrammarAcceptString(grammar, `${a}, ${b}`)).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(132);
  });

  it('limits the count as configured', async () => {
    const g1 = await xg.Grammar.fromEBNF(routingGrammar(1));
    expect(await xg.Testings.isGrammarAcceptString(g1, A)).toBe(true);
    expect(await xg.Testings.isGrammarAcceptString(g1, `${A}, ${B}`)).toBe(false);
    g1.dispose();
    expect(() => routingGrammar(0)).toThrow();
  });

  it('max_tokens leaves room for the longest admissible answer at 2.5 characters per token', () => {
    expect(MAX_ANSWER_CATEGORIES).toBe(5);
    // Llama-3 BPE encodes these snake_case names at well over 2.5 chars/token.
    expect(longestAnswerChars() / 2.5).toBeLessThanOrEqual(CLASSIFY_MAX_TOKENS);
  });
});
