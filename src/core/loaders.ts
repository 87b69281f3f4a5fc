/**
 * Loaders for the training JSONL and the benchmark JSON. They take text (the page reads files,
 * the CLIs read disk) and never throw on a bad record: what can be read is kept, what cannot is
 * reported with file, line and field. Only an unusable file as a whole raises a RouterError.
 */
import { RouterError } from './errors';
import { parseTranscript, type Conversation, type Turn } from './conversation';
import { readMessage } from './formats/openai';
import { Unread } from './formats/types';
import { type CategoryName, isCategoryName } from './taxonomy';

export interface LoadIssue {
  file: string;
  /** 1-based line (JSONL) or scenario index (JSON). */
  line: number;
  field?: string;
  reason: string;
}

export interface LoadReport<T> {
  records: T[];
  skipped: LoadIssue[];
  /** Records kept after a repair (e.g. a bare-string turn), with what was repaired. */
  repaired: LoadIssue[];
}

export interface TrainingRecord {
  /** Not unique in the published data: never use as a key. */
  scenarioId: string;
  conversation: Conversation;
  categories: CategoryName[];
  horizon?: string;
  scope?: string;
  rationale?: string;
  source: { file: string; line: number };
}

export interface BenchmarkScenario {
  id: string;
  conversation: string;
  expected: CategoryName[];
  difficulty: string;
  focus?: string;
}

export interface Benchmark {
  name: string;
  scenarios: BenchmarkScenario[];
  skipped: LoadIssue[];
}

/** Rejects input that is empty or clearly not text (NUL bytes, mostly replacement characters). */
export function assertText(text: unknown, file: string): asserts text is string {
  if (typeof text !== 'string') {
    throw new RouterError('WRONG_SCHEMA', `${file}: expected text, got ${typeof text}.`, { file });
  }
  if (text.trim() === '') {
    throw new RouterError('EMPTY_INPUT', `${file} is empty: choose a file with content.`, { file });
  }
  const sample = text.slice(0, 4096);
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) { bad = sample.length; break; }
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13)) bad++;
  }
  if (bad > sample.length * 0.1) {
    throw new RouterError('BINARY_INPUT', `${file} looks like a binary file, not text: choose a .json, .jsonl or .txt file.`, { file });
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Reads turns from the many shapes found in the wild (OpenAI messages with string or parts
 * content, tool calls and tool results included; {speaker, text}; bare strings); returns null
 * when nothing is usable. Non-text parts are counted in `unread` when given.
 */
export function readTurns(value: unknown, notes: string[], unread: Unread = new Unread()): Conversation | null {
  if (typeof value === 'string') {
    const turns = parseTranscript(value);
    return turns.length ? turns : null;
  }
  if (!Array.isArray(value)) return null;
  const turns: Turn[] = [];
  value.forEach((raw, i) => {
    if (typeof raw === 'string') {
      if (raw.trim()) {
        turns.push({ role: 'unknown', content: raw.trim() });
        notes.push(`turn ${i} is a bare string (kept, role unknown)`);
      }
      return;
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      notes.push(`turn ${i} is ${describe(raw)} (dropped)`);
      return;
    }
    const turn = readMessage(raw as Record<string, unknown>, i, notes, unread);
    if (turn) turns.push(turn);
  });
  return turns.length ? turns : null;
}

function readCategories(value: unknown): { categories: CategoryName[]; unknown: string[] } | null {
  if (!Array.isArray(value)) return null;
  const categories: CategoryName[] = [];
  const unknown: string[] = [];
  for (const v of value) {
    const name = typeof v === 'string' ? v.trim().toLowerCase() : '';
    if (isCategoryName(name)) {
      if (!categories.includes(name)) categories.push(name);
    } else unknown.push(String(v));
  }
  return { categories, unknown };
}

/** Parses one file of training JSONL. */
export function parseTrainingJsonl(text: string, file = 'training.jsonl'): LoadReport<TrainingRecord> {
  assertText(text, file);
  const report: LoadReport<TrainingRecord> = { records: [], skipped: [], repaired: [] };
  const lines = text.split(/\r?\n/);
  lines.forEach((line, idx) => {
    const lineNo = idx + 1;
    if (!line.trim()) return;
    const skip = (reason: string, field?: string) => report.skipped.push({ file, line: lineNo, field, reason });
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      skip(`not valid JSON (${(e as Error).message.slice(0, 120)})`);
      return;
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
      skip(`expected a JSON object, got ${describe(obj)}`);
      return;
    }
    const rec = obj as Record<string, unknown>;
    const notes: string[] = [];
    const conversation = readTurns(rec.conversation ?? rec.messages, notes);
    if (!conversation) {
      skip('no readable turns', 'conversation');
      return;
    }
    const labels = rec.labels && typeof rec.labels === 'object' ? (rec.labels as Record<string, unknown>) : null;
    const cats = readCategories(labels?.categories ?? rec.categories);
    if (!cats) {
      skip('missing labels.categories array', 'labels.categories');
      return;
    }
    if (cats.unknown.length) notes.push(`unknown categories dropped: ${cats.unknown.join(', ')}`);
    if (cats.categories.length === 0) {
      skip('no valid category in labels.categories', 'labels.categories');
      return;
    }
    let categories = cats.categories;
    if (categories.includes('none') && categories.length > 1) {
      categories = categories.filter((c) => c !== 'none');
      notes.push('"none" mixed with categories (dropped "none")');
    }
    report.records.push({
      scenarioId: typeof rec.scenario_id === 'string' ? rec.scenario_id : `line-${lineNo}`,
      conversation,
      categories,
      horizon: typeof labels?.persistence_horizon === 'string' ? labels.persistence_horizon : undefined,
      scope: typeof labels?.memory_scope === 'string' ? labels.memory_scope : undefined,
      rationale: typeof labels?.rationale === 'string' ? labels.rationale : undefined,
      source: { file, line: lineNo },
    });
    if (notes.length) report.repaired.push({ file, line: lineNo, reason: notes.join('; ') });
  });
  return report;
}

/** Line and column of a JSON.parse error position, when the engine reports one. */
function jsonErrorLocation(text: string, err: Error): string {
  const m = /position (\d+)/.exec(err.message);
  if (!m) return '';
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return ` at line ${line}, column ${col}`;
}

export function parseJsonStrict(text: string, file: string): unknown {
  assertText(text, file);
  try {
    return JSON.parse(text);
  } catch (e) {
    const err = e as Error;
    throw new RouterError('MALFORMED_JSON', `${file} is not valid JSON${jsonErrorLocation(text, err)}: ${err.message.slice(0, 160)}`, { file });
  }
}

/** Parses a benchmark file of the published schema; bad scenarios are skipped and reported. */
export function parseBenchmark(text: string, file = 'benchmark.json'): Benchmark {
  const data = parseJsonStrict(text, file);
  const list = Array.isArray(data) ? data : (data as Record<string, unknown> | null)?.scenarios;
  if (!Array.isArray(list)) {
    throw new RouterError('WRONG_SCHEMA', `${file}: expected an object with a "scenarios" array (or an array of scenarios).`, { file });
  }
  const name = !Array.isArray(data) && typeof (data as Record<string, unknown>).benchmark_name === 'string'
    ? String((data as Record<string, unknown>).benchmark_name) : file;
  const scenarios: BenchmarkScenario[] = [];
  const skipped: LoadIssue[] = [];
  list.forEach((raw, i) => {
    const at = i + 1;
    const skip = (reason: string, field?: string) => skipped.push({ file, line: at, field, reason });
    if (!raw || typeof raw !== 'object') return skip(`scenario is ${describe(raw)}, expected an object`);
    const s = raw as Record<string, unknown>;
    const notes: string[] = [];
    const turns = readTurns(s.conversation, notes);
    if (!turns) return skip('conversation missing or empty', 'conversation');
    const cats = readCategories(s.expected_categories);
    if (!cats || cats.categories.length === 0) return skip('expected_categories must be a non-empty array of category names', 'expected_categories');
    if (cats.unknown.length) return skip(`unknown categories: ${cats.unknown.join(', ')}`, 'expected_categories');
    const conversation = typeof s.conversation === 'string'
      ? s.conversation
      : turns.map((t) => `${t.role.toUpperCase()}: ${t.content}`).join('\n');
    scenarios.push({
      id: typeof s.id === 'string' && s.id ? s.id : `scenario-${at}`,
      conversation,
      expected: cats.categories,
      difficulty: typeof s.difficulty === 'string' && s.difficulty ? s.difficulty : 'unknown',
      focus: typeof s.category_focus === 'string' ? s.category_focus : undefined,
    });
  });
  if (scenarios.length === 0) {
    throw new RouterError('WRONG_SCHEMA', `${file}: no usable scenario (${skipped.length} skipped; first: ${skipped[0]?.reason ?? 'list is empty'}).`, { file });
  }
  return { name, scenarios, skipped };
}

export interface PublishedSummary {
  name: string;
  avg_f1: number;
  any_match: number;
  exact_match: number;
  by_difficulty: Record<string, { count: number; f1: number; any_match: number; exact_match: number }>;
}

export interface PublishedResults {
  summaries: Record<string, PublishedSummary>;
  detailed: Record<string, { id: string; predicted: string[]; gold: string[]; f1: number }[]>;
}

/** Parses the published per-scenario results (8B and 104B) for side-by-side reporting. */
export function parsePublishedResults(text: string, file = 'published_results.json'): PublishedResults {
  const data = parseJsonStrict(text, file) as Record<string, unknown>;
  const summaries = data?.summaries;
  if (!summaries || typeof summaries !== 'object') {
    throw new RouterError('WRONG_SCHEMA', `${file}: expected a "summaries" object.`, { file });
  }
  const detailed = (data.detailed_results && typeof data.detailed_results === 'object' ? data.detailed_results : {}) as PublishedResults['detailed'];
  return { summaries: summaries as Record<string, PublishedSummary>, detailed };
}
