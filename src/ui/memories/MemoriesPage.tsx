import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { RouterError, toRouterError } from '../../core/errors';
import { categoryInfo, MEMORY_CATEGORIES, type MemoryCategory } from '../../core/taxonomy';
import { SEARCH_MODES, type SearchMode } from '../../memory/search';
import type { MemoryFilters, MemoryStore, SearchResult } from '../../memory';
import { useEmbedderNeeded } from '../app-state/AppState';
import { ErrorNotice, Notice } from '../shell/Notice';
import { StoreGate } from '../shell/StoreGate';
import { MemoryList } from './MemoryList';
import { MemoryRow } from './MemoryRow';
import { StoreTools } from './StoreTools';
import { OrphanedEdits } from './OrphanedEdits';
import { useOverview } from './use-overview';

export function MemoriesPage() {
  return (
    <section aria-labelledby="memories-title">
      <h1 id="memories-title">Memories</h1>
      <p className="muted">Everything stored in this browser, grouped by scope and category. Changes made in another tab appear here at once.</p>
      <StoreGate>{(store) => <MemoriesView store={store} />}</StoreGate>
    </section>
  );
}

interface FilterState {
  scope: '' | 'company' | 'user';
  category: '' | MemoryCategory;
  includeExpired: boolean;
}

function toFilters(f: FilterState): MemoryFilters {
  return {
    ...(f.scope ? { scope: f.scope } : {}),
    ...(f.category ? { category: f.category } : {}),
    includeExpired: f.includeExpired,
  };
}

function MemoriesView({ store }: { store: MemoryStore }) {
  useEmbedderNeeded();
  const [filters, setFilters] = useState<FilterState>({ scope: '', category: '', includeExpired: true });
  const filterSpec = useMemo(() => toFilters(filters), [filters]);
  // What to list comes from the search index (in its worker), re-read when the index changes
  // (writes here or in another tab); the rows on screen are read as they scroll in.
  const { overview, version, error } = useOverview(store, filterSpec);
  const total = useLiveQuery(async () => (await store.counts()).memories, [store]);
  const now = useMemo(() => Date.now(), [version]);

  return (
    <>
      <StoreTools store={store} total={total} />
      <OrphanedEdits store={store} />
      <SearchPanel store={store} filters={filters} setFilters={setFilters} filterSpec={filterSpec} version={version} now={now} />
      <div className="card">
        <h2>
          Stored <span className="muted" data-testid="memory-count">({overview?.shown ?? '…'} shown{overview && overview.total !== overview.shown ? ` of ${overview.total}` : ''})</span>
        </h2>
        {error && <ErrorNotice error={error} title="Your memories could not be listed" />}
        {!overview && !error && <Notice kind="loading">Reading your memories…</Notice>}
        {overview && overview.shown === 0 && (
          <Notice kind="empty" testId="memories-empty">
            {overview.total ? 'No memory matches these filters.' : <>No memories yet. <a href="#/classify">Classify a conversation</a> and save what it finds, or import an export.</>}
          </Notice>
        )}
        {overview && overview.shown > 0 && <MemoryList store={store} overview={overview} version={version} now={now} />}
        {overview && <IndexFigures store={store} />}
      </div>
    </>
  );
}

/** What the search index holds, as the worker last reported it (re-read whenever the index changes). */
function IndexFigures({ store }: { store: MemoryStore }) {
  const [, changed] = useState(0);
  useEffect(() => store.subscribe(() => changed((n) => n + 1)), [store]);
  const s = store.indexStats;
  return (
    <p className="muted" data-testid="index-stats" data-vector-bytes={s.vectorBytes} data-precision={s.precision ?? ''} data-embedder={store.embedder?.id ?? ''}>
      Search index: {s.size} memories, {s.vectorCount} with vectors{s.precision ? ` (${s.precision}, ${(s.vectorBytes / 1e6).toFixed(1)} MB)` : ''}.
    </p>
  );
}

function SearchPanel({ store, filters, setFilters, filterSpec, version, now }: {
  store: MemoryStore;
  filters: FilterState;
  setFilters: (f: FilterState) => void;
  filterSpec: MemoryFilters;
  version: number;
  now: number;
}) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [mode, setMode] = useState<'' | SearchMode>('');
  // The answer keeps the query it answers: the heading never names a query the results are not for.
  const [result, setResult] = useState<{ query: string; answer: SearchResult } | null>(null);
  const [error, setError] = useState<RouterError | null>(null);

  // Re-run the last search when the filters change or the store changes (any tab).
  useEffect(() => {
    if (!submitted) { setResult(null); return; }
    let live = true;
    store.search(submitted, { limit: 20, filters: filterSpec, ...(mode ? { mode } : {}) }).then(
      (answer) => { if (live) { setResult({ query: submitted, answer }); setError(null); } },
      (e: unknown) => { if (live) setError(toRouterError(e)); },
    );
    return () => { live = false; };
  }, [store, submitted, mode, filterSpec, version]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!query.trim()) { setError(new RouterError('EMPTY_INPUT', 'Type something to search for.')); setSubmitted(''); return; }
    setSubmitted(query.trim());
  };

  return (
    <div className="card">
      <form role="search" onSubmit={onSubmit} className="stack">
        <div className="field">
          <label htmlFor={`${id}-q`}>Search memories</label>
          <div className="row" style={{ flexWrap: 'nowrap' }}>
            <input id={`${id}-q`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="e.g. brand voice, Q3 goals, how I like answers" />
            <button type="submit" className="primary">Search</button>
          </div>
        </div>
        <div className="row">
          <div className="field-inline">
            <label htmlFor={`${id}-mode`}>Mode</label>
            <select id={`${id}-mode`} value={mode} onChange={(e) => setMode(e.target.value as '' | SearchMode)}>
              <option value="">auto (hybrid when vectors exist)</option>
              {SEARCH_MODES.map((m) => <option key={m} value={m}>{m}</option>)}
            </select>
          </div>
          <div className="field-inline">
            <label htmlFor={`${id}-scope`}>Scope</label>
            <select id={`${id}-scope`} value={filters.scope} onChange={(e) => setFilters({ ...filters, scope: e.target.value as FilterState['scope'] })}>
              <option value="">all</option>
              <option value="company">company</option>
              <option value="user">user</option>
            </select>
          </div>
          <div className="field-inline">
            <label htmlFor={`${id}-cat`}>Category</label>
            <select id={`${id}-cat`} value={filters.category} onChange={(e) => setFilters({ ...filters, category: e.target.value as FilterState['category'] })}>
              <option value="">all</option>
              {MEMORY_CATEGORIES.map((c) => <option key={c} value={c}>{categoryInfo(c).scope} · {categoryInfo(c).label}</option>)}
            </select>
          </div>
          <div className="field-inline">
            <input id={`${id}-exp`} type="checkbox" checked={filters.includeExpired} onChange={(e) => setFilters({ ...filters, includeExpired: e.target.checked })} />
            <label htmlFor={`${id}-exp`}>Show expired</label>
          </div>
        </div>
      </form>
      {error && <ErrorNotice error={error} title="Search failed" />}
      {submitted && !error && submitted !== result?.query && (
        <p className="muted" aria-busy="true" data-testid="search-pending">Searching for “{submitted}”…</p>
      )}
      {result && (
        <div aria-live="polite" data-testid="search-results" className={submitted !== result.query ? 'stale' : undefined}>
          <h2>Results for “{result.query}” <span className="muted">({result.answer.results.length} · {result.answer.mode} search)</span></h2>
          {result.answer.results.length === 0
            ? <Notice kind="empty">Nothing matches. Try other words, or clear the filters.</Notice>
            : (
              <SplitResults result={result.answer} store={store} now={now} />
            )}
        </div>
      )}
    </div>
  );
}

/**
 * Vector search ranks every memory, so a query always "matches" everything. Results scoring under
 * half the best one are folded away (still one click to see): a relative cut, not a calibrated
 * relevance threshold, and the page says so.
 */
const WEAK_SHARE = 0.5;

function SplitResults({ result, store, now }: { result: SearchResult; store: MemoryStore; now: number }) {
  const top = result.results[0]?.score ?? 0;
  const strong = result.results.filter((m) => m.score >= top * WEAK_SHARE);
  const weak = result.results.slice(strong.length);
  const row = (m: SearchResult['results'][number]) => <MemoryRow key={m.id} store={store} memory={m} score={m.score} now={now} showCategory />;
  return (
    <>
      <ul className="memory-list" data-testid="search-strong">{strong.map(row)}</ul>
      {weak.length > 0 && (
        <details>
          <summary>{weak.length} weaker match{weak.length === 1 ? '' : 'es'} (score under half the best)</summary>
          <ul className="memory-list">{weak.map(row)}</ul>
        </details>
      )}
    </>
  );
}
