import { useRef, useState } from 'react';
import type { ParsedInput } from '../../core/input';
import { RouterError, toRouterError } from '../../core/errors';
import type { MemoryStore } from '../../memory';
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
  const [skipped, setSkipped] = useState<string[]>([]);
  const [saved, setSaved] = useState<number | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const byOrigin = new Map(input.origins.map((o, i) => [o, input.conversations[i]]));
  const worth = rows.filter((r) => r.result && r.result.categories.some((c) => c !== 'none'));

  const save = async () => {
    const ctrl = new AbortController();
    abortRef.current = ctrl;
    setError(null);
    setSkipped([]);
    setSaved(null);
    setRunning(true);
    setStored(0);
    setProgress({ done: 0, total: worth.length });
    try {
      // One transaction for the whole batch: it is saved completely or not at all.
      const saving = worth.filter((row) => byOrigin.has(row.origin));
      const items = saving.map((row) => ({
        messages: byOrigin.get(row.origin)!,
        options: { routing: row.result, metadata: { source: 'batch', line: row.origin } },
      }));
      const r = await store.addMany(items, { signal: ctrl.signal, onProgress: setProgress });
      setStored(r.results.reduce((n, x) => n + (x?.results.filter((i) => i.event !== 'NONE').length ?? 0), 0));
      // Error indices point into `items`, hence `saving` (rows without a conversation were left out).
      setSkipped(r.errors.map((e) => `Line ${saving[e.index]?.origin ?? e.index + 1}: ${e.error.message}`));
      setSaved(items.length - r.errors.length);
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
      {skipped.length > 0 && <Notice kind="warning" title={`${skipped.length} conversation${skipped.length === 1 ? '' : 's'} not saved`}><ul>{skipped.slice(0, 10).map((t) => <li key={t}>{t}</li>)}</ul></Notice>}
      {error && <ErrorNotice error={error} title="The batch was not saved; nothing from it was stored" />}
    </div>
  );
}
