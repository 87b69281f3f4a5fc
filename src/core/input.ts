/**
 * Reads what a person pastes or drops on the Classify page: a plain transcript ("USER: ..."), a
 * JSON messages array, a JSON array of conversations, or JSONL (one conversation a line, the
 * training-data shape included). Never throws for a bad line: good lines are kept, bad ones are
 * reported with their line number. Only input that is unusable as a whole raises a RouterError,
 * whose message says what to do.
 */
import { RouterError } from './errors';
import { parseTranscript, type Conversation } from './conversation';
import { assertText, readTurns, type LoadIssue } from './loaders';

/** One conversation pasted into the box; longer text is a batch (or several conversations). */
export const MAX_PASTE_CHARS = 100_000;
/** A batch file; the 1,000-conversation training file is about 2.5 MB. */
export const MAX_BATCH_CHARS = 20_000_000;
export const MAX_FILE_BYTES = 25 * 1024 * 1024;

export type InputFormat = 'transcript' | 'json-messages' | 'json-conversations' | 'jsonl';

export interface ParsedInput {
  format: InputFormat;
  conversations: Conversation[];
  /** Where each conversation came from: the 1-based line (JSONL), item (JSON array) or 1. */
  origins: number[];
  /** Lines or items that could not be read; everything else was kept. */
  skipped: LoadIssue[];
  /** Lines kept after a repair (e.g. a bare-string turn). */
  repaired: LoadIssue[];
}

export interface ParseInputOptions {
  /** Name used in messages: "pasted text" or the file name. */
  source?: string;
  maxChars?: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

function tooLong(length: number, max: number, source: string): RouterError {
  const hint = max <= MAX_PASTE_CHARS
    ? 'Split it into smaller conversations, or use batch mode with a JSONL file (one conversation per line).'
    : 'Split the file into smaller files.';
  return new RouterError('INPUT_TOO_LARGE', `Too long: ${source} has ${fmt(length)} characters; the limit is ${fmt(max)}. ${hint}`, { length, max });
}

/** Turns of one JSON value: a messages array, or an object with messages/conversation. */
function turnsOf(value: unknown, notes: string[]): Conversation | null {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const rec = value as Record<string, unknown>;
    return readTurns(rec.conversation ?? rec.messages ?? rec.turns, notes);
  }
  return readTurns(value, notes);
}

/** An array is one conversation when its items are turns, many when its items are conversations. */
function isConversationList(items: unknown[]): boolean {
  return items.some((x) => Array.isArray(x) || (x !== null && typeof x === 'object' && ('conversation' in x || 'messages' in x || 'turns' in x)));
}

function emptyResult(format: InputFormat): ParsedInput {
  return { format, conversations: [], origins: [], skipped: [], repaired: [] };
}

function push(out: ParsedInput, value: unknown, at: number, source: string): void {
  const notes: string[] = [];
  const turns = turnsOf(value, notes);
  if (!turns) {
    out.skipped.push({ file: source, line: at, reason: 'no readable turns: expected a list of {role, content} messages' });
    return;
  }
  out.conversations.push(turns);
  out.origins.push(at);
  if (notes.length) out.repaired.push({ file: source, line: at, reason: notes.join('; ') });
}

function parseJsonl(lines: string[], source: string): ParsedInput {
  const out = emptyResult('jsonl');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      out.skipped.push({ file: source, line: i + 1, reason: `not valid JSON (${(e as Error).message.slice(0, 100)})` });
      return;
    }
    push(out, value, i + 1, source);
  });
  return out;
}

function parseJsonValue(value: unknown, source: string): ParsedInput {
  if (Array.isArray(value) && isConversationList(value)) {
    const out = emptyResult('json-conversations');
    value.forEach((item, i) => push(out, item, i + 1, source));
    return out;
  }
  const out = emptyResult('json-messages');
  push(out, value, 1, source);
  return out;
}

function looksLikeJson(trimmed: string): boolean {
  return trimmed.startsWith('[') || trimmed.startsWith('{');
}

/**
 * Parses pasted or dropped text. Throws RouterError for empty, binary, too long, or JSON that holds
 * no conversation at all; otherwise returns every conversation it could read and what it skipped.
 */
export function parseInput(text: string, opts: ParseInputOptions = {}): ParsedInput {
  const source = opts.source ?? 'pasted text';
  const max = opts.maxChars ?? MAX_PASTE_CHARS;
  if (typeof text !== 'string' || text.trim() === '') {
    throw new RouterError('EMPTY_INPUT', `Nothing to classify: ${source} is empty. Paste a conversation, drop a file, or pick an example.`);
  }
  if (text.length > max) throw tooLong(text.length, max, source);
  assertText(text, source);

  const trimmed = text.trim();
  let result: ParsedInput;
  if (looksLikeJson(trimmed)) {
    let whole: unknown;
    let wholeError: Error | null = null;
    try { whole = JSON.parse(trimmed); } catch (e) { wholeError = e as Error; }
    const lines = text.split(/\r?\n/);
    const jsonLines = lines.filter((l) => l.trim()).length;
    if (!wholeError) result = parseJsonValue(whole, source);
    else if (jsonLines > 1) result = parseJsonl(lines, source);
    else throw new RouterError('MALFORMED_JSON', `${source} looks like JSON but is not valid: ${wholeError.message.slice(0, 160)}. Fix it, or paste the conversation as plain "USER: ..." lines.`);
  } else {
    const turns = parseTranscript(text);
    result = emptyResult('transcript');
    if (turns.length) { result.conversations.push(turns); result.origins.push(1); }
  }

  if (result.conversations.length === 0) {
    const first = result.skipped[0];
    const why = first ? ` (${first.line > 1 || result.format === 'jsonl' ? `line ${first.line}: ` : ''}${first.reason})` : '';
    throw new RouterError('WRONG_SCHEMA', `No conversation found in ${source}${why}. Expected "USER: ..." lines, a JSON messages array, or JSONL with one conversation per line.`);
  }
  return result;
}

/**
 * Decodes a dropped file's bytes as UTF-8 text, refusing files that are too big or binary before
 * the text is handed to parseInput.
 */
export function decodeFileBytes(bytes: Uint8Array, name: string, maxBytes = MAX_FILE_BYTES): string {
  if (bytes.byteLength === 0) throw new RouterError('EMPTY_INPUT', `${name} is empty: choose a file with content.`);
  if (bytes.byteLength > maxBytes) {
    throw new RouterError('INPUT_TOO_LARGE', `${name} is ${fmt(bytes.byteLength)} bytes; the limit is ${fmt(maxBytes)}. Split the file into smaller files.`);
  }
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) {
    throw new RouterError('BINARY_INPUT', `${name} looks like a binary file, not text: choose a .txt, .json or .jsonl file.`);
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  assertText(text, name);
  return text;
}

/** One line that says what was read and what was skipped, for the status area. */
export function describeParse(p: ParsedInput): string {
  const n = p.conversations.length;
  const kinds: Record<InputFormat, string> = {
    transcript: 'transcript',
    'json-messages': 'JSON messages',
    'json-conversations': 'JSON list',
    jsonl: 'JSONL',
  };
  let s = `${n} conversation${n === 1 ? '' : 's'} read (${kinds[p.format]})`;
  if (p.skipped.length) {
    const lines = p.skipped.slice(0, 5).map((i) => i.line).join(', ');
    s += `; ${p.skipped.length} skipped (line${p.skipped.length === 1 ? '' : 's'} ${lines}${p.skipped.length > 5 ? ', …' : ''})`;
  }
  return s;
}
