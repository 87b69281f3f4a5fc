import { describe, expect, it } from 'vitest';
import { knownItemQuery, ownStoreDataset } from '../../src/ui/retrieval/own-store-dataset';
import { evaluateRetrieval } from '../../src/memory/search/retrieval-eval';

describe('own-store retrieval dataset', () => {
  it('queries with every other content word, at most six', () => {
    expect(knownItemQuery('Our brand voice is warm, plain-spoken and a little playful, never corporate jargon'))
      .toBe('voice plain-spoken playful corporate');
    expect(knownItemQuery('Thanks a lot!')).toBeNull();
  });

  it('makes one query per memory with enough words; duplicates are all relevant', () => {
    const d = ownStoreDataset([
      { id: 'a', text: 'Back-to-school campaign launches August 15 with paid social budget', category: 'company.business_priorities', hash: 'h1' },
      { id: 'b', text: 'Back-to-school campaign launches August 15 with paid social budget', category: 'company.business_priorities', hash: 'h1' },
      { id: 'c', text: 'Short answers', category: 'user.communication_style', hash: 'h2' },
    ]);
    expect(d.queries).toHaveLength(2);
    expect(d.queries[0].relevant).toEqual(['a', 'b']);
    expect(d.skipped).toBe(1);
  });

  it('keyword search finds known items among distractors (the metric is not constant)', () => {
    const texts = [
      'Back-to-school campaign launches August fifteenth with paid social budget',
      'Brand voice stays warm plain-spoken playful without corporate jargon',
      'Email sends moved from Mailchimp to Customer.io last month',
      'Head of growth approves spending below fifty thousand personally',
    ];
    const d = ownStoreDataset(texts.map((text, i) => ({ id: `m${i}`, text, category: 'company.brand_core', hash: `h${i}` })));
    const report = evaluateRetrieval(d, null);
    expect(report.keyword.p_at_1).toBe(1);
    // A dataset whose queries point at the wrong memory scores below 1: the metric can fail.
    const shuffled = { ...d, queries: d.queries.map((q, i) => ({ ...q, relevant: [`m${(i + 1) % 4}`] })) };
    expect(evaluateRetrieval(shuffled, null).keyword.p_at_1).toBe(0);
  });
});
