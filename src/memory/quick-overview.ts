/**
 * The Memories page's list from the database's indexes alone: the ids in `updatedAt` order and the
 * ids of each category, read as keys (IndexedDB getAllKeys), never as rows. At 100k memories this
 * takes a fraction of reading the rows, so the search worker answers the page's list with it
 * while it still loads the full index. Same order as MemoryIndex.overview: newest update first,
 * ties by id, later id first (the updatedAt index's order, reversed).
 */
import { categoryInfo, MEMORY_CATEGORIES, type MemoryCategory } from '../core/taxonomy';
import type { MemoryDexie, StoredScope } from './db';
import type { FilterSpec, Overview } from './memory-index';

export interface QuickList {
  total: number;
  /** Per category, newest first. */
  byCategory: Map<MemoryCategory, string[]>;
}

export async function readQuickList(db: MemoryDexie): Promise<QuickList> {
  const [order, ...perCategory] = await db.transaction('r', db.memories, () => Promise.all([
    db.memories.orderBy('updatedAt').primaryKeys(),
    ...MEMORY_CATEGORIES.map((c) => db.memories.where('category').equals(c).primaryKeys()),
  ]));
  const categoryOf = new Map<string, MemoryCategory>();
  perCategory.forEach((ids, i) => { for (const id of ids) categoryOf.set(id as string, MEMORY_CATEGORIES[i]); });
  const byCategory = new Map<MemoryCategory, string[]>();
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i] as string;
    const c = categoryOf.get(id);
    if (!c) continue;
    const list = byCategory.get(c);
    if (list) list.push(id); else byCategory.set(c, [id]);
  }
  return { total: order.length, byCategory };
}

/** True when the quick list can answer this spec (scope and category filters only: no user, metadata or expiry). */
export function quickCanAnswer(spec: FilterSpec): boolean {
  return spec.userId === undefined && !spec.metadata && spec.includeExpired === true;
}

export function quickOverview(list: QuickList, spec: FilterSpec): Overview {
  const groups: Overview['groups'] = [];
  let shown = 0;
  for (const category of MEMORY_CATEGORIES) {
    const ids = list.byCategory.get(category);
    if (!ids?.length) continue;
    const scope = categoryInfo(category).scope as StoredScope;
    if (spec.scope !== undefined && scope !== spec.scope) continue;
    if (spec.category !== undefined && (typeof spec.category === 'string' ? spec.category !== category : !spec.category.includes(category))) continue;
    groups.push({ scope, category, ids });
    shown += ids.length;
  }
  groups.sort((a, b) => (a.scope === b.scope ? 0 : a.scope === 'company' ? -1 : 1));
  return { total: list.total, shown, groups };
}
