/**
 * Extraction figures: proposed memories against gold memories (span + category). A proposed memory
 * matches a gold one when the categories agree and the spans overlap by at least half of the
 * shorter; each gold memory is matched at most once. Also counts conversations whose shown
 * categories and memory categories disagree (the page must never show both answers apart).
 */
import type { ClassifyResult } from '../../src/core/contracts';
import type { Conversation } from '../../src/core/conversation';
import { storableCategories } from '../../src/core/taxonomy';
import { spansMatch, type GoldSpan } from '../segment-router/corpus';

export interface ExtractionFigures {
  conversations: number;
  gold: number;
  predicted: number;
  matched: number;
  precision: number;
  recall: number;
  f1: number;
  /** Conversations where the set of shown categories differs from the set of memory categories. */
  disagreements: number;
  /** Proposed memories whose text could not be located in their turn (should be 0). */
  unlocated: number;
}

export interface ExtractionCase {
  id: string;
  turns: Conversation;
  spans: readonly GoldSpan[];
}

/** Locates a proposed memory's text in its turn (memories are exact slices of a turn). */
function locate(turns: Conversation, m: { text: string; turnIndex?: number }): { turn: number; start: number; end: number } | null {
  const order = m.turnIndex !== undefined ? [m.turnIndex, ...turns.keys()] : [...turns.keys()];
  for (const t of order) {
    const at = turns[t]?.content.indexOf(m.text) ?? -1;
    if (at >= 0) return { turn: t, start: at, end: at + m.text.length };
  }
  return null;
}

export async function extractionFigures(cases: readonly ExtractionCase[], classify: (turns: Conversation) => Promise<ClassifyResult>): Promise<ExtractionFigures & { perCase: Array<{ id: string; matched: number; predicted: number; gold: number }> }> {
  let gold = 0, predicted = 0, matched = 0, disagreements = 0, unlocated = 0;
  const perCase: Array<{ id: string; matched: number; predicted: number; gold: number }> = [];
  for (const c of cases) {
    const r = await classify(c.turns);
    const memories = r.memories ?? [];
    const shown = new Set(storableCategories(r.categories));
    const carried = new Set(memories.map((m) => m.category));
    if (shown.size !== carried.size || [...shown].some((x) => !carried.has(x))) disagreements++;
    const used = new Set<number>();
    let hit = 0;
    for (const m of memories) {
      const at = locate(c.turns, m);
      if (!at) { unlocated++; continue; }
      const g = c.spans.findIndex((s, i) => !used.has(i) && s.category === m.category && spansMatch(at, s));
      if (g >= 0) { used.add(g); hit++; }
    }
    gold += c.spans.length; predicted += memories.length; matched += hit;
    perCase.push({ id: c.id, matched: hit, predicted: memories.length, gold: c.spans.length });
  }
  const precision = predicted ? matched / predicted : 1;
  const recall = gold ? matched / gold : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { conversations: cases.length, gold, predicted, matched, precision, recall, f1, disagreements, unlocated, perCase };
}
