/**
 * Reads what a person pastes or drops on the Classify page: a plain transcript ("USER: ..."), a
 * JSON messages array (OpenAI's shape included: parts, tool calls, developer/tool roles), a JSON
 * array of conversations, JSONL (one conversation a line, the training-data shape included), or
 * a chat-history export of ChatGPT or Claude (`conversations.json`, recognised by its shape).
 * Never throws for a bad line or conversation: good ones are kept, bad ones are reported with
 * their line or index. Only input that is unusable as a whole raises a RouterError, whose message
 * says what to do. Only text comes out: images and files are counted, never fetched.
 */
import { RouterError } from './errors';
import { parseTranscript, type Conversation } from './conversation';
import { assertText, readTurns, type LoadIssue } from './loaders';
import { addCounts, describeUnread, detectExport, EXPORT_LABELS, readExportItem, Unread, type ConversationMeta, type DetectedExport } from './formats';

/** One conversation pasted into the box; longer text is a batch (or several conversations). */
export const MAX_PASTE_CHARS = 100_000;
/**
 * A batch file. The 1,000-conversation training file is about 2.5 MB; a ChatGPT export of a few
 * thousand conversations is tens of megabytes, which JSON.parse in a tab handles in a second or two.
 */
export const MAX_BATCH_CHARS = 200_000_000;
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

export type InputFormat = 'transcript' | 'json-messages' | 'json-conversations' | 'jsonl' | 'chatgpt-export' | 'claude-export';

export interface ParsedInput {
  format: InputFormat;
  conversations: Conversation[];
  /** Where each conversation came from: the 1-based line (JSONL), item (JSON array, export) or 1. */
  origins: number[];
  /** Per conversation (same order): title, times and unread content from the source, when known. */
  meta: ConversationMeta[];
  /** Lines or items that could not be read; everything else was kept. */
  skipped: LoadIssue[];
  /** Lines kept after a repair (e.g. a bare-string turn, a part not read). */
  repaired: LoadIssue[];
  /** Non-text content seen in the whole input and not read, by kind. */
  unread: Record<string, number>;
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
function turnsOf(value: unknown, notes: string[], unread: Unread): Conversation | null {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const rec = value as Record<string, unknown>;
    return readTurns(rec.conversation ?? rec.messages ?? rec.turns, notes, unread);
  }
  return readTurns(value, notes, unread);
}

/** An array is one conversation when its items are turns, many when its items are conversations. */
function isConversationList(items: unknown[]): boolean {
  return items.some((x) => Array.isArray(x) || (x !== null && typeof x === 'object' && ('conversation' in x || 'messages' in x || 'turns' in x)));
}

function emptyResult(format: InputFormat): ParsedInput {
  return { format, conversations: [], origins: [], meta: [], skipped: [], repaired: [], unread: {} };
}

function push(out: ParsedInput, value: unknown, at: number, source: string): void {
  const notes: string[] = [];
  const unread = new Unread();
  const turns = turnsOf(value, notes, unread);
  if (!turns) {
    out.skipped.push({ file: source, line: at, reason: 'no readable turns: expected a list of {role, content} messages' });
    return;
  }
  out.conversations.push(turns);
  out.origins.push(at);
  out.meta.push(unread.snapshot() ? { unread: unread.snapshot() } : {});
  addCounts(out.unread, unread.counts);
  if (notes.length) out.repaired.push({ file: source, line: at, reason: notes.join('; ') });
}

/** Every conversation of a ChatGPT or Claude export; unusable ones are reported by their index. */
function parseExport(found: DetectedExport, source: string): ParsedInput {
  const out = emptyResult(found.kind === 'chatgpt' ? 'chatgpt-export' : 'claude-export');
  found.items.forEach((item, i) => {
    const notes: string[] = [];
    const read = readExportItem(found.kind, item, notes);
    const title = item && typeof item === 'object' ? ((item as Record<string, unknown>).title ?? (item as Record<string, unknown>).name) : undefined;
    const named = typeof title === 'string' && title.trim() ? ` "${title.trim().slice(0, 60)}"` : '';
    if (!read) {
      out.skipped.push({ file: source, line: i + 1, reason: `conversation${named}: ${notes.join('; ') || 'unreadable'}` });
      return;
    }
    out.conversations.push(read.turns);
    out.origins.push(i + 1);
    out.meta.push(read.meta);
    addCounts(out.unread, read.meta.unread);
    const unreadNote = describeUnread(read.meta.unread);
    if (notes.length || unreadNote) out.repaired.push({ file: source, line: i + 1, reason: [...notes, unreadNote].filter(Boolean).join('; ') });
  });
  return out;
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
  const found = detectExport(value);
  if (found) return parseExport(found, source);
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
    if (turns.length) { result.conversations.push(turns); result.origins.push(1); result.meta.push({}); }
  }

  if (result.conversations.length === 0) {
    const first = result.skipped[0];
    const at = first && (first.line > 1 || result.format !== 'json-messages') ? `${originLabel(result.format).toLowerCase()} ${first.line}: ` : '';
    const why = first ? ` (${at}${first.reason})` : '';
    throw new RouterError('WRONG_SCHEMA', `No conversation found in ${source}${why}. Expected "USER: ..." lines, a JSON messages array, JSONL with one conversation per line, or a ChatGPT or Claude conversations.json export.`);
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

const FORMAT_LABELS: Record<InputFormat, string> = {
  transcript: 'transcript',
  'json-messages': 'JSON messages',
  'json-conversations': 'JSON list',
  jsonl: 'JSONL',
  'chatgpt-export': EXPORT_LABELS.chatgpt,
  'claude-export': EXPORT_LABELS.claude,
};

/** What an origin number counts in this format: "Line" (JSONL), "Item" (JSON list), "Conversation" (exports). */
export function originLabel(format: InputFormat): string {
  if (format === 'chatgpt-export' || format === 'claude-export') return 'Conversation';
  return format === 'json-conversations' ? 'Item' : 'Line';
}

/** True for the chat-history exports, whose conversations always go through the batch path. */
export function isExportFormat(format: InputFormat): boolean {
  return format === 'chatgpt-export' || format === 'claude-export';
}

/** One line that says what was read and what was skipped, for the status area. */
export function describeParse(p: ParsedInput): string {
  const n = p.conversations.length;
  let s = `${n} conversation${n === 1 ? '' : 's'} read (${FORMAT_LABELS[p.format]})`;
  if (p.skipped.length) {
    const where = originLabel(p.format).toLowerCase();
    const lines = p.skipped.slice(0, 5).map((i) => i.line).join(', ');
    s += `; ${p.skipped.length} skipped (${where}${p.skipped.length === 1 ? '' : 's'} ${lines}${p.skipped.length > 5 ? ', …' : ''})`;
  }
  const unread = describeUnread(p.unread);
  if (unread) s += `; ${unread}`;
  return s;
}
