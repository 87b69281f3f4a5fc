import { describe, expect, it } from 'vitest';
import {
  dequantizeWeights, parseModelFile, quantizeWeights, validateModelFile, type LiteModelFile,
} from '../../src/core/lite/model-format';
import { RouterError } from '../../src/core/errors';
import { fitModel } from '../../training/router-lite/train';
import { SMALL_HP, syntheticExamples } from './synthetic';

const good: LiteModelFile = fitModel(syntheticExamples(40), SMALL_HP);
const clone = (): Record<string, any> => JSON.parse(JSON.stringify(good));

function expectModelFormatError(fn: () => unknown, fragment: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RouterError);
    expect((e as RouterError).code).toBe('MODEL_FORMAT');
    expect((e as RouterError).message).toMatch(fragment);
    expect((e as RouterError).message).toMatch(/npm run train|restore/);
    return;
  }
  throw new Error('expected a MODEL_FORMAT error');
}

describe('model file validation', () => {
  it('accepts a freshly trained model', () => {
    expect(validateModelFile(clone()).vocabulary.length).toBe(good.vocabulary.length);
  });

  const cases: [string, (m: Record<string, any>) => unknown, RegExp][] = [
    ['not an object', () => [1, 2], /JSON object/],
    ['wrong format', (m) => ({ ...m, format: 'other' }), /format/],
    ['future version', (m) => ({ ...m, version: 2 }), /version 2/],
    ['categories reordered', (m) => ({ ...m, categories: [...m.categories].reverse() }), /categories/],
    ['category missing', (m) => ({ ...m, categories: m.categories.slice(1) }), /categories/],
    ['idf length', (m) => ({ ...m, idf: m.idf.slice(1) }), /idf/],
    ['idf with null (NaN written by JSON)', (m) => ({ ...m, idf: [null, ...m.idf.slice(1)] }), /finite/],
    ['duplicate vocabulary', (m) => ({ ...m, vocabulary: [m.vocabulary[0], ...m.vocabulary.slice(0, -1)] }), /duplicate/],
    ['truncated weights', (m) => ({ ...m, weights: { ...m.weights, data: m.weights.data.map((s: string) => s.slice(0, -8)) } }), /truncated or corrupt/],
    ['weights not base64', (m) => ({ ...m, weights: { ...m.weights, data: m.weights.data.map((s: string) => `!${s.slice(1)}`) } }), /truncated or corrupt/],
    ['unknown encoding', (m) => ({ ...m, weights: { ...m.weights, encoding: 'float32' } }), /encoding/],
    ['biases are strings', (m) => ({ ...m, biases: m.biases.map(String) }), /finite/],
    ['calibration missing', (m) => ({ ...m, calibration: undefined }), /calibration/],
    ['decoding maxCategories 0', (m) => ({ ...m, decoding: { ...m.decoding, maxCategories: 0 } }), /maxCategories/],
    ['negative rank weight', (m) => ({ ...m, decoding: { ...m.decoding, rankWeights: m.decoding.rankWeights.map(() => -1) } }), /positive/],
    ['n-gram size 9', (m) => ({ ...m, features: { ...m.features, wordNgramMax: 9 } }), /longer than 3/],
    ['unknown role namespace', (m) => ({ ...m, features: { ...m.features, roleNamespaces: ['robot'] } }), /roleNamespaces/],
    ['training missing', (m) => ({ ...m, training: null }), /training/],
  ];
  it.each(cases)('rejects: %s', (_name, mutate, fragment) => {
    expectModelFormatError(() => validateModelFile(mutate(clone())), fragment);
  });

  it.each([
    ['empty text', ''],
    ['cut in the middle', JSON.stringify(good).slice(0, 500)],
    ['binary junk', '\u0000\u0001\u0002PK\u0003\u0004'],
  ])('rejects text that is not a model: %s', (_name, text) => {
    expectModelFormatError(() => parseModelFile(text), /not valid JSON/);
  });
});

describe('weight quantization', () => {
  it.each(['int8-base64', 'int16-base64'] as const)('%s round-trips within half a step and is reproducible', (encoding) => {
    const k = 3;
    const v = 50;
    const w = Float64Array.from({ length: v * k }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 3)));
    const q = quantizeWeights(w, v, k, encoding);
    expect(quantizeWeights(w, v, k, encoding)).toEqual(q);
    const back = dequantizeWeights(q, v);
    for (let i = 0; i < w.length; i++) {
      expect(Math.abs(back[i] - w[i])).toBeLessThanOrEqual(q.scales[i % k] / 2 + 1e-6);
    }
  });

  it('keeps an all-zero category at zero', () => {
    const q = quantizeWeights(new Float64Array(10), 5, 2, 'int8-base64');
    expect(Array.from(dequantizeWeights(q, 5))).toEqual(new Array(10).fill(0));
  });
});
