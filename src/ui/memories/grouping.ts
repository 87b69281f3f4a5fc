/**
 * The Memories page's list as flat rows for the virtualized list: a header per scope, a header per
 * category (which can be folded), and one row per memory id. The grouping and order come from the
 * search index (MemoryStore.overview, computed in its worker); this only lays them out, once per
 * change of the overview or of the folded categories, never per keystroke. Plain TS.
 */
import { categoryInfo, type MemoryCategory } from '../../core/taxonomy';
import type { Overview } from '../../memory';

export type ListRow =
  | { kind: 'scope'; key: string; scope: 'company' | 'user'; count: number }
  | { kind: 'category'; key: string; category: MemoryCategory; count: number; open: boolean }
  | { kind: 'memory'; key: string; id: string };

export function listRows(overview: Overview, folded: ReadonlySet<MemoryCategory>): ListRow[] {
  const rows: ListRow[] = [];
  for (const scope of ['company', 'user'] as const) {
    const groups = overview.groups.filter((g) => categoryInfo(g.category).scope === scope);
    const count = groups.reduce((n, g) => n + g.ids.length, 0);
    if (count === 0) continue;
    rows.push({ kind: 'scope', key: `scope:${scope}`, scope, count });
    for (const g of groups) {
      const open = !folded.has(g.category);
      rows.push({ kind: 'category', key: `category:${g.category}`, category: g.category, count: g.ids.length, open });
      if (open) for (const id of g.ids) rows.push({ kind: 'memory', key: `memory:${id}`, id });
    }
  }
  return rows;
}
