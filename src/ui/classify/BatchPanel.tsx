import { useEffect, useRef, useState } from 'react';
import { originLabel, type ParsedInput } from '../../core/input';
import { toRouterError, type RouterError } from '../../core/errors';
import { categoryInfo } from '../../core/taxonomy';
import { useAppState } from '../app-state/AppState';
import { ensureEngineReady } from '../app-state/engine-ready';
import { ErrorNotice, Notice } from '../shell/Notice';
import { ProgressBar } from '../shell/ProgressBar';
import { CategoryChips } from './CategoryChips';
import { categoryCounts, runBatch, type BatchProgress, type BatchRow } from './batch-run';
import { BatchSave } from './BatchSave';

const SHOWN_ROWS = 50;

/** Batch mode: routes every conversation of a JSONL/JSON file with a progress bar. */
export function BatchPanel({ input, source, onClose }: { input: ParsedInput; source: string; onClose: () => void }) {
  const { engine } = useAppState();
  const [rows, setRows] = useState<BatchRow[]>([]);
  const [progress, setProgress] = useState<BatchProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<RouterError | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => { headingRef.current?.focus(); return () => abortRef.current?.abort(); }, []);

  const start = async () => {
    const ctrl = new AbortController();
    abortRef.current = ctrl;
    setRows([]);
    setError(null);
    setProgress({ done: 0, total: input.conversations.length, elapsedMs: 0 });
    setRunning(true);
    try {
      const ready = await ensureEngineReady(engine, ctrl.signal);
      const collected: BatchRow[] = [];
      await runBatch(ready, input.conversations, input.origins, (row, p) => {
        collected.push(row);
        setProgress(p);
        if (p.done % 10 === 0 || p.done === p.total) setRows([...collected]);
      }, ctrl.signal);
      setRows([...collected]);
    } catch (e) {
      setError(toRouterError(e));
    } finally {
      setRunning(false);
    }
  };

  const failed = rows.filter((r) => r.error);
  const label = originLabel(input.format);
  const titleOf = new Map(input.origins.map((o, i) => [o, input.meta[i]?.title]));
  const counts = categoryCounts(rows);
  const finished = !running && progress !== null && rows.length > 0;

  return (
    <section className="card" aria-labelledby="batch-title" data-testid="batch-panel">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 id="batch-title" ref={headingRef} tabIndex={-1}>Batch: {source}</h2>
        <button type="button" className="link" onClick={onClose}>Close batch</button>
      </div>
      <p>
        {input.conversations.length.toLocaleString('en-US')} conversation{input.conversations.length === 1 ? '' : 's'} ready to route
        {engine ? <> with <strong>{engine.label}</strong></> : null}.
      </p>
      {input.skipped.length > 0 && (
        <Notice kind="warning" title={`${input.skipped.length} ${label.toLowerCase()}${input.skipped.length === 1 ? '' : 's'} skipped; the others are kept`} testId="batch-skipped">
          <ul>
            {input.skipped.slice(0, 10).map((s) => <li key={s.line}>{label} {s.line}: {s.reason}</li>)}
            {input.skipped.length > 10 && <li>… and {input.skipped.length - 10} more</li>}
          </ul>
        </Notice>
      )}
      <div className="row">
        <button type="button" className="primary" onClick={() => void start()} disabled={running} data-testid="batch-start">
          {rows.length ? 'Route again' : 'Route all'}
        </button>
        {running && <button type="button" onClick={() => abortRef.current?.abort()}>Cancel</button>}
      </div>
      {progress && (
        <ProgressBar
          value={progress.total ? progress.done / progress.total : undefined}
          label={`${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')} routed${progress.done ? ` · ${(progress.elapsedMs / progress.done).toFixed(1)} ms each` : ''}`}
        />
      )}
      {error && <ErrorNotice error={error} title="Batch stopped" />}
      {finished && (
        <div aria-live="polite" data-testid="batch-summary">
          <p><strong>{rows.length - failed.length}</strong> routed{failed.length ? `, ${failed.length} failed` : ''}{rows.length < input.conversations.length ? ` (cancelled after ${rows.length})` : ''}.</p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Conversations per category</caption>
              <thead><tr><th>Category</th><th>Scope</th><th className="num">Conversations</th></tr></thead>
              <tbody>
                {counts.map(([c, n]) => (
                  <tr key={c}><td>{categoryInfo(c).label}</td><td>{categoryInfo(c).scope}</td><td className="num">{n}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          <details>
            <summary>First {Math.min(SHOWN_ROWS, rows.length)} results</summary>
            <ol className="memory-list">
              {rows.slice(0, SHOWN_ROWS).map((r) => (
                <li key={r.origin} className="memory">
                  <span className="muted">{label} {r.origin}{titleOf.get(r.origin) ? ` (${titleOf.get(r.origin)})` : ''}: </span>
                  {r.result ? <CategoryChips categories={r.result.categories} /> : <span className="text-bad">{r.error?.message}</span>}
                </li>
              ))}
            </ol>
          </details>
          <BatchSave input={input} rows={rows} />
        </div>
      )}
    </section>
  );
}
