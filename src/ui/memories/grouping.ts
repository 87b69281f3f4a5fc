/** Groups memories by scope, then category (taxonomy order), with counts. Plain TS. */
import { MEMORY_CATEGORIES, categoryInfo, type MemoryCategory } from '../../core/taxonomy';

export interface Groupable {
  category: MemoryCategory;
}

export interface CategoryGroup<T> {
  category: MemoryCategory;
  items: T[];
}

export interface ScopeGroup<T> {
  scope: 'company' | 'user';
  count: number;
  categories: CategoryGroup<T>[];
}

export function groupMemories<T extends Groupable>(memories: readonly T[]): ScopeGroup<T>[] {
  const byCategory = new Map<MemoryCategory, T[]>();
  for (const m of memories) {
    const list = byCategory.get(m.category);
    if (list) list.push(m); else byCategory.set(m.category, [m]);
  }
  const scopes: ScopeGroup<T>[] = [
    { scope: 'company', count: 0, categories: [] },
    { scope: 'user', count: 0, categories: [] },
  ];
  for (const category of MEMORY_CATEGORIES) {
    const items = byCategory.get(category);
    if (!items) continue;
    const scope = scopes.find((s) => s.scope === categoryInfo(category).scope)!;
    scope.categories.push({ category, items });
    scope.count += items.length;
  }
  return scopes.filter((s) => s.count > 0);
}
