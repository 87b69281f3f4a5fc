/**
 * Picks the few-shot examples that stock (not fine-tuned) WebLLM models see in their routing
 * prompt, deterministically, from the project's segment corpus (train split only; never the
 * benchmark or the extraction set), and writes src/engines/webllm/few-shot.json.
 *
 * Rule: among the corpus's short conversations (2-4 turns), greedily take the one that covers the
 * most not-yet-covered category names per character (weighted set cover; ties keep id order) until
 * all 13 names (`none` included) appear twice or MAX_EXAMPLES are taken. Short conversations like
 * the ones people paste make a better prompt than excerpts of long ones, and two examples per
 * category show the boundary between neighbours (brand voice vs reply style, ...).
 *
 *   npx tsx scripts/pick-few-shot.ts [--out FILE]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseFlags } from './lib/data-paths';
import { formatTranscript } from '../src/core/conversation';
import { CATEGORY_NAMES, type CategoryName } from '../src/core/taxonomy';
import { loadCorpus, type CorpusItem } from '../training/segment-router/corpus';

const MAX_EXAMPLES = 14;
const TIMES_EACH = 2;

export interface FewShotFileExample {
  conversation: string;
  categories: CategoryName[];
  source: { file: string; id: string };
}

export function pickFewShot(items: readonly CorpusItem[]): FewShotFileExample[] {
  const candidates = items
    .filter((c) => c.split === 'train' && c.turns.length >= 2 && c.turns.length <= 4)
    .map((c) => ({ c, text: formatTranscript(c.turns), names: (c.categories.length ? c.categories : ['none']) as CategoryName[] }))
    .sort((a, b) => (a.c.id < b.c.id ? -1 : 1));
  const need = new Map<CategoryName, number>(CATEGORY_NAMES.map((n) => [n, TIMES_EACH]));
  const picked: typeof candidates = [];
  while ([...need.values()].some((n) => n > 0) && picked.length < MAX_EXAMPLES) {
    let best: (typeof candidates)[number] | null = null;
    let bestValue = 0;
    for (const x of candidates) {
      if (picked.includes(x)) continue;
      const value = x.names.filter((n) => (need.get(n) ?? 0) > 0).length / x.text.length;
      if (value > bestValue) { best = x; bestValue = value; }
    }
    if (!best) break;
    picked.push(best);
    for (const n of best.names) need.set(n, Math.max(0, (need.get(n) ?? 0) - 1));
  }
  return picked.map(({ c, text, names }) => ({ conversation: text, categories: names, source: { file: `data/segments/${c.file}`, id: c.id } }));
}

function main(): void {
  const flags = parseFlags(process.argv.slice(2));
  const out = resolve(typeof flags.out === 'string' ? flags.out : 'src/engines/webllm/few-shot.json');
  const examples = pickFewShot(loadCorpus());
  const covered = new Set(examples.flatMap((e) => e.categories));
  const file = {
    about: 'Few-shot examples for stock WebLLM models: short conversations of the project\'s segment corpus (train split), picked by scripts/pick-few-shot.ts (greedy category cover, two per category). Never from the benchmark.',
    examples,
  };
  writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`);
  const chars = examples.reduce((a, e) => a + e.conversation.length, 0);
  console.log(`${examples.length} examples, ${chars} characters of conversation, covering ${covered.size}/13 categories -> ${out}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) main();
