/**
 * The segment router's file (public/models/router.bin, gzip-compressed as shipped: see
 * src/core/util/gzip.ts): the binary container of src/core/util/binary-file.ts with a JSON header
 * (feature settings, decoding policy, training record) and blobs: the vocabulary (UTF-8, one
 * feature per line), idf (float32), weights (int8, feature-major, one scale per category) and
 * biases (float32) of the segment view, and the same for the conversation view.
 */
import { MEMORY_CATEGORIES, type MemoryCategory } from '../taxonomy';
import { asFloat32, asInt8, packBinary, unpackBinary } from '../util/binary-file';
import { arr, bool, checked, fail, int, num, numbers, obj, oneOf } from '../util/validate';
import type { FeatureConfig } from './features';

export const ROUTER_MAGIC = 'MRSR';
export const ROUTER_FORMAT = 'memory-router-segment-router';
export const ROUTER_VERSION = 1;
const ADVICE = 'Re-run `npm run train` or restore public/models/router.bin from git.';

export interface DecodingPolicy {
  /** A category is present when its pooled probability reaches its threshold (MEMORY_CATEGORIES order). */
  thresholds: number[];
  /** At most this many categories from the decision head (the highest win); stated facts come on top. */
  maxCategories: number;
  /** A category other than the most probable one also needs this fraction of the top probability. */
  minRatioToTop: number;
  /** A category is also present when one segment's own probability reaches this (above 1: never)... */
  segmentThreshold: number;
  /**
   * ...plus this much per doubling of the conversation beyond 8 segments: a long conversation is
   * labelled by its main subjects, so one passing segment must be stronger there to add a category.
   */
  segmentThresholdGrowth: number;
  /**
   * A segment becomes a memory of a present category when its own probability reaches this
   * fraction of the category's threshold (the best segment of each present category always does).
   */
  memoryRatio: number;
}

export interface RouterHeader {
  format: typeof ROUTER_FORMAT;
  version: number;
  categories: MemoryCategory[];
  features: FeatureConfig;
  /** Sharpness r of the log-sum-exp pooling of segment logits into a conversation logit. */
  pooling: { sharpness: number };
  /**
   * The conversation-level decision per category (MEMORY_CATEGORIES order): weights of
   * [soft-max logit, mean logit, log(segments), 1, conversation-view logit]. A long conversation
   * is labelled by its main subjects, a sentence by what it says; the head learns how the segment
   * evidence and the whole-conversation view map to both. Absent: sigmoid(soft-max logit).
   */
  head?: number[][];
  decoding: DecodingPolicy;
  vocabSize: number;
  training: Record<string, unknown>;
}

export interface RouterModel {
  header: RouterHeader;
  vocabulary: string[];
  idf: Float32Array;
  /** Feature-major: weights[f * 12 + c]. */
  weights: Float32Array;
  biases: Float32Array;
  /** The conversation view: a linear model over the whole conversation's features (same columns). */
  conversation?: { weights: Float32Array; biases: Float32Array } | null;
}

const K = MEMORY_CATEGORIES.length;
/** Length of one row of the decision head: soft max, mean, log(segments), bias, conversation view. */
export const HEAD_FEATURES = 5;

function validateHeader(h: unknown): RouterHeader {
  const o = obj(h, 'header');
  oneOf(o.format, 'format', [ROUTER_FORMAT], `"${ROUTER_FORMAT}"`);
  oneOf(o.version, 'version', [ROUTER_VERSION], `version ${ROUTER_VERSION} (this app's)`);
  const cats = arr(o.categories, 'categories');
  if (cats.length !== K || cats.some((c, i) => c !== MEMORY_CATEGORIES[i])) fail('categories', 'must list the 12 memory categories in taxonomy order');
  const f = obj(o.features, 'features');
  oneOf(f.ngramMax, 'features.ngramMax', [1, 2], '1 or 2');
  bool(f.roleFeatures, 'features.roleFeatures');
  bool(f.context, 'features.context');
  bool(f.lengthFeature, 'features.lengthFeature');
  num(obj(o.pooling, 'pooling').sharpness, 'pooling.sharpness', 0.01, 100);
  if (o.head !== undefined) {
    const head = arr(o.head, 'head');
    if (head.length !== K) fail('head', `must have ${K} rows`);
    head.forEach((row, i) => numbers(row, `head[${i}]`, HEAD_FEATURES));
  }
  const d = obj(o.decoding, 'decoding');
  numbers(d.thresholds, 'decoding.thresholds', K).forEach((t, i) => num(t, `decoding.thresholds[${i}]`, 0, 1));
  int(d.maxCategories, 'decoding.maxCategories', 1, K);
  num(d.minRatioToTop, 'decoding.minRatioToTop', 0, 1);
  num(d.segmentThreshold, 'decoding.segmentThreshold', 0, 2);
  num(d.segmentThresholdGrowth, 'decoding.segmentThresholdGrowth', 0, 2);
  num(d.memoryRatio, 'decoding.memoryRatio', 0, 1);
  int(o.vocabSize, 'vocabSize', 1, 10_000_000);
  obj(o.training, 'training');
  return o as unknown as RouterHeader;
}

export function parseRouterFile(bytes: ArrayBuffer | Uint8Array): RouterModel {
  const { header, blobs } = unpackBinary(bytes, ROUTER_MAGIC, ADVICE);
  return checked('MODEL_FORMAT', (p) => `The router model file is invalid: ${p}. ${ADVICE}`, () => {
    const h = validateHeader(header);
    for (const name of ['vocabulary', 'idf', 'weights', 'scales', 'biases']) if (!blobs[name]) fail(name, 'is missing');
    const vocabulary = new TextDecoder().decode(blobs.vocabulary).split('\n');
    if (vocabulary.length !== h.vocabSize) fail('vocabulary', `has ${vocabulary.length} entries, the header says ${h.vocabSize}`);
    const idf = asFloat32(blobs.idf);
    const q = asInt8(blobs.weights);
    const scales = asFloat32(blobs.scales);
    const biases = asFloat32(blobs.biases);
    if (idf.length !== h.vocabSize) fail('idf', `has ${idf.length} values for ${h.vocabSize} features`);
    const columns = h.vocabSize;
    if (q.length !== columns * K || scales.length !== K || biases.length !== K) fail('weights', 'sizes do not match the vocabulary (truncated or corrupt)');
    const weights = dequantize(q, scales);
    let conversation: RouterModel['conversation'] = null;
    if (blobs.convWeights) {
      const cq = asInt8(blobs.convWeights);
      const cs = asFloat32(blobs.convScales ?? new Uint8Array());
      const cb = asFloat32(blobs.convBiases ?? new Uint8Array());
      if (cq.length !== columns * K || cs.length !== K || cb.length !== K) fail('convWeights', 'sizes do not match the vocabulary (truncated or corrupt)');
      conversation = { weights: dequantize(cq, cs), biases: cb };
    }
    if (!weights.every(Number.isFinite) || !biases.every(Number.isFinite) || !idf.every(Number.isFinite)) fail('weights', 'hold a value that is not a finite number');
    return { header: h, vocabulary, idf, weights, biases, conversation };
  });
}

function dequantize(q: Int8Array, scales: Float32Array): Float32Array {
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = q[i] * scales[i % K];
  return out;
}

/**
 * Weights are stored as int8 on a grid of 2 x 16 + 1 levels per category (one scale per column):
 * the gzip-compressed file then holds about 5 bits per weight instead of 8, and the router's dev
 * figures stay within the quantisation noise of 127 levels (docs/router-lite.md). The reader takes
 * any int8 values, so the grid is the writer's choice alone.
 */
export const WEIGHT_LEVELS = 16;

function quantize(w: Float32Array): { q: Int8Array; scales: Float32Array } {
  const scales = new Float32Array(K);
  for (let i = 0; i < w.length; i++) scales[i % K] = Math.max(scales[i % K], Math.abs(w[i]));
  for (let c = 0; c < K; c++) scales[c] = scales[c] > 0 ? scales[c] / WEIGHT_LEVELS : 1;
  const q = new Int8Array(w.length);
  for (let i = 0; i < q.length; i++) q[i] = Math.max(-WEIGHT_LEVELS, Math.min(WEIGHT_LEVELS, Math.round(w[i] / scales[i % K])));
  return { q, scales };
}

/** Writes a model file (training side), uncompressed; the trainer gzips what it ships. */
export function encodeRouterFile(m: RouterModel): Uint8Array {
  const { q, scales } = quantize(m.weights);
  const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const blobs: Record<string, Uint8Array> = {
    vocabulary: new TextEncoder().encode(m.vocabulary.join('\n')),
    idf: bytes(Float32Array.from(m.idf)),
    weights: bytes(q),
    scales: bytes(scales),
    biases: bytes(Float32Array.from(m.biases)),
  };
  if (m.conversation) {
    const cq = quantize(m.conversation.weights);
    Object.assign(blobs, { convWeights: bytes(cq.q), convScales: bytes(cq.scales), convBiases: bytes(Float32Array.from(m.conversation.biases)) });
  }
  return packBinary(ROUTER_MAGIC, { ...m.header, vocabSize: m.vocabulary.length } as unknown as Record<string, unknown>, blobs);
}

