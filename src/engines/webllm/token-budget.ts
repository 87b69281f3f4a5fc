/**
 * max_tokens of a constrained request, derived from what its grammar or JSON schema admits, so a
 * valid answer is never cut at the token limit ('length') and a runaway one still stops.
 *
 * The rate is measured, not guessed: with Llama 3's tokenizer the 1,781 fact texts of the segment
 * corpus average 4.44 characters per token (1st percentile 2.88, minimum 2.00), and the facts
 * answer's keys, category names and punctuation 3.5–4.4. 2.5 characters per token sits below the
 * 1st percentile of free text and below every structural piece, so only the densest 1 % of texts
 * could run long, and the 5 % margin covers the whitespace xgrammar admits between JSON tokens
 * (WebLLM compiles schemas with any_whitespace) when a model writes compact JSON as prompted.
 */

/** Conservative characters per token (see above). */
export const CHARS_PER_TOKEN = 2.5;
const MARGIN = 1.05;
const SLACK_TOKENS = 4;

/** max_tokens for an answer of at most `chars` characters. */
export function maxTokensForChars(chars: number): number {
  if (!Number.isFinite(chars) || chars < 0) throw new Error(`maxTokensForChars: ${chars} is not a length`);
  return Math.ceil((chars / CHARS_PER_TOKEN) * MARGIN) + SLACK_TOKENS;
}

type Schema = Record<string, unknown>;

function unbounded(path: string, what: string): Error {
  return new Error(`Cannot size max_tokens: ${path} ${what}. Bound it in the schema (maxItems, maxLength or enum).`);
}

/**
 * The longest value the schema admits (the subset the app's schemas use: objects with listed
 * properties, arrays with maxItems, strings with maxLength or enum, numbers with bounds, booleans,
 * null). Throws for anything unbounded, because no max_tokens can then be right.
 */
export function longestInstance(schema: Schema, path = 'schema'): unknown {
  if (Array.isArray(schema.enum)) {
    const values = schema.enum as unknown[];
    if (!values.length) throw unbounded(path, 'has an empty enum');
    return values.reduce((a, b) => (JSON.stringify(b).length > JSON.stringify(a).length ? b : a));
  }
  if ('const' in schema) return schema.const;
  switch (schema.type) {
    case 'object': {
      if (schema.additionalProperties !== false) throw unbounded(path, 'admits additional properties');
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      return Object.fromEntries(Object.entries(props).map(([k, s]) => [k, longestInstance(s, `${path}.${k}`)]));
    }
    case 'array': {
      const max = schema.maxItems;
      if (typeof max !== 'number') throw unbounded(path, 'has no maxItems');
      const item = longestInstance((schema.items ?? {}) as Schema, `${path}[]`);
      return Array.from({ length: max }, () => item);
    }
    case 'string': {
      const max = schema.maxLength;
      if (typeof max !== 'number') throw unbounded(path, 'is a string without maxLength');
      return 'x'.repeat(max);
    }
    case 'integer':
    case 'number': {
      const { minimum, maximum } = schema as { minimum?: unknown; maximum?: unknown };
      if (typeof minimum !== 'number' || typeof maximum !== 'number') throw unbounded(path, 'is a number without minimum and maximum');
      return String(minimum).length > String(maximum).length ? minimum : maximum;
    }
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      throw unbounded(path, `has type ${JSON.stringify(schema.type)}, which this sizing does not know`);
  }
}

/** JSON text with the separators models write when prompted with `{"a": 1, "b": 2}` examples. */
export function compactJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compactJson).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${compactJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** The longest answer the schema admits, as text: what max_tokens must leave room for. */
export function longestJsonText(schema: object): string {
  return compactJson(longestInstance(schema as Schema));
}

/** max_tokens for a `response_format: {type: "json_object", schema}` request. */
export function maxTokensForSchema(schema: object): number {
  return maxTokensForChars(longestJsonText(schema).length);
}
