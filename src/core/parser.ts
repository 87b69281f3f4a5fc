/**
 * Parses a model's routing answer into categories. Tolerant on form (commas, newlines, bullets,
 * a "categories:" prefix, a JSON array, any case), strict on content (only taxonomy names survive,
 * `none` never mixed with real categories). Unknown names are reported, not silently lost.
 */
import { CATEGORY_NAMES, type CategoryName, isCategoryName } from './taxonomy';

export interface ParseResult {
  categories: CategoryName[];
  /** Tokens that looked like answers but are not taxonomy names. */
  unknown: string[];
  /** True when at least one valid category was found. */
  valid: boolean;
  /** True when `none` was dropped because real categories were also given. */
  droppedNone: boolean;
}

/** Longer outputs are not routing answers; cap the work so a 5 MB string stays fast. */
const MAX_PARSE_CHARS = 20_000;
const PREFIX = /^\s*(?:memory\s+)?(?:categories|category|answer|output|labels?)\s*[:=-]\s*/i;

function tokensFromJson(text: string): string[] | null {
  const start = text.indexOf('[');
  const end = text.lastIndexOf(']');
  if (start < 0 || end <= start) return null;
  try {
    const parsed: unknown = JSON.parse(text.slice(start, end + 1));
    if (!Array.isArray(parsed)) return null;
    return parsed.filter((x): x is string => typeof x === 'string');
  } catch {
    return null;
  }
}

function clean(token: string): string {
  return token
    .replace(PREFIX, '')
    .replace(/^[\s\-*•·\d.)\]["'`]+/, '') // bullets, numbering, opening quotes/brackets
    .replace(/[\s"'`.;:!\])]+$/, '') // trailing punctuation and closing quotes
    .trim()
    .toLowerCase();
}

export function parseCategories(output: unknown): ParseResult {
  const result: ParseResult = { categories: [], unknown: [], valid: false, droppedNone: false };
  if (typeof output !== 'string' || output.trim() === '') return result;
  const text = output.length > MAX_PARSE_CHARS ? output.slice(0, MAX_PARSE_CHARS) : output;

  const raw = tokensFromJson(text) ?? text.replace(PREFIX, '').split(/[,\n;|]+/);
  const seen = new Set<CategoryName>();
  for (const piece of raw) {
    const token = clean(piece);
    if (!token) continue;
    if (isCategoryName(token)) seen.add(token);
    else if (result.unknown.length < 50) result.unknown.push(token.slice(0, 80));
  }

  if (seen.has('none') && seen.size > 1) {
    seen.delete('none');
    result.droppedNone = true;
  }
  // Canonical order: the taxonomy's, so equal sets print equally.
  result.categories = CATEGORY_NAMES.filter((c) => seen.has(c));
  result.valid = result.categories.length > 0;
  return result;
}
