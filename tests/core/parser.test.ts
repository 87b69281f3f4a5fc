import { describe, expect, it } from 'vitest';
import { parseCategories } from '../../src/core/parser';

describe('parseCategories', () => {
  const cases: Array<[string, unknown, string[], Partial<{ unknown: string[]; valid: boolean; droppedNone: boolean }>]> = [
    ['comma separated', 'company.brand_core, user.role_context', ['company.brand_core', 'user.role_context'], { valid: true }],
    ['newline separated', 'user.role_context\ncompany.brand_core', ['company.brand_core', 'user.role_context'], {}],
    ['bullets', '- company.tools_config\n* user.session_history\n• none', ['company.tools_config', 'user.session_history'], { droppedNone: true }],
    ['numbered list', '1. company.tools_config\n2) user.workflow_patterns', ['company.tools_config', 'user.workflow_patterns'], {}],
    ['categories: prefix', 'Categories: company.performance_context', ['company.performance_context'], {}],
    ['any case', 'COMPANY.Brand_Core, User.Role_Context', ['company.brand_core', 'user.role_context'], {}],
    ['JSON array', '["user.communication_style", "company.brand_core"]', ['company.brand_core', 'user.communication_style'], {}],
    ['JSON array inside prose', 'Answer: ["none"] because it is small talk', ['none'], {}],
    ['duplicates removed', 'none, none, NONE', ['none'], {}],
    ['duplicates of real names', 'company.brand_core, company.brand_core', ['company.brand_core'], {}],
    ['unknown dropped and reported', 'company.brand_core, company.finance', ['company.brand_core'], { unknown: ['company.finance'] }],
    ['none never mixed', 'none, user.role_context', ['user.role_context'], { droppedNone: true }],
    ['only none', 'none', ['none'], { droppedNone: false }],
    ['quoted and trailing period', '"company.brand_core".', ['company.brand_core'], {}],
    ['semicolons and pipes', 'company.brand_core; user.role_context | none', ['company.brand_core', 'user.role_context'], {}],
    ['empty string', '', [], { valid: false }],
    ['whitespace', '   \n ', [], { valid: false }],
    ['non-string', 42, [], { valid: false }],
    ['null', null, [], { valid: false }],
    ['only unknown', 'marketing, brand', [], { valid: false, unknown: ['marketing', 'brand'] }],
    ['malformed JSON array falls back to splitting', '[company.brand_core, user.role_context', ['company.brand_core', 'user.role_context'], {}],
  ];
  it.each(cases)('%s', (_name, input, expected, extra) => {
    const r = parseCategories(input);
    expect(r.categories).toEqual(expected);
    if (extra.valid !== undefined) expect(r.valid).toBe(extra.valid);
    if (extra.unknown) expect(r.unknown).toEqual(extra.unknown);
    if (extra.droppedNone !== undefined) expect(r.droppedNone).toBe(extra.droppedNone);
  });

  it('handles a 5 MB string quickly without throwing', () => {
    const big = 'company.brand_core, '.repeat(250_000);
    expect(big.length).toBeGreaterThanOrEqual(5_000_000);
    const r = parseCategories(big);
    expect(r.categories).toEqual(['company.brand_core']);
  });

  it('caps the number of unknown tokens reported', () => {
    const r = parseCategories(Array.from({ length: 500 }, (_, i) => `junk${i}`).join(','));
    expect(r.unknown.length).toBeLessThanOrEqual(50);
    expect(r.valid).toBe(false);
  });
});
