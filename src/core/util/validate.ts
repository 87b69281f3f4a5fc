/**
 * The one validation kit for data that comes from outside the code: export files, model files,
 * settings, data sets. Each check either returns the value with its type or throws a
 * SchemaProblem naming the path ("memories[3].category") and what is wrong; the caller turns that
 * into a RouterError whose message says what to do (see `checked`).
 */
import { RouterError, type ErrorCode } from '../errors';

export class SchemaProblem extends Error {
  constructor(readonly path: string, readonly problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'SchemaProblem';
  }
}

export function fail(path: string, problem: string): never {
  throw new SchemaProblem(path, problem);
}

/** A short, safe description of a value for a message. */
export function show(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

export const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function obj(v: unknown, path: string): Record<string, unknown> {
  if (!isObject(v)) fail(path, `expected an object, found ${show(v)}`);
  return v;
}

export function arr(v: unknown, path: string, max = Number.MAX_SAFE_INTEGER): unknown[] {
  if (!Array.isArray(v)) fail(path, `expected an array, found ${show(v)}`);
  if (v.length > max) fail(path, `has ${v.length} entries; at most ${max} are allowed`);
  return v;
}

export function str(v: unknown, path: string, max = Number.MAX_SAFE_INTEGER, allowEmpty = false): string {
  if (typeof v !== 'string') fail(path, `expected text, found ${show(v)}`);
  if (!allowEmpty && v.trim() === '') fail(path, 'is empty');
  if (v.length > max) fail(path, `is ${v.length} characters long; the limit is ${max}`);
  return v;
}

export function optStr(v: unknown, path: string, max?: number): string | null {
  return v === null ? null : str(v, path, max);
}

export function num(v: unknown, path: string, min = -Infinity, max = Infinity): number {
  if (!isFiniteNumber(v)) fail(path, `expected a number, found ${show(v)}`);
  if (v < min || v > max) fail(path, `${v} is outside ${min}..${max}`);
  return v;
}

export function int(v: unknown, path: string, min = -Infinity, max = Infinity): number {
  if (!Number.isInteger(v)) fail(path, `expected a whole number, found ${show(v)}`);
  return num(v, path, min, max);
}

export function time(v: unknown, path: string): number {
  if (!isFiniteNumber(v) || v < 0) fail(path, `expected a time in milliseconds, found ${show(v)}`);
  return v;
}

export function optTime(v: unknown, path: string): number | null {
  return v === null ? null : time(v, path);
}

export function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, `expected true or false, found ${show(v)}`);
  return v;
}

export function oneOf<T extends string | number>(v: unknown, path: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly unknown[]).includes(v)) fail(path, `${show(v)} is not ${what}`);
  return v as T;
}

export function numbers(v: unknown, path: string, length?: number): number[] {
  const a = arr(v, path);
  if (length !== undefined && a.length !== length) fail(path, `expected ${length} numbers, found ${a.length}`);
  a.forEach((x, i) => { if (!isFiniteNumber(x)) fail(`${path}[${i}]`, `expected a finite number, found ${show(x)}`); });
  return a as number[];
}

export function strings(v: unknown, path: string, opts: { unique?: boolean } = {}): string[] {
  const a = arr(v, path);
  a.forEach((x, i) => { if (typeof x !== 'string') fail(`${path}[${i}]`, `expected text, found ${show(x)}`); });
  if (opts.unique && new Set(a).size !== a.length) fail(path, 'has duplicate entries');
  return a as string[];
}

/** Plain JSON only (no NaN, no undefined, no functions), at most `maxChars` when serialised. */
export function jsonObject(v: unknown, path: string, maxChars: number): Record<string, unknown> {
  const o = obj(v, path);
  const walk = (x: unknown, p: string, depth: number): void => {
    if (depth > 8) fail(p, 'is nested too deeply (more than 8 levels)');
    if (x === null || typeof x === 'string' || typeof x === 'boolean') return;
    if (typeof x === 'number') { if (!Number.isFinite(x)) fail(p, 'is not a finite number'); return; }
    if (Array.isArray(x)) { x.forEach((y, i) => walk(y, `${p}[${i}]`, depth + 1)); return; }
    if (typeof x === 'object') { for (const [k, y] of Object.entries(x)) walk(y, `${p}.${k}`, depth + 1); return; }
    fail(p, `${show(x)} is not plain JSON`);
  };
  walk(o, path, 0);
  if (JSON.stringify(o).length > maxChars) fail(path, `is larger than ${maxChars} characters`);
  return o;
}

export function uniqueIds(rows: ReadonlyArray<{ id: string }>, path: string): void {
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (seen.has(r.id)) fail(`${path}[${i}].id`, `${show(r.id)} appears twice`);
    seen.add(r.id);
  });
}

/**
 * Runs checks and turns the first SchemaProblem into a RouterError: `message` gets the problem
 * text ("memories[3].category: ... is not a memory category") and says what to do.
 */
export function checked<T>(code: ErrorCode, message: (problem: string) => string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof SchemaProblem) throw new RouterError(code, message(e.message), { path: e.path });
    throw e;
  }
}

/** JSON.parse that reports bad JSON as a RouterError with the caller's advice. */
export function parseJson(text: string, code: ErrorCode, message: (detail: string) => string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new RouterError(code, message((e as Error).message.slice(0, 160)));
  }
}

/** Runs one item's checks; a problem is recorded and undefined returned (for reports that list several). */
export function collect<T>(problems: string[], run: () => T): T | undefined {
  try {
    return run();
  } catch (e) {
    if (e instanceof SchemaProblem) { problems.push(e.message); return undefined; }
    throw e;
  }
}
