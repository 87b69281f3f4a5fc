/**
 * The lite fact extractor: user turns are split into sentences, each sentence is routed on its
 * own (router-lite answers in well under a millisecond, so per-sentence routing is affordable),
 * pieces routed to `none` are dropped, and neighbouring pieces of one turn that share a category
 * are merged into one fact so a two-sentence statement stays one memory.
 *
 * Assistant turns are skipped by default: they hold the assistant's suggestions and summaries, not
 * facts the user asserted, and storing them would feed the model's own guesses back as memories.
 * When an assistant restates a user fact, the user's turn already holds it. (What is lost: a bare
 * "yes, do that" accepting an assistant proposal; the LLM extractor, which reads whole
 * conversations, is the one that can resolve such references.)
 */
import type { Conversation, Role } from '../core/conversation';
import { MEMORY_CATEGORIES, type MemoryCategory } from '../core/taxonomy';
import type { ClassifyResult } from '../core/contracts';
import type { ClassifyFn } from '../core/contracts';
import type { ExtractOptions, Fact, FactExtractor } from '../core/contracts';

export interface LiteFactExtractorOptions {
  classify: ClassifyFn;
  /** Id of the engine behind `classify`, recorded with the facts. */
  engineId?: string;
  /** Which turns are read (default: user turns, and turns of unknown speaker such as bare strings). */
  roles?: readonly Role[];
  /** Pieces with fewer words are acknowledgements ("Thanks!", "Sounds good"), never facts. */
  minWords?: number;
}

/** Sentence ends (. ! ? …) followed by space and a capital/digit/quote, plus line breaks and bullets. */
const SENTENCE_BREAK = /(?<=[.!?…])\s+(?=["'“(\[]?[\p{Lu}\p{N}])/u;
const BULLET = /^\s*(?:[-*•·]|\d+[.)])\s+/;

/** Splits one turn into trimmed sentence pieces (line breaks and list items always split). */
export function splitSentences(text: string): string[] {
  const pieces: string[] = [];
  for (const line of text.split(/\r?\n+/)) {
    const item = line.replace(BULLET, '').trim();
    if (!item) continue;
    for (const s of item.split(SENTENCE_BREAK)) {
      const t = s.trim();
      if (t) pieces.push(t);
    }
  }
  return pieces;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** The one storable category of a routed piece: the best-scored one, else the first listed. */
export function bestCategory(result: ClassifyResult): { category: MemoryCategory; score?: number } | null {
  const storable = result.categories.filter((c): c is MemoryCategory => c !== 'none');
  if (storable.length === 0) return null;
  const scores = result.scores;
  if (!scores) return { category: storable[0] };
  let best = storable[0];
  for (const c of storable) if ((scores[c] ?? 0) > (scores[best] ?? 0)) best = c;
  return { category: best, score: scores[best] };
}

/** The storable category with the highest score even when the engine answered `none`. */
export function topScoredCategory(result: ClassifyResult): MemoryCategory | null {
  const routed = bestCategory(result);
  if (routed) return routed.category;
  const scores = result.scores;
  if (!scores) return null;
  let best: MemoryCategory | null = null;
  for (const c of MEMORY_CATEGORIES) if (scores[c] !== undefined && (best === null || scores[c]! > scores[best]!)) best = c;
  return best;
}

export class LiteFactExtractor implements FactExtractor {
  readonly id: string;
  private readonly classify: ClassifyFn;
  private readonly roles: ReadonlySet<Role>;
  private readonly minWords: number;

  constructor(opts: LiteFactExtractorOptions) {
    this.classify = opts.classify;
    this.id = `lite:${opts.engineId ?? 'classifier'}`;
    this.roles = new Set(opts.roles ?? ['user', 'unknown']);
    this.minWords = opts.minWords ?? 3;
  }

  async extract(conversation: Conversation, opts: ExtractOptions = {}): Promise<Fact[]> {
    const facts: Fact[] = [];
    for (let turnIndex = 0; turnIndex < conversation.length; turnIndex++) {
      const turn = conversation[turnIndex];
      if (!this.roles.has(turn.role)) continue;
      let open: Fact | null = null;
      for (const piece of splitSentences(turn.content)) {
        if (wordCount(piece) < this.minWords) { open = null; continue; }
        opts.signal?.throwIfAborted();
        const routed = bestCategory(await this.classify(piece, { signal: opts.signal }));
        if (!routed) { open = null; continue; }
        if (open && open.category === routed.category) {
          open.text = `${open.text} ${piece}`;
          if (routed.score !== undefined) open.score = Math.max(open.score ?? 0, routed.score);
          continue;
        }
        open = { text: piece, category: routed.category, turnIndex };
        if (routed.score !== undefined) open.score = routed.score;
        facts.push(open);
      }
    }
    return facts;
  }
}
