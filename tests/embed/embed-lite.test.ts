import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EmbedLiteEmbedder } from '../../src/embed/embed-lite';
import { LiteEmbedModel, charNgrams } from '../../src/embed/lite/model';
import { fromFile, parseEmbedLiteFile, toFile, validateEmbedLiteFile } from '../../src/embed/lite/model-format';
import { buildWordSpace, DEFAULT_HYPERPARAMETERS, trainFromWordSpace } from '../../training/embed-lite/train';
import { tokenize } from '../../src/core/tokenize';
import { RouterError } from '../../src/core/errors';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

/** Two topics that never share a sentence: words of one topic must end up closer to each other. */
function syntheticCorpus(): string[][] {
  const email = ['newsletter open rate subject line inbox', 'subject line test newsletter inbox', 'inbox open rate newsletter email'];
  const social = ['linkedin post engagement follower reach', 'follower reach linkedin hashtag post', 'hashtag engagement post follower'];
  const docs: string[][] = [];
  for (let i = 0; i < 40; i++) docs.push(tokenize(email[i % 3]), tokenize(social[i % 3]));
  return docs;
}

function tinyModel() {
  const docs = syntheticCorpus();
  const hp = { ...DEFAULT_HYPERPARAMETERS, dimension: 4, minCount: 2, ngramBuckets: 64 };
  return trainFromWordSpace(buildWordSpace(docs, hp), docs, hp);
}

describe('embed-lite training (synthetic corpus)', () => {
  it('places words of the same topic closer than words of different topics', () => {
    const m = new LiteEmbedModel(tinyModel().parts);
    const news = m.wordVector('newsletter') as Float32Array;
    const inbox = m.wordVector('inbox') as Float32Array;
    const follower = m.wordVector('follower') as Float32Array;
    expect(dot(news, inbox)).toBeGreaterThan(dot(news, follower) + 0.3);
  });

  it('matches a sentence to its topic without shared words', () => {
    const m = new LiteEmbedModel(tinyModel().parts);
    const q = m.embed('inbox subject line');
    expect(dot(q, m.embed('newsletter open rate'))).toBeGreaterThan(dot(q, m.embed('linkedin follower reach')));
  });

  it('is deterministic and survives the file round trip (int8) with little change', () => {
    const a = tinyModel();
    const b = tinyModel();
    expect(Array.from(b.parts.vectors)).toEqual(Array.from(a.parts.vectors));
    const file = toFile(a.parts, { dataHash: 'test', documents: 1, tokens: 1, hyperparameters: {}, selection: {} });
    const back = new LiteEmbedModel(fromFile(parseEmbedLiteFile(JSON.stringify(file))));
    const orig = new LiteEmbedModel(a.parts);
    const s = 'newsletter subject line inbox';
    expect(dot(back.embed(s), orig.embed(s))).toBeGreaterThan(0.99);
  });

  it('embeds unknown words through their character n-grams', () => {
    const m = new LiteEmbedModel(tinyModel().parts);
    const v = m.embed('newsletters'); // stem "newsletter" is known; "newslettr" (typo) is not
    const typo = m.embed('newslettr');
    expect(Math.hypot(...typo)).toBeCloseTo(1, 5);
    expect(dot(typo, v)).toBeGreaterThan(dot(typo, m.embed('follower')));
    expect(charNgrams('ad', 3, 4)).toEqual(['<ad', 'ad>', '<ad>']);
  });

  it('gives the zero vector for text with nothing to go on', () => {
    const m = new LiteEmbedModel({ ...tinyModel().parts, ngrams: null });
    expect(Array.from(m.embed('the and of'))).toEqual(new Array(4).fill(0));
  });
});

describe('embed-lite model file validation', () => {
  const good = () => toFile(tinyModel().parts, { dataHash: 'x', documents: 1, tokens: 1, hyperparameters: {}, selection: {} });
  it.each([
    ['not an object', () => 42, /JSON object/],
    ['wrong format', () => ({ ...good(), format: 'other' }), /"format"/],
    ['future version', () => ({ ...good(), version: 2 }), /version 2/],
    ['weights length', () => ({ ...good(), weights: [1] }), /"weights"/],
    ['truncated data', () => { const f = good(); return { ...f, vectors: { ...f.vectors, data: f.vectors.data.slice(8) } }; }, /truncated/],
    ['duplicate words', () => { const f = good(); return { ...f, vocabulary: f.vocabulary.map(() => 'x') }; }, /duplicate/],
    ['bad common component', () => ({ ...good(), commonComponent: [1] }), /commonComponent/],
  ])('rejects %s with a MODEL_FORMAT error', (_name, make, pattern) => {
    expect(() => validateEmbedLiteFile(make())).toThrow(pattern);
    try { validateEmbedLiteFile(make()); } catch (e) { expect((e as RouterError).code).toBe('MODEL_FORMAT'); }
  });
  it('rejects text that is not JSON', () => {
    expect(() => parseEmbedLiteFile('{oops')).toThrow(/not valid JSON/);
  });
});

describe('EmbedLiteEmbedder with the committed model', () => {
  const source = async () => readFileSync('public/models/embed-lite.json', 'utf8');

  it('loads, reports id and dimension, and returns normalised vectors in order', async () => {
    const e = new EmbedLiteEmbedder(source);
    expect(e.id).toBe('embed-lite');
    const progress: number[] = [];
    await e.load((p) => progress.push(p.progress ?? -1));
    expect(progress.at(-1)).toBe(1);
    expect(e.id).toMatch(/^embed-lite@[0-9a-f]{8}$/);
    expect(e.dimension).toBeGreaterThanOrEqual(64);
    const [a, b, c] = await e.embed(['Email open rates rose last quarter', 'Newsletter performance improved', 'Brand colours are teal and coral']);
    for (const v of [a, b, c]) expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    // a paraphrase is closer than an unrelated memory
    expect(dot(a, b)).toBeGreaterThan(dot(a, c));
  });

  it('refuses to embed before load and reports a missing file clearly', async () => {
    const e = new EmbedLiteEmbedder(source);
    await expect(e.embed(['x'])).rejects.toMatchObject({ code: 'ENGINE_NOT_READY' });
    const broken = new EmbedLiteEmbedder(async () => '{"format":"embed-lite"}');
    await expect(broken.load()).rejects.toMatchObject({ code: 'MODEL_FORMAT' });
    const missing = new EmbedLiteEmbedder('http://127.0.0.1:9/models/embed-lite.json');
    await expect(missing.load()).rejects.toBeInstanceOf(RouterError);
  });
});
