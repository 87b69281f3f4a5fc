/**
 * The Memories page's data: the overview (which ids to list, grouped and ordered, from the search
 * index) re-read when the index says the list changed, at most once per REFRESH_MS while writes
 * keep coming (an import or another tab's batch); and the memories of the rows on screen, read a
 * screenful at a time and kept while they are still valid.
 */
import { useEffect, useRef, useState } from 'react';
import { toRouterError, type RouterError } from '../../core/errors';
import type { MemoryFilters, MemoryItem, MemoryStore, Overview } from '../../memory';

const REFRESH_MS = 150;
/** Memories kept read beyond those on screen (scrolling back needs no new read). */
const CACHE_LIMIT = 2_000;

export interface OverviewState {
  overview: Overview | null;
  /** Increases with every new overview: items read before it may be out of date. */
  version: number;
  error: RouterError | null;
}

export function useOverview(store: MemoryStore, filters: MemoryFilters): OverviewState {
  const [state, setState] = useState<OverviewState>({ overview: null, version: 0, error: null });
  useEffect(() => {
    let live = true;
    let running = false;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const read = async () => {
      if (running) { again = true; return; }
      running = true;
      try {
        const overview = await store.overview({ filters });
        if (live) setState((s) => ({ overview, version: s.version + 1, error: null }));
      } catch (e) {
        if (live) setState((s) => ({ ...s, error: toRouterError(e) }));
      } finally {
        running = false;
        if (again && live) { again = false; schedule(); }
      }
    };
    const schedule = () => { timer ??= setTimeout(() => { timer = null; void read(); }, REFRESH_MS); };
    void read();
    const off = store.subscribe((e) => { if (e.listChanged) schedule(); });
    return () => { live = false; off(); if (timer) clearTimeout(timer); };
  }, [store, filters]);
  return state;
}

/** The memories with these ids (those on screen), read once per overview version. */
export function useMemoryItems(store: MemoryStore, ids: readonly string[], version: number): ReadonlyMap<string, MemoryItem> {
  const cache = useRef(new Map<string, { item: MemoryItem; version: number }>());
  const [, setTick] = useState(0);
  const key = ids.join('|');
  useEffect(() => {
    const wanted = ids.filter((id) => (cache.current.get(id)?.version ?? -1) < version);
    if (!wanted.length) return;
    let live = true;
    store.getMany(wanted).then((items) => {
      if (cache.current.size > CACHE_LIMIT) {
        const keep = new Set(ids);
        for (const id of cache.current.keys()) if (!keep.has(id)) cache.current.delete(id);
      }
      const found = new Set(items.map((m) => m.id));
      for (const m of items) cache.current.set(m.id, { item: m, version });
      for (const id of wanted) if (!found.has(id)) cache.current.delete(id);
      if (live) setTick((t) => t + 1);
    }, () => { /* the next overview reads them again */ });
    return () => { live = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, key, version]);
  const out = new Map<string, MemoryItem>();
  for (const id of ids) {
    const hit = cache.current.get(id);
    if (hit) out.set(id, hit.item);
  }
  return out;
}
