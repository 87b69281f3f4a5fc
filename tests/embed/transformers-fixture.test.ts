/**
 * The real transformers.js (no mock) loading the project's own fixture model from
 * e2e/fixtures/models/fixture-embed with remote models disabled, in Node (onnxruntime-node, CPU).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TransformersEmbedder, toProgress, candidateDevices } from '../../src/embed/transformers-embedder';
import { EmbedLiteEmbedder } from '../../src/embed/embed-lite';
import type { LoadProgress } from '../../src/core/contracts';

const MODELS = resolve('e2e/fixtures/models');
const fixture = (extra: Partial<ConstructorParameters<typeof TransformersEmbedder>[0]> = {}) =>
  new TransformersEmbedder({ model: 'fixture-embed', localModelPath: MODELS, allowRemoteModels: false, batchSize: 2, ...extra });
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

describe('TransformersEmbedder with the fixture model', () => {
  it('loads through transformers.js, reports progress, and embeds batches in order', async () => {
    const e = fixture();
    const events: LoadProgress[] = [];
    await e.load((p) => events.push(p));
    expect(e.device).toBe('cpu');
    const config = JSON.parse(readFileSync(resolve(MODELS, 'fixture-embed/config.json'), 'utf8'));
    expect(e.dimension).toBe(config.hidden_size);
    expect(events.some((p) => p.file === 'onnx/model.onnx')).toBe(true);
    expect(events.at(-1)?.progress).toBe(1);

    const texts = ['Email open rates rose last quarter', 'The newsletter performed better', 'Our logo is teal', 'Budget for LinkedIn ads', 'Launch the campaign in March'];
    const vectors = await e.embed(texts); // 5 texts, batch size 2: three forward passes
    expect(vectors).toHaveLength(5);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(e.dimension);
      expect(Math.hypot(...v)).toBeCloseTo(1, 4); // pooling: 'mean', normalize: true
    }
    // batching does not change results
    const [single] = await e.embed([texts[3]]);
    expect(dot(single, vectors[3])).toBeCloseTo(1, 5);
    await e.dispose();
  });

  it('embeds like embed-lite, whose word vectors it was built from (a real forward pass, not a stub)', async () => {
    const e = fixture();
    await e.load();
    const lite = new EmbedLiteEmbedder(async () => new Uint8Array(readFileSync(resolve('public/models/embed-lite.bin'))));
    await lite.load();
    const texts = ['Our brand voice is warm and witty', 'Quarterly campaign performance review with the team'];
    const [a, b] = await e.embed(texts);
    const [la, lb] = await lite.embed(texts);
    // every word of b is among the fixture's 3,000: the same vector; "witty" (in a) is not, so a
    // differs by that one word's share
    expect(dot(b, lb)).toBeGreaterThan(0.999);
    expect(dot(a, la)).toBeGreaterThan(0.9);
    expect(dot(a, b)).toBeLessThan(0.9);
    await e.dispose();
  });

  it('gives the zero vector for text it has no token for, keeping outputs aligned', async () => {
    const e = fixture();
    await e.load();
    const [empty, text] = await e.embed(['', 'campaign']);
    expect(Array.from(empty).every((x) => x === 0)).toBe(true);
    expect(Math.hypot(...text)).toBeCloseTo(1, 4);
    await e.dispose();
  });

  it('fails with MODEL_NOT_FOUND and says where it looked when the model is absent locally', async () => {
    const e = new TransformersEmbedder({ model: 'no-such-model', localModelPath: MODELS, allowRemoteModels: false });
    await expect(e.load()).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND', message: expect.stringContaining('remote models are disabled') });
  });

  it('refuses to embed before load', async () => {
    await expect(fixture().embed(['x'])).rejects.toMatchObject({ code: 'ENGINE_NOT_READY' });
  });
});

describe('progress and device helpers', () => {
  it.each([
    [{ status: 'progress', file: 'onnx/model.onnx', progress: 50, loaded: 5, total: 10 }, { progress: 0.5, file: 'onnx/model.onnx', loadedBytes: 5, totalBytes: 10 }],
    [{ status: 'progress_total', progress: 25, loaded: 1, total: 4 }, { progress: 0.25, loadedBytes: 1, totalBytes: 4 }],
    [{ status: 'ready', task: 'feature-extraction', model: 'm' }, { progress: 1 }],
    [{ status: 'initiate', file: 'config.json' }, { file: 'config.json' }],
  ])('maps %j', (info, expected) => {
    expect(toProgress(info)).toMatchObject(expected);
  });
  it('ignores unknown events', () => {
    expect(toProgress({ status: 'other' })).toBeNull();
    expect(toProgress(null)).toBeNull();
  });
  it('uses the CPU in Node and keeps an explicit device', async () => {
    expect(await candidateDevices('auto')).toEqual(['cpu']);
    expect(await candidateDevices('wasm')).toEqual(['wasm']);
  });
});
