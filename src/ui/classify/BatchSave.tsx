import { useRef, useState } from 'react';
import type { ParsedInput } from '../../core/input';
import { toRouterError, type RouterError } from '../../core/errors';
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
  const abortRef = useRef<AbortController | null>(null);
  const byOrigin = new Map(input.origins.map((o, i) => [o, input.conversations[i]]));
  const worth = rows.filter((r) => r.result && r.result.categories.some((c) => c !== 'none'));

  const save = async () => {
    const ctrl = new AbortController();
    abortRef.current = ctrl;
    setError(null);
    setRunning(true);
    setStored(0);
    let count = 0;
    try {
      for (let i = 0; i < worth.length; i++) {
        if (ctrl.signal.aborted) break;
        const row = worth[i];
        const conversation = byOrigin.get(row.origin);
        if (conversation) {
          const r = await store.add(conversation, { routing: row.result, metadata: { source: 'batch', line: row.origin }, signal: ctrl.signal });
          count += r.results.filter((x) => x.event !== 'NONE').length;
          setStored(count);
        }
        setProgress({ done: i + 1, total: worth.length });
      }
    } catch (e) {
      const err = toRouterError(e);
      if (err.code !== 'CANCELLED') setError(err);
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
      {progress && <ProgressBar value={progress.done / progress.total} label={`${progress.done} of ${progress.total} saved · ${stored} memories stored or updated`} />}
      {!running && progress && !error && <Notice kind="success" testId="batch-save-result">{stored} memories stored or updated from {progress.done} conversations.</Notice>}
      {error && <ErrorNotice error={error} title="Saving stopped; what was saved is kept" />}
    </div>
  );
}
