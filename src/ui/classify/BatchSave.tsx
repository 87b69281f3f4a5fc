import { useRef, useState } from 'react';
import type { ParsedInput } from '../../core/input';
import { RouterError, toRouterError } from '../../core/errors';
import { DEFAULT_USER_ID, type MemoryStore } from '../../memory';
import type { IngestItem } from '../../memory/ingest';
import { storableCategories } from '../../core/taxonomy';
import { useAppState } from '../app-state/AppState';
import { proposeMemories } from '../app-state/memories';
import type { BatchRow } from './batch-run';
import { ErrorNotice, Notice } from '../shell/Notice';
import { ProgressBar } from '../shell/ProgressBar';
import { StoreGate } from '../shell/StoreGate';

/** Stores the memories of every routed conversation of a batch (not those routed to `none`). */
export function BatchSave(props: { input: ParsedInput; rows: readonly BatchRow[] }) {
  return <StoreGate>{(store) => <BatchSaver store={store} {...props} />}</StoreGate>;
}

function BatchSaver({ store, input, rows }: { store: MemoryStore; input: ParsedInput; rows: readonly BatchRow[] }) {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [stored, setStored] = useState(0);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<RouterError | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const { engine, extractionEngine } = useAppState();
  const byOrigin = new Map(input.origins.map((o, i) => [o, input.conversations[i]]));
  const worth = rows.filter((r) => r.result && storableCategories(r.result.categories).length > 0);

  const save = async () => {
    const ctrl = new AbortController();
    abortRef.current = ctrl;
    setError(null);
    setSaved(null);
    setRunning(true);
    setStored(0);
    setProgress({ done: 0, total: worth.length });
    try {
      const sources = { selected: engine, lite: extractionEngine };
      const saving = worth.filter((row) => byOrigin.has(row.origin));
      const items: IngestItem[] = [];
      for (let i = 0; i < saving.length; i++) {
        const row = saving[i];
        const turns = byOrigin.get(row.origin)!;
        const facts = await proposeMemories(row.result!, turns, sources, ctrl.signal);
        items.push({ turns, routing: row.result, facts, userId: DEFAULT_USER_ID, metadata: { source: 'batch', line: row.origin } });
        if (i % 50 === 49 || i === saving.length - 1) setProgress({ done: i + 1, total: saving.length });
      }
      // One transaction for the whole batch: it is saved completely or not at all.
      const results = await store.ingest(items, { signal: ctrl.signal });
      setStored(results.reduce((n, r) => n + r.results.filter((x) => x.event !== 'NONE').length, 0));
      setSaved(items.length);
    } catch (e) {
      const err = toRouterError(e);
      setError(err.code === 'CANCELLED' ? new RouterError('CANCELLED', 'Stopped before saving: nothing from this batch was stored.') : err);
    } finally {
      setRunning(false);
    }
  };

  if (worth.length === 0) return <Notice kind="empty">No conversation in this batch holds anything worth storing.</Notice>;
  return (
    <div className="stack">
      <div className="row">
        <button type="button" className="primary" onClick={() => void save()} disabled={running} data-testid="batch-save">
          Save memories of {worth.length} conversation{worth.length === 1 ? '' : 's'}
        </button>
        {running && <button type="button" onClick={() => abortRef.current?.abort()}>Stop</button>}
      </div>
      {running && progress && <ProgressBar value={progress.total ? progress.done / progress.total : undefined} label={`Finding facts: ${progress.done} of ${progress.total} conversations`} />}
      {saved !== null && !running && !error && <Notice kind="success" testId="batch-save-result">{stored} memories stored or updated from {saved} conversations.</Notice>}
      {error && <ErrorNotice error={error} title="The batch was not saved; nothing from it was stored" />}
    </div>
  );
}
