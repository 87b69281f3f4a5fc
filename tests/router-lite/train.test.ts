import { describe, expect, it } from 'vitest';
import {
  buildVocabulary, groupedFolds, shortViews, trainRouterLite, balancedWeights, fitModel,
} from '../../training/router-lite/train';
import { fitLogistic, csrFromRows } from '../../training/lib/logistic';
import { fitPlatt } from '../../training/router-lite/calibration';
import { LiteClassifier } from '../../src/core/lite/classifier';
import { CATEGORY_NAMES } from '../../src/core/taxonomy';
import { SMALL_HP, syntheticExamples, prng } from './synthetic';

describe('router-lite training', () => {
  it('is deterministic: training twice gives identical model bytes', () => {
    const data = syntheticExamples(130);
    const opts = { folds: 3, objective: 'balanced' as const, dataHash: 'test' };
    const a = JSON.stringify(trainRouterLite(data, SMALL_HP, opts).model);
    const b = JSON.stringify(trainRouterLite(syntheticExamples(130), SMALL_HP, opts).model);
    expect(a).toBe(b);
  });

  it('learns the synthetic signal well above chance in cross-validation', () => {
    const { model, cv } = trainRouterLite(syntheticExamples(260), SMALL_HP, { folds: 4, objective: 'plain', dataHash: 'x' });
    expect(cv.nested.plain.avg_f1).toBeGreaterThan(0.6);
    expect(model.training.cv.folds).toBe(4);
    const clf = LiteClassifier.fromModel(model);
    const p = clf.predict('USER: role context rolex roley please\nASSISTANT: sure');
    expect(p.categories).toContain('user.role_context');
  });

  it('changes the model when the data changes (the bytes depend on the data)', () => {
    const a = fitModel(syntheticExamples(60, 1), SMALL_HP);
    const b = fitModel(syntheticExamples(60, 2), SMALL_HP);
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
  });
});

describe('grouped folds', () => {
  it('never puts one group in two folds and uses every fold', () => {
    const data = syntheticExamples(100);
    const folds = groupedFolds(data, 5);
    const foldOfGroup = new Map<string, number>();
    data.forEach((e, i) => {
      if (foldOfGroup.has(e.group)) expect(foldOfGroup.get(e.group)).toBe(folds[i]);
      foldOfGroup.set(e.group, folds[i]);
    });
    expect(new Set(folds).size).toBe(5);
  });
});

describe('vocabulary', () => {
  it('keeps terms by document frequency with a fixed tie order and min df', () => {
    const docs = [new Map([['b', 1], ['a', 2], ['c', 1]]), new Map([['a', 1], ['b', 3]]), new Map([['d', 1]])];
    const v = buildVocabulary(docs, 2, 10);
    expect(v.terms).toEqual(['a', 'b']);
    expect(v.idf[0]).toBeCloseTo(Math.log(4 / 3) + 1, 4);
    expect(buildVocabulary(docs, 1, 3).terms).toEqual(['a', 'b', 'c']);
  });
});

describe('short views', () => {
  it('pairs each user turn with the reply after it, only when there are several', () => {
    const conv = [
      { role: 'user' as const, content: 'u1' }, { role: 'assistant' as const, content: 'a1' },
      { role: 'user' as const, content: 'u2' },
    ];
    expect(shortViews(conv)).toEqual([[conv[0], conv[1]], [conv[2]]]);
    expect(shortViews(conv.slice(0, 2))).toEqual([]);
  });
});

describe('balanced weights', () => {
  it('give each category equal total weight among single-label examples, mean 1', () => {
    const ex = (c: (typeof CATEGORY_NAMES)[number]) => ({ conversation: [], categories: [c], group: c, source: 's' });
    const w = balancedWeights([ex('none'), ex('none'), ex('none'), ex('user.role_context')]);
    expect(w[0] * 3).toBeCloseTo(w[3], 10);
    expect(Array.from(w).reduce((a, b) => a + b, 0) / w.length).toBeCloseTo(1, 10);
  });
});

describe('logistic regression solver', () => {
  it('separates a linearly separable toy problem and leaves no gradient', () => {
    const rand = prng(3);
    const rows = [];
    const y = new Uint8Array(200);
    for (let i = 0; i < 200; i++) {
      const a = rand() * 2 - 1;
      const b = rand() * 2 - 1;
      rows.push({ idx: Int32Array.from([0, 1]), val: Float64Array.from([a, b]) });
      y[i] = a + 0.5 * b > 0 ? 1 : 0;
    }
    const fit = fitLogistic({
      x: csrFromRows(rows, 2), y, k: 1, rowWeight: new Float64Array(200).fill(1),
      positiveWeight: Float64Array.from([1]), l2: 1e-3,
    }, { maxIterations: 200, tolerance: 1e-12, history: 5 });
    let correct = 0;
    rows.forEach((r, i) => {
      const z = fit.w[0] * r.val[0] + fit.w[1] * r.val[1] + fit.b[0];
      if ((z > 0 ? 1 : 0) === y[i]) correct++;
    });
    expect(correct).toBeGreaterThanOrEqual(196);
    expect(fit.w[0] / fit.w[1]).toBeCloseTo(2, 0);
  });
});

describe('Platt scaling', () => {
  it('recovers a known slope and offset from simulated scores', () => {
    const rand = prng(11);
    const n = 4000;
    const z = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      z[i] = rand() * 8 - 4;
      y[i] = rand() < 1 / (1 + Math.exp(-(2 * z[i] - 1))) ? 1 : 0;
    }
    const p = fitPlatt(z, y);
    expect(p.a).toBeGreaterThan(1.7);
    expect(p.a).toBeLessThan(2.3);
    expect(p.b).toBeGreaterThan(-1.3);
    expect(p.b).toBeLessThan(-0.7);
  });

  it('copes with a single class and with no data', () => {
    expect(Number.isFinite(fitPlatt([1, 2, 3], [1, 1, 1]).a)).toBe(true);
    expect(fitPlatt([], [])).toEqual({ a: 1, b: 0 });
  });
});
