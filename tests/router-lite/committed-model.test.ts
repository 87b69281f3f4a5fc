/** Checks on the committed model file, the one the app and the benchmark use. */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiteClassifier } from '../../src/core/lite/classifier';
import { parseModelFile } from '../../src/core/lite/model-format';
import { RouterError } from '../../src/core/errors';
import { CATEGORY_NAMES, type CategoryName } from '../../src/core/taxonomy';
import { prng } from './synthetic';

const path = resolve(__dirname, '../../public/models/router-lite.json');
const clf = LiteClassifier.fromModel(parseModelFile(readFileSync(path, 'utf8')));

/** Checks the invariants every prediction must satisfy. */
function checkPrediction(p: ReturnType<LiteClassifier['predict']>): void {
  expect(p.categories.length).toBeGreaterThanOrEqual(1);
  expect(p.categories.length).toBeLessThanOrEqual(clf.model.decoding.maxCategories);
  for (const c of p.categories) expect(CATEGORY_NAMES).toContain(c);
  if (p.categories.includes('none')) expect(p.categories).toEqual(['none']);
  expect(Object.keys(p.scores)).toEqual([...CATEGORY_NAMES]);
  for (const c of CATEGORY_NAMES) {
    expect(p.scores[c]).toBeGreaterThanOrEqual(0);
    expect(p.scores[c]).toBeLessThanOrEqual(1);
  }
}

describe('committed router-lite model', () => {
  it('is under 3 MB and records how it was trained', () => {
    expect(statSync(path).size).toBeLessThan(3 * 1024 * 1024);
    expect(clf.model.training.dataHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(clf.model.training.records).toBe(2001);
    expect(clf.model.training.cv.folds).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['USER: Our brand voice is warm, witty and never uses jargon. Keep that in every post.\nASSISTANT: Understood, warm and witty it is.'],
    ['USER: Please connect the HubSpot integration and store the API key in the workflow settings.\nASSISTANT: Done.'],
    ['USER: What time is it?\nASSISTANT: It is 3pm.'],
    ['USER: I am the VP of marketing and I sign off on all budget decisions above 10k.'],
  ])('gives valid categories and calibrated scores: %#', (text) => {
    checkPrediction(clf.predict(text));
  });

  it('never mixes none with other categories, over many random inputs', () => {
    const rand = prng(5);
    const words = clf.model.vocabulary.filter((t) => !t.includes(' ') && !t.includes('|'));
    let sawNone = false;
    for (let i = 0; i < 300; i++) {
      const n = 1 + Math.floor(rand() * 40);
      const text = Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');
      const p = clf.predict(`USER: ${text}`);
      checkPrediction(p);
      if (p.categories[0] === 'none') sawNone = true;
    }
    // The property is only meaningful if none is sometimes predicted; unknown words give the prior.
    const unknown = clf.predict('USER: zzqx vvkp');
    checkPrediction(unknown);
    expect(sawNone || unknown.categories[0] === 'none').toBe(true);
  });

  it('calibrated scores follow the raw scores (Platt slopes are positive)', () => {
    for (const a of clf.model.calibration.a) expect(a).toBeGreaterThan(0);
  });

  const bad: [string, unknown, string][] = [
    ['empty string', '', 'EMPTY_INPUT'],
    ['only spaces', '   \n\t ', 'EMPTY_INPUT'],
    ['role prefixes without text', 'USER:\nASSISTANT:', 'EMPTY_INPUT'],
    ['binary-ish text', '\u0000\u0001\u0002\u0003PK\u0003\u0004' + 'x'.repeat(50), 'BINARY_INPUT'],
    ['control characters', '\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008abc', 'BINARY_INPUT'],
    ['a number', 42, 'WRONG_SCHEMA'],
    ['null', null, 'WRONG_SCHEMA'],
    ['turns of the wrong type', [{ role: 'user', content: 5 }], 'WRONG_SCHEMA'],
    ['empty turn list', [], 'EMPTY_INPUT'],
  ];
  it.each(bad)('rejects %s with a typed RouterError', (_name, input, code) => {
    let err: unknown;
    try {
      clf.predict(input as string);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RouterError);
    expect((err as RouterError).code).toBe(code);
    expect((err as RouterError).message.length).toBeGreaterThan(20);
  });

  it('reads a 5 MB string (cut to the model limit) without throwing', () => {
    const huge = `USER: ${'our brand voice guide says keep it playful '.repeat(130_000)}`;
    expect(huge.length).toBeGreaterThan(5_000_000);
    const p = clf.predict(huge);
    checkPrediction(p);
    expect(p.truncated).toBe(true);
  });

  it('accepts text with odd unicode and turns with unknown roles', () => {
    checkPrediction(clf.predict('USER: 🚀🚀 ñandú — “quotes” \uFFFF'));
    checkPrediction(clf.predict([{ role: 'unknown', content: 'a single bare turn' }]));
  });

  it('decodes the same input the same way every time', () => {
    const text = 'USER: Q3 launch is our top priority; the campaign goes live in May.';
    const first = clf.predict(text);
    expect(clf.predict(text)).toEqual(first);
    const cats: CategoryName[] = first.categories;
    expect(cats.length).toBeGreaterThan(0);
  });
});
