import { describe, expect, it } from 'vitest';
import { stem, tokenize } from '../../src/core/tokenize';

describe('stem', () => {
  it.each([
    ['campaigns', 'campaign'],
    ['strategies', 'strategy'],
    ['launched', 'launch'],
    ['launches', 'launch'],
    ['launching', 'launch'],
    ['planned', 'plan'],
    ['shared', 'shar'],
    ['sharing', 'shar'],
    ['shares', 'shar'],
    ['business', 'business'],
    ['access', 'access'],
    ['q3', 'q3'],
    ['ads', 'ads'],
    ["brand's", 'brand'],
  ])('%s -> %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});

describe('tokenize', () => {
  it('lower-cases, drops stopwords and punctuation, stems', () => {
    expect(tokenize('The Q3 Campaigns are LAUNCHING on LinkedIn!')).toEqual(['q3', 'campaign', 'launch', 'linkedin']);
  });
  it('keeps non-Latin words', () => {
    expect(tokenize('Größe der Kampagne — 成长')).toEqual(['größ', 'der', 'kampagn', '成长']);
  });
  it('can keep stopwords and skip stemming', () => {
    expect(tokenize('We shared the plans', { stopwords: false, stem: false })).toEqual(['we', 'shared', 'the', 'plans']);
  });
  it('returns nothing for empty or symbol-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('... !!! ---')).toEqual([]);
  });
});
