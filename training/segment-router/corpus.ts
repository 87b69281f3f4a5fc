/**
 * The project's labelled short-text corpus (data/segments/*.jsonl) and the extraction set
 * (data/extraction/): loading, the fixed train/dev split, and the labels of our own segments
 * derived from the writers' gold spans.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Conversation } from '../../src/core/conversation';
import { MEMORY_CATEGORIES, type MemoryCategory } from '../../src/core/taxonomy';
import { fnv1a } from '../../src/core/util/random';
import type { Segment } from '../../src/core/router/segment';

export interface GoldSpan {
  turn: number;
  start: number;
  end: number;
  category: MemoryCategory;
}

export interface CorpusItem {
  id: string;
  file: string;
  turns: Conversation;
  /** Categories of the item; empty = none. */
  categories: MemoryCategory[];
  spans: GoldSpan[];
  split: 'train' | 'dev';
}

/** The fixed split: dev when fnv1a(id) % 5 == 0. */
export function splitOf(id: string): 'train' | 'dev' {
  return fnv1a(id) % 5 === 0 ? 'dev' : 'train';
}

export function parseCorpusLines(text: string, file: string): CorpusItem[] {
  return text.split('\n').filter((l) => l.trim()).map((line, i) => {
    const r = JSON.parse(line) as { id: string; turns: Array<{ role: 'user' | 'assistant'; content: string }>; categories: string[]; segments: Array<{ turn: number; text: string; category: MemoryCategory }> };
    const spans = r.segments.map((s) => {
      const start = r.turns[s.turn].content.indexOf(s.text);
      if (start < 0) throw new Error(`${file}:${i + 1}: segment text is not in turn ${s.turn}`);
      return { turn: s.turn, start, end: start + s.text.length, category: s.category };
    });
    return {
      id: r.id, file, turns: r.turns.map((t) => ({ role: t.role, content: t.content })),
      categories: r.categories.filter((c): c is MemoryCategory => c !== 'none'), spans, split: splitOf(r.id),
    };
  });
}

export function loadCorpus(dir = resolve('data/segments')): CorpusItem[] {
  return readdirSync(dir).filter((f) => /^part-.*\.jsonl$/.test(f)).sort()
    .flatMap((f) => parseCorpusLines(readFileSync(join(dir, f), 'utf8'), f));
}

/** The extraction dev set (data/extraction-dev): used to choose the decoding policy, never trained on. */
export function loadExtractionDev(file = resolve('data/extraction-dev/conversations.jsonl')): CorpusItem[] {
  if (!existsSync(file)) return [];
  return parseCorpusLines(readFileSync(file, 'utf8'), 'extraction-dev').map((it) => ({ ...it, split: 'dev' as const }));
}

/** The extraction benchmark: test only (never trained on, never used to choose). */
export function loadExtractionSet(file = resolve('data/extraction/conversations.jsonl')): CorpusItem[] {
  return parseCorpusLines(readFileSync(file, 'utf8'), 'extraction').map((it) => ({ ...it, split: 'dev' as const }));
}

/** Characters two ranges of one turn share. */
export function overlap(a: { turn: number; start: number; end: number }, b: { turn: number; start: number; end: number }): number {
  return a.turn === b.turn ? Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start)) : 0;
}

/** True when the ranges overlap by at least half of the shorter one (the extraction match rule). */
export function spansMatch(a: { turn: number; start: number; end: number }, b: { turn: number; start: number; end: number }): boolean {
  const shorter = Math.min(a.end - a.start, b.end - b.start);
  return shorter > 0 && overlap(a, b) >= shorter / 2;
}

/** Label vector (MEMORY_CATEGORIES order) of each of our segments, from the gold spans. */
export function segmentLabels(segments: readonly Segment[], spans: readonly GoldSpan[]): Uint8Array[] {
  return segments.map((seg) => {
    const y = new Uint8Array(MEMORY_CATEGORIES.length);
    for (const g of spans) if (spansMatch(seg, g)) y[MEMORY_CATEGORIES.indexOf(g.category)] = 1;
    return y;
  });
}
