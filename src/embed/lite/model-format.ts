/**
 * The embed-lite model file: versioned JSON, validated on load. Matrices are int8 with one scale
 * per row (a word's vector keeps its direction; its norm is restored by the scale), base64 encoded,
 * so the same training gives the same bytes and the file stays small.
 */
import { RouterError } from '../../core/errors';
import { roundSig } from '../../core/lite/model-format';
import { base64ToBytes, bytesToBase64 } from '../../core/util/base64';
import type { LiteModelParts, NgramTable } from './model';

export const EMBED_LITE_FORMAT = 'embed-lite';
export const EMBED_LITE_VERSION = 1;

export interface Int8Matrix {
  encoding: 'int8-rowscale-base64';
  rows: number;
  cols: number;
  /** One scale per row: value = int8 * scale. */
  scales: number[];
  data: string;
}

export interface EmbedLiteFile {
  format: typeof EMBED_LITE_FORMAT;
  version: typeof EMBED_LITE_VERSION;
  dimension: number;
  /** How text becomes tokens; inference must use the same tokenizer (src/memory/search/tokenize). */
  tokenizer: { name: 'search-tokenize'; stopwords: true; stem: true };
  vocabulary: string[];
  /** SIF weight per vocabulary word (rounded to 4 significant digits). */
  weights: number[];
  unknownWeight: number;
  vectors: Int8Matrix;
  ngrams: null | { minN: number; maxN: number; buckets: number; weight: number; vectors: Int8Matrix };
  commonComponent: number[] | null;
  training: {
    dataHash: string;
    documents: number;
    tokens: number;
    hyperparameters: Record<string, unknown>;
    selection: Record<string, unknown>;
  };
}

export function quantizeRows(m: Float32Array, rows: number, cols: number): Int8Matrix {
  const bytes = new Int8Array(rows * cols);
  const scales: number[] = [];
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let j = 0; j < cols; j++) max = Math.max(max, Math.abs(m[r * cols + j]));
    const scale = max > 0 ? roundSig(max / 127, 5) : 0;
    scales.push(scale);
    if (scale === 0) continue;
    for (let j = 0; j < cols; j++) bytes[r * cols + j] = Math.max(-127, Math.min(127, Math.round(m[r * cols + j] / scale)));
  }
  return { encoding: 'int8-rowscale-base64', rows, cols, scales, data: bytesToBase64(new Uint8Array(bytes.buffer)) };
}

export function dequantizeRows(q: Int8Matrix): Float32Array {
  const bytes = base64ToBytes(q.data);
  const ints = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(q.rows * q.cols);
  for (let r = 0; r < q.rows; r++) {
    const s = q.scales[r];
    for (let j = 0; j < q.cols; j++) out[r * q.cols + j] = ints[r * q.cols + j] * s;
  }
  return out;
}

export function toFile(parts: LiteModelParts, training: EmbedLiteFile['training']): EmbedLiteFile {
  const d = parts.dimension;
  const ng = parts.ngrams;
  return {
    format: EMBED_LITE_FORMAT,
    version: EMBED_LITE_VERSION,
    dimension: d,
    tokenizer: { name: 'search-tokenize', stopwords: true, stem: true },
    vocabulary: [...parts.vocabulary],
    weights: Array.from(parts.weights, (w) => roundSig(w, 4)),
    unknownWeight: parts.unknownWeight,
    vectors: quantizeRows(parts.vectors, parts.vocabulary.length, d),
    ngrams: ng ? { minN: ng.minN, maxN: ng.maxN, buckets: ng.buckets, weight: ng.weight, vectors: quantizeRows(ng.vectors, ng.buckets, d) } : null,
    commonComponent: parts.commonComponent ? Array.from(parts.commonComponent, (x) => roundSig(x, 6)) : null,
    training,
  };
}

export function fromFile(file: EmbedLiteFile): LiteModelParts {
  const d = file.dimension;
  const ngrams: NgramTable | null = file.ngrams
    ? { minN: file.ngrams.minN, maxN: file.ngrams.maxN, buckets: file.ngrams.buckets, weight: file.ngrams.weight, vectors: dequantizeRows(file.ngrams.vectors) }
    : null;
  return {
    dimension: d,
    vocabulary: file.vocabulary,
    vectors: dequantizeRows(file.vectors),
    weights: Float32Array.from(file.weights),
    unknownWeight: file.unknownWeight,
    ngrams,
    commonComponent: file.commonComponent ? Float32Array.from(file.commonComponent) : null,
  };
}

// ---- validation -----------------------------------------------------------------------------

function fail(what: string): never {
  throw new RouterError(
    'MODEL_FORMAT',
    `embed-lite model file is invalid: ${what}. Re-run \`npm run train:embed\` or restore public/models/embed-lite.json from git.`,
  );
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const posInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;

function checkMatrix(v: unknown, rows: number, cols: number, name: string): void {
  if (!isObj(v) || v.encoding !== 'int8-rowscale-base64') fail(`"${name}.encoding" must be "int8-rowscale-base64"`);
  if (v.rows !== rows || v.cols !== cols) fail(`"${name}" must be ${rows} x ${cols}, found ${String(v.rows)} x ${String(v.cols)}`);
  if (!Array.isArray(v.scales) || v.scales.length !== rows || !v.scales.every(finite)) fail(`"${name}.scales" must be ${rows} numbers`);
  const bytes = rows * cols;
  if (typeof v.data !== 'string' || v.data.length !== 4 * Math.ceil(bytes / 3) || !/^[A-Za-z0-9+/]*={0,2}$/.test(v.data)) {
    fail(`"${name}.data" does not hold ${bytes} bytes (truncated or corrupt)`);
  }
}

/** Validates a parsed model file; throws RouterError('MODEL_FORMAT') saying what is wrong. */
export function validateEmbedLiteFile(value: unknown): EmbedLiteFile {
  if (!isObj(value)) fail('expected a JSON object');
  const m = value;
  if (m.format !== EMBED_LITE_FORMAT) fail(`"format" must be "${EMBED_LITE_FORMAT}"`);
  if (m.version !== EMBED_LITE_VERSION) fail(`version ${String(m.version)} is not supported (this app reads version ${EMBED_LITE_VERSION})`);
  if (!posInt(m.dimension)) fail('"dimension" must be a positive integer');
  const d = m.dimension;
  if (!isObj(m.tokenizer) || m.tokenizer.name !== 'search-tokenize') fail('"tokenizer.name" must be "search-tokenize"');
  if (!Array.isArray(m.vocabulary) || !m.vocabulary.every((t) => typeof t === 'string')) fail('"vocabulary" must be an array of strings');
  const v = m.vocabulary.length;
  if (new Set(m.vocabulary).size !== v) fail('"vocabulary" has duplicate entries');
  if (!Array.isArray(m.weights) || m.weights.length !== v || !m.weights.every(finite)) fail(`"weights" must be ${v} numbers`);
  if (!finite(m.unknownWeight)) fail('"unknownWeight" must be a number');
  checkMatrix(m.vectors, v, d, 'vectors');
  if (m.ngrams !== null) {
    if (!isObj(m.ngrams)) fail('"ngrams" must be an object or null');
    const g = m.ngrams;
    if (!posInt(g.minN) || !posInt(g.maxN) || (g.maxN as number) < (g.minN as number)) fail('"ngrams.minN/maxN" must be positive integers, minN <= maxN');
    if (!posInt(g.buckets)) fail('"ngrams.buckets" must be a positive integer');
    if (!finite(g.weight)) fail('"ngrams.weight" must be a number');
    checkMatrix(g.vectors, g.buckets as number, d, 'ngrams.vectors');
  }
  if (m.commonComponent !== null && (!Array.isArray(m.commonComponent) || m.commonComponent.length !== d || !m.commonComponent.every(finite))) {
    fail(`"commonComponent" must be null or ${d} numbers`);
  }
  if (!isObj(m.training)) fail('"training" must be an object');
  return value as unknown as EmbedLiteFile;
}

export function parseEmbedLiteFile(text: string): EmbedLiteFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    fail('it is not valid JSON');
  }
  return validateEmbedLiteFile(data);
}
