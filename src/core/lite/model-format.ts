/**
 * The router-lite model file: JSON, versioned, validated on load. Weights are quantized per
 * category (int8 or int16, base64) so the file stays small and the bytes are reproducible.
 */
import { RouterError } from '../errors';
import { base64ToBytes, bytesToBase64 } from '../util/base64';
import { CATEGORY_NAMES, type CategoryName } from '../taxonomy';
import { ROLES, type Role } from '../conversation';
import type { FeatureConfig } from './features';
import type { DecodingPolicy } from './decode';

export const LITE_MODEL_FORMAT = 'router-lite';
export const LITE_MODEL_VERSION = 1;

export type WeightEncoding = 'int8-base64' | 'int16-base64';

export interface QuantizedWeights {
  encoding: WeightEncoding;
  /** One scale per category: weight = integer * scale. */
  scales: number[];
  /** One base64 string per category, little-endian integers, one per vocabulary entry. */
  data: string[];
}

export interface CvSummary {
  folds: number;
  grouping: string;
  avg_f1: number;
  exact_match: number;
  any_match: number;
  [extra: string]: unknown;
}

export interface LiteModelFile {
  format: typeof LITE_MODEL_FORMAT;
  version: typeof LITE_MODEL_VERSION;
  categories: CategoryName[];
  features: FeatureConfig;
  vocabulary: string[];
  idf: number[];
  weights: QuantizedWeights;
  biases: number[];
  /** Platt scaling per category, fitted on out-of-fold logits: p = sigmoid(a * z + b). */
  calibration: { method: 'platt'; a: number[]; b: number[] };
  decoding: DecodingPolicy;
  training: {
    dataHash: string;
    records: number;
    hyperparameters: Record<string, unknown>;
    cv: CvSummary;
  };
}

const BYTES: Record<WeightEncoding, number> = { 'int8-base64': 1, 'int16-base64': 2 };
const LIMIT: Record<WeightEncoding, number> = { 'int8-base64': 127, 'int16-base64': 32767 };

/** Rounds to a fixed number of significant digits: the file stores exactly what inference uses. */
export function roundSig(x: number, digits = 6): number {
  return x === 0 ? 0 : Number(x.toPrecision(digits));
}

/**
 * Quantizes a feature-major weight matrix (vocab x categories) per category. Rounding is
 * Math.round on a scale that is itself rounded first, so the same weights give the same bytes.
 */
export function quantizeWeights(w: ArrayLike<number>, vocabSize: number, k: number, encoding: WeightEncoding): QuantizedWeights {
  const scales: number[] = [];
  const data: string[] = [];
  const limit = LIMIT[encoding];
  for (let c = 0; c < k; c++) {
    let max = 0;
    for (let j = 0; j < vocabSize; j++) max = Math.max(max, Math.abs(w[j * k + c]));
    const scale = max > 0 ? roundSig(max / limit) : 1;
    const buf = new ArrayBuffer(vocabSize * BYTES[encoding]);
    const view = new DataView(buf);
    for (let j = 0; j < vocabSize; j++) {
      const q = Math.max(-limit, Math.min(limit, Math.round(w[j * k + c] / scale)));
      if (encoding === 'int8-base64') view.setInt8(j, q);
      else view.setInt16(j * 2, q, true);
    }
    scales.push(scale);
    data.push(bytesToBase64(new Uint8Array(buf)));
  }
  return { encoding, scales, data };
}

/** Feature-major float matrix (vocab x categories) from the quantized form. */
export function dequantizeWeights(q: QuantizedWeights, vocabSize: number): Float32Array {
  const k = q.data.length;
  const out = new Float32Array(vocabSize * k);
  for (let c = 0; c < k; c++) {
    const bytes = base64ToBytes(q.data[c]);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const scale = q.scales[c];
    for (let j = 0; j < vocabSize; j++) {
      const v = q.encoding === 'int8-base64' ? view.getInt8(j) : view.getInt16(j * 2, true);
      out[j * k + c] = v * scale;
    }
  }
  return out;
}

// ---- validation -----------------------------------------------------------------------------

function fail(what: string): never {
  throw new RouterError('MODEL_FORMAT', `router-lite model file is invalid: ${what}. Re-run \`npm run train\` or restore public/models/router-lite.json from git.`);
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function numberArray(v: unknown, length: number, name: string): number[] {
  if (!Array.isArray(v) || v.length !== length) fail(`"${name}" must be an array of ${length} numbers`);
  if (!v.every(finite)) fail(`"${name}" contains a value that is not a finite number`);
  return v as number[];
}


function checkFeatures(v: unknown): FeatureConfig {
  if (!isObj(v)) fail('"features" must be an object');
  const f = v as Record<string, unknown>;
  for (const key of ['wordNgramMax', 'roleNgramMax', 'maxChars'] as const) {
    if (!finite(f[key]) || (f[key] as number) < 1 || !Number.isInteger(f[key])) fail(`"features.${key}" must be a positive integer`);
  }
  if ((f.wordNgramMax as number) > 3 || (f.roleNgramMax as number) > 3) fail('n-grams longer than 3 are not supported');
  if (typeof f.sublinearTf !== 'boolean') fail('"features.sublinearTf" must be true or false');
  if (!Array.isArray(f.roleNamespaces) || !f.roleNamespaces.every((r) => ROLES.includes(r as Role))) {
    fail(`"features.roleNamespaces" must list roles (${ROLES.join(', ')})`);
  }
  return f as unknown as FeatureConfig;
}

function checkDecoding(v: unknown, k: number): DecodingPolicy {
  if (!isObj(v)) fail('"decoding" must be an object');
  const d = v as Record<string, unknown>;
  if (!finite(d.minProbability) || !finite(d.minRatioToTop) || !finite(d.priorCorrection)) fail('"decoding" thresholds must be numbers');
  if (!Number.isInteger(d.maxCategories) || (d.maxCategories as number) < 1) fail('"decoding.maxCategories" must be a positive integer');
  const w = numberArray(d.rankWeights, k, 'decoding.rankWeights');
  if (w.some((x) => x <= 0)) fail('"decoding.rankWeights" must be positive');
  return d as unknown as DecodingPolicy;
}

/** Validates a parsed model file; throws RouterError('MODEL_FORMAT') saying what is wrong. */
export function validateModelFile(value: unknown): LiteModelFile {
  if (!isObj(value)) fail('expected a JSON object');
  const m = value as Record<string, unknown>;
  if (m.format !== LITE_MODEL_FORMAT) fail(`"format" must be "${LITE_MODEL_FORMAT}"`);
  if (m.version !== LITE_MODEL_VERSION) fail(`version ${String(m.version)} is not supported (this app reads version ${LITE_MODEL_VERSION})`);
  const k = CATEGORY_NAMES.length;
  if (!Array.isArray(m.categories) || m.categories.length !== k || m.categories.some((c, i) => c !== CATEGORY_NAMES[i])) {
    fail('"categories" must list the 13 taxonomy categories in taxonomy order');
  }
  checkFeatures(m.features);
  if (!Array.isArray(m.vocabulary) || !m.vocabulary.every((t) => typeof t === 'string')) fail('"vocabulary" must be an array of strings');
  const v = m.vocabulary.length;
  if (new Set(m.vocabulary).size !== v) fail('"vocabulary" has duplicate entries');
  numberArray(m.idf, v, 'idf');
  numberArray(m.biases, k, 'biases');
  if (!isObj(m.weights)) fail('"weights" must be an object');
  const w = m.weights as Record<string, unknown>;
  if (w.encoding !== 'int8-base64' && w.encoding !== 'int16-base64') fail('"weights.encoding" must be int8-base64 or int16-base64');
  numberArray(w.scales, k, 'weights.scales');
  if (!Array.isArray(w.data) || w.data.length !== k || !w.data.every((s) => typeof s === 'string')) fail('"weights.data" must be 13 base64 strings');
  const bytes = v * BYTES[w.encoding as WeightEncoding];
  for (const s of w.data as string[]) {
    // Base64 length is fixed by the byte count; checking it catches truncated files before decoding.
    if (s.length !== 4 * Math.ceil(bytes / 3) || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) fail('"weights.data" does not match the vocabulary size (truncated or corrupt)');
  }
  if (!isObj(m.calibration) || m.calibration.method !== 'platt') fail('"calibration.method" must be "platt"');
  numberArray(m.calibration.a, k, 'calibration.a');
  numberArray(m.calibration.b, k, 'calibration.b');
  checkDecoding(m.decoding, k);
  if (!isObj(m.training)) fail('"training" must be an object');
  return value as unknown as LiteModelFile;
}

/** Parses and validates model text (for files read from disk or fetched). */
export function parseModelFile(text: string): LiteModelFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    fail(`not valid JSON (${(e as Error).message.slice(0, 120)})`);
  }
  return validateModelFile(data);
}
