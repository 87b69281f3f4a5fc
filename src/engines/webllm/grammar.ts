/**
 * The EBNF grammar that constrains a routing answer (WebLLM `response_format: {type: "grammar"}`,
 * checked by xgrammar). Generated from the taxonomy so the two cannot drift.
 *
 * It admits exactly: `none` alone, or 1..MAX_ANSWER_CATEGORIES category names joined by ", ".
 * It cannot cheaply forbid a repeated name (that needs one rule per subset); the parser
 * (src/core/parser.ts) removes duplicates, so a repeat costs tokens, never correctness.
 */
import { MEMORY_CATEGORIES } from '../../core/taxonomy';

/**
 * More than five categories earns no storage-efficiency reward in the recipe (R_eff = 0), and the
 * training labels never exceed three, so five is a ceiling that never cuts a useful answer while
 * bounding the answer's length (and so the max_tokens it needs).
 */
export const MAX_ANSWER_CATEGORIES = 5;

export const ANSWER_SEPARATOR = ', ';

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function routingGrammar(maxCategories = MAX_ANSWER_CATEGORIES): string {
  if (!Number.isInteger(maxCategories) || maxCategories < 1) throw new Error('maxCategories must be a positive integer');
  const more = maxCategories > 1 ? ` (${quote(ANSWER_SEPARATOR)} category){0,${maxCategories - 1}}` : '';
  return [
    `root ::= "none" | category${more}`,
    `category ::= ${MEMORY_CATEGORIES.map(quote).join(' | ')}`,
  ].join('\n');
}

export const ROUTING_GRAMMAR = routingGrammar();

/** Characters of the longest answer the grammar admits: sizes max_tokens with a margin. */
export function longestAnswerChars(maxCategories = MAX_ANSWER_CATEGORIES): number {
  const longest = [...MEMORY_CATEGORIES].map((c) => c.length).sort((a, b) => b - a).slice(0, maxCategories);
  return longest.reduce((a, n) => a + n, 0) + ANSWER_SEPARATOR.length * (longest.length - 1);
}
