import { describe, expect, it } from 'vitest';
import { expiryLabel } from '../../src/ui/memories/expiry-label';
import { groupMemories } from '../../src/ui/memories/grouping';
import type { MemoryCategory } from '../../src/core/taxonomy';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 0, 1);

describe('expiryLabel', () => {
  it.each([
    { name: 'pinned wins over expiry', m: { expiresAt: NOW - DAY, pinned: true }, text: 'pinned · kept', tone: 'ok' },
    { name: 'never expires', m: { expiresAt: null, pinned: false }, text: 'kept', tone: 'neutral' },
    { name: 'evolving, review due', m: { expiresAt: null, reviewAt: NOW - 1, pinned: false }, text: 'due for review', tone: 'warn' },
    { name: 'evolving, review later', m: { expiresAt: null, reviewAt: NOW + DAY, pinned: false }, text: 'kept', tone: 'neutral' },
    { name: 'expired', m: { expiresAt: NOW, pinned: false }, text: 'expired', tone: 'bad' },
    { name: 'within a day', m: { expiresAt: NOW + 3_600_000, pinned: false }, text: 'expires within a day', tone: 'warn' },
    { name: 'soon', m: { expiresAt: NOW + 10 * DAY, pinned: false }, text: 'expires in 10 days', tone: 'warn' },
    { name: 'weeks', m: { expiresAt: NOW + 30 * DAY, pinned: false }, text: 'expires in 30 days', tone: 'neutral' },
    { name: 'months', m: { expiresAt: NOW + 182 * DAY, pinned: false }, text: 'expires in 6 months', tone: 'neutral' },
  ])('$name', ({ m, text, tone }) => {
    expect(expiryLabel(m, NOW)).toEqual({ text, tone });
  });
});

describe('groupMemories', () => {
  it('groups by scope, then category in taxonomy order, with counts', () => {
    const mk = (category: MemoryCategory, id: string) => ({ category, id });
    const groups = groupMemories([
      mk('user.role_context', 'a'), mk('company.tools_config', 'b'), mk('company.brand_core', 'c'), mk('company.brand_core', 'd'),
    ]);
    expect(groups.map((g) => [g.scope, g.count])).toEqual([['company', 3], ['user', 1]]);
    expect(groups[0].categories.map((c) => [c.category, c.items.map((i) => i.id)])).toEqual([
      ['company.brand_core', ['c', 'd']], ['company.tools_config', ['b']],
    ]);
  });
  it('returns no groups for an empty store', () => {
    expect(groupMemories([])).toEqual([]);
  });
});
