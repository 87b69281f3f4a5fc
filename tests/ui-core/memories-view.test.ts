import { describe, expect, it } from 'vitest';
import { expiryLabel } from '../../src/ui/memories/expiry-label';
import { listLayout, listRows } from '../../src/ui/memories/grouping';
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

describe('listRows (the Memories page list, laid out from the index overview)', () => {
  const overview = {
    total: 5, shown: 4,
    groups: [
      { scope: 'company' as const, category: 'company.brand_core' as MemoryCategory, ids: ['c', 'd'] },
      { scope: 'company' as const, category: 'company.tools_config' as MemoryCategory, ids: ['b'] },
      { scope: 'user' as const, category: 'user.role_context' as MemoryCategory, ids: ['a'] },
    ],
  };

  it('puts a header per scope and per category before their memories, in the overview order', () => {
    expect(listRows(overview, new Set()).map((r) => (r.kind === 'memory' ? r.id : r.kind === 'scope' ? `${r.scope}(${r.count})` : `${r.category}(${r.count})`))).toEqual([
      'company(3)', 'company.brand_core(2)', 'c', 'd', 'company.tools_config(1)', 'b', 'user(1)', 'user.role_context(1)', 'a',
    ]);
  });

  it('leaves out the memories of a folded category but keeps its header and count', () => {
    const rows = listRows(overview, new Set<MemoryCategory>(['company.brand_core']));
    expect(rows.filter((r) => r.kind === 'memory').map((r) => (r as { id: string }).id)).toEqual(['b', 'a']);
    expect(rows.find((r) => r.kind === 'category' && r.category === 'company.brand_core')).toMatchObject({ open: false, count: 2 });
  });

  it('answers a row\'s kind without building it (what the list estimates heights from)', () => {
    const layout = listLayout(overview, new Set<MemoryCategory>(['company.tools_config']));
    expect(Array.from({ length: layout.count }, (_, i) => layout.kindAt(i))).toEqual(['scope', 'category', 'memory', 'memory', 'category', 'scope', 'category', 'memory']);
  });

  it('gives every row a distinct key and nothing for an empty store', () => {
    const keys = listRows(overview, new Set()).map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(listRows({ total: 0, shown: 0, groups: [] }, new Set())).toEqual([]);
  });
});
