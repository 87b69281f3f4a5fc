/**
 * Picks the few-shot examples that stock (not fine-tuned) WebLLM models see in their routing
 * prompt, deterministically, from the TRAINING data only (never the benchmark), and writes
 * src/engines/webllm/few-shot.json with short excerpts.
 *
 * Rule: among short, unrepaired training conversations, greedily take the one that covers the most
 * not-yet-covered categories per character (weighted set cover; ties keep file/line order) until
 * all 13 names (`none` included) appear or MAX_EXAMPLES are taken. Each conversation is kept to
 * whole turns within EXCERPT_CHARS, so the prompt stays small (it is prefilled on every
 * classification: 8 examples of about 800 characters are about 1,600 tokens).
 *
 *   npx tsx scripts/pick-few-shot.ts [--data-dir DIR] [--out FILE]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dataDir, loadTraining, parseFlags } from './lib/data-paths';
import { formatTranscript, type Conversation } from '../src/core/conversation';
import { CATEGORY_NAMES, type CategoryName } from '../src/core/taxonomy';
import type { TrainingRecord } from '../src/core/loaders';

const MAX_EXAMPLES = 8;
const MAX_SOURCE_CHARS = 1100;
const EXCERPT_CHARS = 1100;

export interface FewShotFileExample {
  conversation: string;
  categories: CategoryName[];
  source: { file: string; line: number };
}

/** Whole turns while they fit; a first turn that is too long is cut at a sentence end. */
export function excerpt(conversation: Conversation, maxChars = EXCERPT_CHARS): string {
  const lines: string[] = [];
  let used = 0;
  for (const turn of conversation) {
    const line = formatTranscript([turn]);
    if (used + line.length + 1 > maxChars) {
      if (lines.length === 0) {
        const cut = line.slice(0, maxChars);
        const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('? '), cut.lastIndexOf('! '));
        lines.push(end > maxChars / 2 ? cut.slice(0, end + 1) : `${cut.trimEnd()}…`);
      }
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return lines.join('\n');
}

export function pickFewShot(records: readonly TrainingRecord[], repairedLines: ReadonlySet<string>): FewShotFileExample[] {
  const key = (r: TrainingRecord) => `${r.source.file}:${r.source.line}`;
  const seenText = new Set<string>();
  const candidates = records
    .map((r) => ({ r, text: formatTranscript(r.conversation) }))
    .filter(({ r, text }) => {
      if (repairedLines.has(key(r)) || text.length > MAX_SOURCE_CHARS || seenText.has(text)) return false;
      seenText.add(text);
      return true;
    });
  const uncovered = new Set<CategoryName>(CATEGORY_NAMES);
  const picked: typeof candidates = [];
  while (uncovered.size > 0 && picked.length < MAX_EXAMPLES) {
    // Weighted set cover: most newly covered categories per character of prompt.
    let best: (typeof candidates)[number] | null = null;
    let bestValue = 0;
    for (const c of candidates) {
      if (picked.includes(c)) continue;
      const value = c.r.categories.filter((x) => uncovered.has(x)).length / c.text.length;
      if (value > bestValue) {
        best = c;
        bestValue = value;
      }
    }
    if (!best) break;
    picked.push(best);
    for (const x of best.r.categories) uncovered.delete(x);
  }
  picked.sort((a, b) => a.r.source.file.localeCompare(b.r.source.file) || a.r.source.line - b.r.source.line);
  return picked.map(({ r }) => ({ conversation: excerpt(r.conversation), categories: r.categories, source: r.source }));
}

function main(): void {
  const flags = parseFlags(process.argv.slice(2));
  const dir = dataDir(typeof flags['data-dir'] === 'string' ? flags['data-dir'] : undefined);
  const out = resolve(typeof flags.out === 'string' ? flags.out : 'src/engines/webllm/few-shot.json');
  const training = loadTraining(dir);
  const repaired = new Set(training.repaired.map((i) => `${i.file}:${i.line}`));
  const examples = pickFewShot(training.records, repaired);
  const covered = new Set(examples.flatMap((e) => e.categories));
  const missing = CATEGORY_NAMES.filter((c) => !covered.has(c));
  const file = {
    about: 'Few-shot examples for stock WebLLM models: short excerpts of the training data, picked by scripts/pick-few-shot.ts (greedy category cover). Never from the benchmark.',
    examples,
  };
  writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`);
  const chars = examples.reduce((a, e) => a + e.conversation.length, 0);
  console.log(`${examples.length} examples, ${chars} characters of conversation, covering ${covered.size}/13 categories${missing.length ? ` (missing: ${missing.join(', ')})` : ''} -> ${out}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) main();
