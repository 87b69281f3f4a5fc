/**
 * Every stored memory, grouped by scope and category, as one virtualized list on the page's own
 * scroll (@tanstack/react-virtual): only the rows near the screen are in the DOM, whatever the
 * store holds, and a row's height is measured as it renders (a row grows when it is edited or
 * shows its history). Rows come from the index's overview; their memories are read as they scroll in.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { categoryInfo, type MemoryCategory } from '../../core/taxonomy';
import type { MemoryStore, Overview } from '../../memory';
import { listLayout } from './grouping';
import { MemoryRow } from './MemoryRow';
import { useMemoryItems } from './use-overview';

const ROW_ESTIMATE = { scope: 48, category: 40, memory: 104 } as const;
/** Rows rendered beyond the screen on each side: scrolling a little never shows an empty row. */
const OVERSCAN = 12;

/** Where the list starts on the page; re-measured when anything above it changes size (search results). */
function useListTop(ref: React.RefObject<HTMLElement | null>): number {
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const measure = () => {
      const el = ref.current;
      if (!el) return;
      const next = Math.round(el.getBoundingClientRect().top + window.scrollY);
      setTop((prev) => (prev === next ? prev : next));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    window.addEventListener('resize', measure);
    return () => { observer.disconnect(); window.removeEventListener('resize', measure); };
  }, [ref]);
  return top;
}

export function MemoryList({ store, overview, version, now }: { store: MemoryStore; overview: Overview; version: number; now: number }) {
  const [folded, setFolded] = useState<ReadonlySet<MemoryCategory>>(new Set());
  const layout = useMemo(() => listLayout(overview, folded), [overview, folded]);
  const listRef = useRef<HTMLDivElement>(null);
  const scrollMargin = useListTop(listRef);
  const virtualizer = useWindowVirtualizer<HTMLLIElement>({
    count: layout.count,
    estimateSize: (i) => ROW_ESTIMATE[layout.kindAt(i)],
    // No getItemKey: the virtualizer would ask every row its key up front (100k strings at 100k memories).
    overscan: OVERSCAN,
    scrollMargin,
  });
  const items = virtualizer.getVirtualItems();
  const rows = items.map((vi) => layout.rowAt(vi.index));
  const visibleIds = rows.flatMap((r) => (r.kind === 'memory' ? [r.id] : []));
  const memories = useMemoryItems(store, visibleIds, version);
  const toggle = (c: MemoryCategory) => setFolded((f) => {
    const next = new Set(f);
    if (next.has(c)) next.delete(c); else next.add(c);
    return next;
  });

  return (
    <div ref={listRef} data-testid="memory-list" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
      <ul
        className="memory-list"
        aria-label={`${overview.shown} memories`}
        style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${(items[0]?.start ?? 0) - scrollMargin}px)` }}
      >
        {items.map((vi, n) => {
          const row = rows[n];
          if (row.kind === 'scope') {
            return (
              <li key={row.key} data-index={vi.index} ref={virtualizer.measureElement} className="memory-group">
                <h3 data-testid={`scope-${row.scope}`}>{row.scope === 'company' ? 'Company' : 'User'} <span className="muted">({row.count})</span></h3>
              </li>
            );
          }
          if (row.kind === 'category') {
            const info = categoryInfo(row.category);
            return (
              <li key={row.key} data-index={vi.index} ref={virtualizer.measureElement} className="memory-group" data-testid={`category-${row.category}`}>
                <button type="button" className="category-toggle" aria-expanded={row.open} onClick={() => toggle(row.category)}>
                  <strong>{info.label}</strong> <span className="muted">({row.count}) · {info.horizonLabel} · {info.description}</span>
                </button>
              </li>
            );
          }
          const memory = memories.get(row.id);
          if (!memory) {
            return <li key={row.key} data-index={vi.index} ref={virtualizer.measureElement} className="memory memory-loading" aria-busy="true">Loading…</li>;
          }
          return <MemoryRow key={row.key} store={store} memory={memory} now={now} rowRef={virtualizer.measureElement} index={vi.index} />;
        })}
      </ul>
    </div>
  );
}
