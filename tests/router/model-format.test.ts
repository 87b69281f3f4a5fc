import { describe, expect, it } from 'vitest';
import { MEMORY_CATEGORIES } from '../../src/core/taxonomy';
import { RouterError } from '../../src/core/errors';
import { encodeRouterFile, parseRouterFile, ROUTER_FORMAT, ROUTER_VERSION, WEIGHT_LEVELS, type RouterModel } from '../../src/core/router/model-format';
import { inflateIfGzip } from '../../src/core/util/gzip';
import { gzipSync } from 'node:zlib';
import { SegmentRouter } from '../../src/core/router/router';

const K = MEMORY_CATEGORIES.length;

function tinyModel(withExtras: boolean): RouterModel {
  const vocabulary = ['brand', 'voice', 'hubspot', 'crm', '#role:u'];
  const weights = new Float32Array(vocabulary.length * K);
  weights[0 * K + 0] = 3; weights[1 * K + 0] = 2.5; weights[2 * K + 4] = 3; weights[3 * K + 4] = 2;
  return {
    header: {
      format: ROUTER_FORMAT, version: ROUTER_VERSION, categories: [...MEMORY_CATEGORIES],
      features: { ngramMax: 1, roleFeatures: true, context: false, lengthFeature: false },
      pooling: { sharpness: 4 },
      decoding: { thresholds: Array(K).fill(0.5), maxCategories: 2, minRatioToTop: 0, segmentThreshold: 1.01, segmentThresholdGrowth: 0, memoryRatio: 0.8 },
      vocabSize: vocabulary.length, training: { note: 'test' },
      ...(withExtras ? { head: Array.from({ length: K }, () => [1, 0, 0, 0, 0.5]) } : {}),
    },
    vocabulary, idf: Float32Array.from(vocabulary.map(() => 1)), weights, biases: Float32Array.from(Array(K).fill(-2)),
    conversation: withExtras ? { weights: weights.map((w) => w / 2), biases: Float32Array.from(Array(K).fill(-1)) } : null,
  };
}

describe('router model file', () => {
  it.each([false, true])('round-trips (head and conversation view: %s) within half a quantisation step', (extras) => {
    const m = tinyModel(extras);
    const back = parseRouterFile(encodeRouterFile(m));
    expect(back.header.decoding).toEqual(m.header.decoding);
    expect(back.vocabulary).toEqual(m.vocabulary);
    // Category 0's largest weight is 3: one step is 3 / WEIGHT_LEVELS.
    for (let i = 0; i < m.weights.length; i++) expect(Math.abs(back.weights[i] - m.weights[i])).toBeLessThanOrEqual(3 / WEIGHT_LEVELS / 2 + 1e-6);
    expect(back.weights[1 * K + 0]).not.toBe(m.weights[1 * K + 0]); // 2.5 is off the 16-level grid of 3
    expect(!!back.conversation).toBe(extras);
    // Same answers before and after the round trip.
    const turns = [{ role: 'user' as const, content: 'Our brand voice is warm. We use HubSpot as our CRM.' }];
    expect(new SegmentRouter(back).route(turns).categories).toEqual(new SegmentRouter(m).route(turns).categories);
  });

  it.each([
    ['empty', new Uint8Array(0), /empty or truncated/],
    ['another file', new TextEncoder().encode('{"format":"memory-router-export"}'), /does not start with "MRSR"/],
  ])('refuses %s with a message that says what to do', (_n, bytes, msg) => {
    let err: unknown;
    try { parseRouterFile(bytes); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(RouterError);
    expect((err as RouterError).code).toBe('MODEL_FORMAT');
    expect((err as RouterError).message).toMatch(msg);
    expect((err as RouterError).message).toMatch(/npm run train/);
  });

  it('reads the same from a Node Buffer inside a larger pool as from a plain Uint8Array', () => {
    const bytes = encodeRouterFile(tinyModel(true));
    const pooled = Buffer.alloc(bytes.length + 64);
    pooled.set(bytes, 32);
    const view = pooled.subarray(32, 32 + bytes.length);
    const a = parseRouterFile(bytes);
    const b = parseRouterFile(view);
    expect(Array.from(b.biases)).toEqual(Array.from(a.biases));
    expect(Array.from(b.idf)).toEqual(Array.from(a.idf));
  });

  it('refuses a truncated file and a wrong header field', () => {
    const bytes = encodeRouterFile(tinyModel(true));
    expect(() => parseRouterFile(bytes.subarray(0, bytes.length - 10))).toThrow(/truncated/);
    const bad = tinyModel(false);
    bad.header = { ...bad.header, decoding: { ...bad.header.decoding, thresholds: [1, 2] } };
    expect(() => parseRouterFile(encodeRouterFile(bad))).toThrow(/decoding.thresholds/);
  });

  it('is read gzip-compressed (as shipped) or plain (a host that decoded it already); a damaged gzip gets a typed error', async () => {
    const raw = encodeRouterFile(tinyModel(true));
    expect(Array.from(await inflateIfGzip(gzipSync(raw), 'x'))).toEqual(Array.from(raw));
    expect(await inflateIfGzip(raw, 'x')).toBe(raw);
    const damaged = gzipSync(raw).subarray(0, 40);
    await expect(inflateIfGzip(damaged, 'The router model file')).rejects.toMatchObject({ code: 'MODEL_FORMAT', message: expect.stringMatching(/router model file is a damaged gzip file.*reload/) });
  });
});
