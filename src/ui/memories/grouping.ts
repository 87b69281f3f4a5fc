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

/**
 * The rows without making one object per memory: headers are listed, memory rows are ranges of a
 * group's ids, and rowAt() builds a row when the list renders it. At 100k memories this is what
 * keeps a change of the list cheap for the page.
 */
export interface ListLayout {
  count: number;
  rowAt(index: number): ListRow;
  kindAt(index: number): ListRow['kind'];
}

export function listLayout(overview: Overview, folded: ReadonlySet<MemoryCategory>): ListLayout {
  // Segments in order: a header (one row) or a run of memory rows from one group.
  const starts: number[] = [];
  const segments: Array<ListRow | { ids: readonly string[] }> = [];
  let count = 0;
  for (const scope of ['company', 'user'] as const) {
    const groups = overview.groups.filter((g) => categoryInfo(g.category).scope === scope);
    const total = groups.reduce((n, g) => n + g.ids.length, 0);
    if (total === 0) continue;
    starts.push(count++);
    segments.push({ kind: 'scope', key: `scope:${scope}`, scope, count: total });
    for (const g of groups) {
      const open = !folded.has(g.category);
      starts.push(count++);
      segments.push({ kind: 'category', key: `category:${g.category}`, category: g.category, count: g.ids.length, open });
      if (open && g.ids.length) {
        starts.push(count);
        segments.push({ ids: g.ids });
        count += g.ids.length;
      }
    }
  }
  const segmentOf = (index: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= index) lo = mid; else hi = mid - 1;
    }
    return lo;
  };
  const rowAt = (index: number): ListRow => {
    const s = segmentOf(index);
    const seg = segments[s];
    if ('kind' in seg) return seg;
    const id = seg.ids[index - starts[s]];
    return { kind: 'memory', key: `memory:${id}`, id };
  };
  return { count, rowAt, kindAt: (index) => { const seg = segments[segmentOf(index)]; return 'kind' in seg ? seg.kind : 'memory'; } };
}

/** Every row as an object: the layout spelled out (tests, small lists). */
export function listRows(overview: Overview, folded: ReadonlySet<MemoryCategory>): ListRow[] {
  const layout = listLayout(overview, folded);
  return Array.from({ length: layout.count }, (_, i) => layout.rowAt(i));
}
