import { describe, expect, it } from 'vitest';
import { chooseEmbedder } from '../../src/embed/choose';
import type { RetrievalReport } from '../../src/memory/search/retrieval-eval';

const report = (mrr: number): RetrievalReport => ({
  keyword: { p_at_1: 0, p_at_5: 0, mrr: 0 },
  vector: { p_at_1: 0, p_at_5: 0, mrr },
  hybrid: { p_at_1: 0, p_at_5: 0, mrr },
});

describe('chooseEmbedder', () => {
  it.each([
    ['the neural model when it retrieves clearly better', [{ id: 'lite', report: report(0.3), msPerText: 0.4 }, { id: 'neural', report: report(0.6), msPerText: 8 }], 'neural'],
    ['embed-lite when the neural model is no better', [{ id: 'lite', report: report(0.5), msPerText: 0.4 }, { id: 'neural', report: report(0.45), msPerText: 8 }], 'lite'],
    ['the faster one on a near tie', [{ id: 'neural', report: report(0.505), msPerText: 8 }, { id: 'lite', report: report(0.5), msPerText: 0.4 }], 'lite'],
  ])('keeps %s', (_name, measured, expected) => {
    expect(chooseEmbedder(measured)?.id).toBe(expected);
  });
  it('returns null when nothing was measured', () => {
    expect(chooseEmbedder([])).toBeNull();
  });
});
