/**
 * The embed-lite model file (public/models/embed-lite.bin): binary, so 40k words ship as 4 MB of
 * int8 instead of 6 MB of base64, and the browser reads it with typed-array views, no parsing.
 *
 *   bytes 0..7   magic "EMBLITE\0"
 *   bytes 8..11  header length H (uint32, little-endian)
 *   12..12+H     header: UTF-8 JSON (format, version, dimension, tokenizer, sections, training record)
 *   then         sections at 8-byte-aligned offsets counted from the start of the file:
 *                vocabulary (UTF-8 words joined by "\n"), vectors (int8, rows x dimension),
 *                scales (float32 per row), weights (float32 per word), and the n-gram table's
 *                ngramVectors / ngramScales when it has one.
 *
 * Everything is validated before use; a bad file throws RouterError('MODEL_FORMAT') that says
 * what is wrong and what to do. Deterministic: the same training gives the same bytes.
 */
import { RouterError } from '../../core/errors';
import { checked, fail, int, isObject, num, obj, oneOf } from '../../core/util/validate';
import type { LiteModelParts, QuantizedRows } from './model';

export const EMBED_LITE_FORMAT = 'embed-lite';
export const EMBED_LITE_VERSION = 2;
export const EMBED_LITE_MAGIC = 'EMBLITE\0';

const SECTION_NAMES = ['vocabulary', 'vectors', 'scales', 'weights', 'ngramVectors', 'ngramScales'] as const;
type SectionName = (typeof SECTION_NAMES)[number];

interface Section {
  offset: number;
  byteLength: number;
}

export interface TrainingRecord {
  /** Where the word vectors and data came from, their hashes, the settings chosen and the dev figures. */
  [key: string]: unknown;
}

export interface EmbedLiteHeader {
  format: typeof EMBED_LITE_FORMAT;
  version: typeof EMBED_LITE_VERSION;
  dimension: number;
  vocabularySize: number;
  tokenizer: { name: 'lite-words'; stopwords: true; stemFallback: true };
  unknownWeight: number;
  ngrams: null | { minN: number; maxN: number; buckets: number; weight: number };
  sections: Partial<Record<SectionName, Section>>;
  training: TrainingRecord;
}

const ALIGN = 8;
const pad = (n: number) => (n + ALIGN - 1) & ~(ALIGN - 1);

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** Serialises a model. The header's section table is filled in here. */
export function encodeEmbedLite(parts: LiteModelParts, training: TrainingRecord): Uint8Array {
  const payload: Array<[SectionName, Uint8Array]> = [
    ['vocabulary', new TextEncoder().encode(parts.vocabulary.join('\n'))],
    ['vectors', bytesOf(parts.vectors.data)],
    ['scales', bytesOf(Float32Array.from(parts.vectors.scales))],
    ['weights', bytesOf(Float32Array.from(parts.weights))],
  ];
  if (parts.ngrams) {
    payload.push(['ngramVectors', bytesOf(parts.ngrams.vectors.data)], ['ngramScales', bytesOf(Float32Array.from(parts.ngrams.vectors.scales))]);
  }
  const ng = parts.ngrams;
  const header: EmbedLiteHeader = {
    format: EMBED_LITE_FORMAT,
    version: EMBED_LITE_VERSION,
    dimension: parts.dimension,
    vocabularySize: parts.vocabulary.length,
    tokenizer: { name: 'lite-words', stopwords: true, stemFallback: true },
    unknownWeight: parts.unknownWeight,
    ngrams: ng ? { minN: ng.minN, maxN: ng.maxN, buckets: ng.buckets, weight: ng.weight } : null,
    sections: {},
    training,
  };
  // The header's length depends on the offsets it lists: lay out with a generous guess, then fix.
  let headerBytes = new Uint8Array(0);
  for (let guess = 1024; ; guess *= 2) {
    let at = pad(12 + guess);
    for (const [name, bytes] of payload) {
      header.sections[name] = { offset: at, byteLength: bytes.byteLength };
      at = pad(at + bytes.byteLength);
    }
    headerBytes = new TextEncoder().encode(JSON.stringify(header));
    if (headerBytes.byteLength <= guess) break;
  }
  const last = payload[payload.length - 1];
  const total = (header.sections[last[0]] as Section).offset + last[1].byteLength;
  const out = new Uint8Array(total);
  out.set(new TextEncoder().encode(EMBED_LITE_MAGIC), 0);
  new DataView(out.buffer).setUint32(8, headerBytes.byteLength, true);
  out.set(headerBytes, 12);
  for (const [name, bytes] of payload) out.set(bytes, (header.sections[name] as Section).offset);
  return out;
}

function formatError(problem: string): RouterError {
  return new RouterError(
    'MODEL_FORMAT',
    `embed-lite model file is invalid: ${problem}. Re-run \`npm run train:embed\` or restore public/models/embed-lite.bin from git.`,
  );
}

/** Reads and validates the header; throws RouterError('MODEL_FORMAT') saying what is wrong. */
export function readEmbedLiteHeader(bytes: Uint8Array): EmbedLiteHeader {
  if (bytes.byteLength < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== EMBED_LITE_MAGIC) {
    throw formatError('it does not start with "EMBLITE" (not an embed-lite file, or an old JSON model)');
  }
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + length > bytes.byteLength) throw formatError(`the header says ${length} bytes but the file has ${bytes.byteLength - 12} after it (truncated)`);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + length)));
  } catch {
    throw formatError('its header is not valid JSON (corrupt file)');
  }
  return checked('MODEL_FORMAT', (p) => formatError(p).message, () => validateHeader(raw, bytes.byteLength));
}

function validateHeader(raw: unknown, fileLength: number): EmbedLiteHeader {
  const h = obj(raw, 'header');
  oneOf(h.format, 'format', [EMBED_LITE_FORMAT], `"${EMBED_LITE_FORMAT}"`);
  if (h.version !== EMBED_LITE_VERSION) fail('version', `${String(h.version)} is not supported (this app reads version ${EMBED_LITE_VERSION})`);
  const d = int(h.dimension, 'dimension', 1, 4096);
  const v = int(h.vocabularySize, 'vocabularySize', 1, 10_000_000);
  const tok = obj(h.tokenizer, 'tokenizer');
  oneOf(tok.name, 'tokenizer.name', ['lite-words'], '"lite-words"');
  num(h.unknownWeight, 'unknownWeight', 0);
  let buckets = 0;
  if (h.ngrams !== null) {
    const g = obj(h.ngrams, 'ngrams');
    const minN = int(g.minN, 'ngrams.minN', 1, 16);
    int(g.maxN, 'ngrams.maxN', minN, 16);
    buckets = int(g.buckets, 'ngrams.buckets', 1, 1_000_000);
    num(g.weight, 'ngrams.weight', 0);
  }
  const sections = obj(h.sections, 'sections');
  const expected: Partial<Record<SectionName, number | null>> = {
    vocabulary: null, vectors: v * d, scales: v * 4, weights: v * 4,
    ...(buckets ? { ngramVectors: buckets * d, ngramScales: buckets * 4 } : {}),
  };
  for (const name of SECTION_NAMES) {
    const s = sections[name];
    if (!(name in expected)) {
      if (s !== undefined) fail(`sections.${name}`, 'is present but the header describes no n-gram table');
      continue;
    }
    const sec = obj(s, `sections.${name}`);
    const offset = int(sec.offset, `sections.${name}.offset`, 12, fileLength);
    const length = int(sec.byteLength, `sections.${name}.byteLength`, 0, fileLength);
    if (offset % ALIGN !== 0) fail(`sections.${name}.offset`, `${offset} is not a multiple of ${ALIGN}`);
    if (offset + length > fileLength) fail(`sections.${name}`, `ends at byte ${offset + length}, past the end of the file (${fileLength} bytes: truncated)`);
    const want = expected[name];
    if (want !== null && want !== undefined && length !== want) fail(`sections.${name}.byteLength`, `is ${length}; ${want} expected for ${v} words x ${d} dimensions`);
  }
  if (!isObject(h.training)) fail('training', 'expected an object');
  return h as unknown as EmbedLiteHeader;
}

function view(bytes: Uint8Array, s: Section): Uint8Array {
  return bytes.subarray(s.offset, s.offset + s.byteLength);
}

/** A Float32Array over a section (copied when the buffer is not 4-byte aligned at that offset). */
function floats(bytes: Uint8Array, s: Section): Float32Array {
  const at = bytes.byteOffset + s.offset;
  if (at % 4 === 0) return new Float32Array(bytes.buffer, at, s.byteLength / 4);
  // An explicit copy: a Node Buffer's slice() is a view of the whole pool, not a copy.
  const copy = new Uint8Array(s.byteLength);
  copy.set(bytes.subarray(s.offset, s.offset + s.byteLength));
  return new Float32Array(copy.buffer);
}

function int8(bytes: Uint8Array, s: Section): Int8Array {
  return new Int8Array(bytes.buffer, bytes.byteOffset + s.offset, s.byteLength);
}

/** Parses and validates a whole file into model parts (views over `bytes`, no copy where aligned). */
export function decodeEmbedLite(bytes: Uint8Array): { header: EmbedLiteHeader; parts: LiteModelParts } {
  const header = readEmbedLiteHeader(bytes);
  const sec = header.sections as Record<SectionName, Section>;
  const d = header.dimension;
  const vocabulary = new TextDecoder().decode(view(bytes, sec.vocabulary)).split('\n');
  if (vocabulary.length !== header.vocabularySize) throw formatError(`the vocabulary holds ${vocabulary.length} words, the header says ${header.vocabularySize}`);
  if (new Set(vocabulary).size !== vocabulary.length) throw formatError('the vocabulary has duplicate words');
  if (vocabulary.some((w) => w === '')) throw formatError('the vocabulary has an empty word');
  const rows = (data: Section, scales: Section, n: number): QuantizedRows => {
    const q = { rows: n, cols: d, data: int8(bytes, data), scales: floats(bytes, scales) };
    if (!q.scales.every((x) => Number.isFinite(x) && x >= 0)) throw formatError('a row scale is negative or not a number');
    return q;
  };
  const weights = floats(bytes, sec.weights);
  if (!weights.every((x) => Number.isFinite(x) && x >= 0)) throw formatError('a word weight is negative or not a number');
  const ng = header.ngrams;
  const parts: LiteModelParts = {
    dimension: d,
    vocabulary,
    vectors: rows(sec.vectors, sec.scales, vocabulary.length),
    weights,
    unknownWeight: header.unknownWeight,
    ngrams: ng ? { ...ng, vectors: rows(sec.ngramVectors, sec.ngramScales, ng.buckets) } : null,
  };
  return { header, parts };
}

/** For messages and ids: the parts of a header worth showing (no section table). */
export function describeHeader(h: EmbedLiteHeader): string {
  return `${h.vocabularySize} words x ${h.dimension} dimensions${h.ngrams ? `, ${h.ngrams.buckets} n-gram buckets` : ''}`;
}

