/**
 * Splits a conversation into segments: the sentences of every turn, and the clauses of a sentence
 * that joins two facts ("We use HubSpot for CRM, and our voice is confident but never arrogant").
 * A segment is the unit the router scores and the unit a memory is made of, so its text is always
 * an exact slice of its turn (start/end offsets), which lets the page show where a memory came from.
 *
 * Deliberately rule-based: sentence ends, line breaks and list items always split; a clause split
 * needs a clause joiner (", and", ", but", "; ", " — ", ...) with enough words on both sides, so
 * "warm and plain" or "playful but never snarky" stay one fact.
 */
import type { Conversation, Role } from '../conversation';

export interface Segment {
  /** Index of the turn in the conversation. */
  turn: number;
  role: Role;
  /** Offsets into the turn's content: text === content.slice(start, end). */
  start: number;
  end: number;
  text: string;
}

export interface SegmentOptions {
  /** Longer runs without punctuation are cut into pieces of this many words (a pasted wall of text). */
  maxWords?: number;
  /** A clause split needs at least this many words on each side. */
  minClauseWords?: number;
}

const DEFAULTS: Required<SegmentOptions> = { maxWords: 60, minClauseWords: 4 };

/** Words that end in a dot without ending a sentence (lower-cased, without the dot). */
const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'etc', 'vs', 'approx', 'incl', 'esp', 'cf', 'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'inc', 'ltd', 'co', 'corp',
  'no', 'nos', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'u.s', 'u.k', 'a.m', 'p.m', 'dept', 'est', 'min', 'max',
]);

const BULLET = /^[ \t]*(?:[-*•·▪◦]|\d{1,3}[.)]|[a-z][.)])[ \t]+/i;
const WORD = /[\p{L}\p{N}]/u;

function wordCount(text: string): number {
  let n = 0;
  for (const w of text.split(/\s+/)) if (WORD.test(w)) n++;
  return n;
}

/** Trims a [start, end) range of `s` to its non-space, non-separator content. */
function trimRange(s: string, start: number, end: number): [number, number] {
  while (start < end && /[\s,;:–—-]/.test(s[start])) start++;
  while (end > start && /[\s,;:–—-]/.test(s[end - 1])) end--;
  return [start, end];
}

/** Sentence boundaries inside one line: offsets where a new sentence starts. */
function sentenceStarts(line: string): number[] {
  const starts: number[] = [];
  const re = /[.!?…]+["'”’)\]]*(\s+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) {
    const punctAt = m.index;
    const next = m.index + m[0].length;
    if (next >= line.length) break;
    if (line[punctAt] === '.' && m[0].startsWith('.') && !m[0].startsWith('..')) {
      // "e.g. lower case" and "Dr. Ng" are not sentence ends; "Q3. Then" and "done. we" are.
      const before = /([\p{L}.]+)$/u.exec(line.slice(Math.max(0, punctAt - 12), punctAt));
      const original = before ? before[1] : '';
      const word = original.toLowerCase();
      if (ABBREVIATIONS.has(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word)) continue;
      if (/^\p{Lu}$/u.test(original)) continue; // an initial: "J. Smith"
    }
    starts.push(next);
  }
  return starts;
}

/** Clause joiners that may separate two facts of one sentence. */
const CLAUSE_JOINER = /(?:;\s+|\s+[—–]\s+|\s+-\s+|,\s+(?:and|but|while|whereas|though|although|plus|so|yet)\s+)/gi;

function clauseRanges(s: string, start: number, end: number, minWords: number): Array<[number, number]> {
  const text = s.slice(start, end);
  const cuts: Array<[number, number]> = [];
  CLAUSE_JOINER.lastIndex = 0;
  let m: RegExpExecArray | null;
  let from = 0;
  while ((m = CLAUSE_JOINER.exec(text)) !== null) {
    const left = text.slice(from, m.index);
    const right = text.slice(m.index + m[0].length);
    if (wordCount(left) >= minWords && wordCount(right) >= minWords) {
      cuts.push([from, m.index]);
      // "and"/"but" stay with the clause they start; the comma or dash goes.
      const joiner = /,\s+(\p{L}+)\s+$/u.exec(m[0]);
      from = joiner ? m.index + m[0].indexOf(joiner[1]) : m.index + m[0].length;
    }
  }
  cuts.push([from, text.length]);
  return cuts.map(([a, b]) => [start + a, start + b]);
}

/** Pieces of at most maxWords words (for walls of text without punctuation). */
function capWords(s: string, start: number, end: number, maxWords: number): Array<[number, number]> {
  if (wordCount(s.slice(start, end)) <= maxWords) return [[start, end]];
  const out: Array<[number, number]> = [];
  const re = /\S+/g;
  re.lastIndex = start;
  let pieceStart = -1;
  let words = 0;
  let last = start;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null && m.index < end) {
    if (pieceStart < 0) pieceStart = m.index;
    last = Math.min(end, m.index + m[0].length);
    if (++words === maxWords) { out.push([pieceStart, last]); pieceStart = -1; words = 0; }
  }
  if (pieceStart >= 0) out.push([pieceStart, last]);
  return out;
}

/** Segments of one turn's text, as [start, end) ranges. */
export function segmentText(content: string, opts: SegmentOptions = {}): Array<[number, number]> {
  const o = { ...DEFAULTS, ...opts };
  const out: Array<[number, number]> = [];
  let lineStart = 0;
  for (const line of content.split('\n')) {
    const bullet = BULLET.exec(line);
    const from = lineStart + (bullet ? bullet[0].length : 0);
    const lineEnd = lineStart + line.length;
    lineStart = lineEnd + 1;
    const starts = [from, ...sentenceStarts(content.slice(from, lineEnd)).map((x) => from + x), lineEnd];
    for (let i = 0; i + 1 < starts.length; i++) {
      const [a, b] = trimRange(content, starts[i], starts[i + 1]);
      if (a >= b || !WORD.test(content.slice(a, b))) continue;
      for (const [ca, cb] of clauseRanges(content, a, b, o.minClauseWords)) {
        const [ta, tb] = trimRange(content, ca, cb);
        if (ta >= tb || !WORD.test(content.slice(ta, tb))) continue;
        out.push(...capWords(content, ta, tb, o.maxWords));
      }
    }
  }
  return out;
}

/** Every segment of a conversation, in reading order. */
export function segmentConversation(conversation: Conversation, opts: SegmentOptions = {}): Segment[] {
  const out: Segment[] = [];
  conversation.forEach((t, turn) => {
    for (const [start, end] of segmentText(t.content, opts)) {
      out.push({ turn, role: t.role, start, end, text: t.content.slice(start, end) });
    }
  });
  return out;
}
