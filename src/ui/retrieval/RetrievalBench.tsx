import { useRef, useState } from 'react';
import { RouterError, toRouterError } from '../../core/errors';
import type { MemoryStore } from '../../memory';
import { SEARCH_MODES, type SearchMode } from '../../memory/search';
import { evaluateRetrieval, parseRetrievalDataset } from '../../memory/search/retrieval-eval';
import { useAppState, useEmbedderState } from '../app-state/AppState';
import { readFileText } from '../classify/read-file';
import { ErrorNotice, Notice } from '../shell/Notice';
import { ProgressBar } from '../shell/ProgressBar';
import { StoreGate } from '../shell/StoreGate';
import { runOwnStoreBench, type OwnStoreOutcome } from './own-store-bench';

type Outcome = OwnStoreOutcome;

/** The retrieval benchmark on the user's own store (or a dataset file), per search mode. */
export function RetrievalBench() {
  return (
    <section className="card" aria-labelledby="retrieval-title">
      <h2 id="retrieval-title">Retrieval on your store</h2>
      <p className="muted">
        How well search finds a memory again. Your own memories: each one is the answer to a query made of every other content word of its text
        (a half-remembered note); it does not test paraphrases. For those, run a labelled dataset file
        (<code>{'{"memories":[{"id","text","category"}],"queries":[{"query","relevant":["id"]}]}'}</code>), the format of <code>npm run bench:retrieval</code>.
      </p>
      <StoreGate>{(store) => <Runner store={store} />}</StoreGate>
    </section>
  );
}

function Runner({ store }: { store: MemoryStore }) {
  const { embedders } = useAppState();
  const embedderState = useEmbedderState();
  const embedder = embedders.activeTracker;
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<RouterError | null>(null);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);

  const guard = async (fn: () => Promise<Outcome>) => {
    setError(null);
    setBusy(true);
    try { setOutcome(await fn()); } catch (e) { setError(toRouterError(e)); } finally { setBusy(false); setProgress(null); }
  };

  const runOwn = () => guard(() => runOwnStoreBench(store, setProgress));

  const runFile = (file: File) => guard(async () => {
    const dataset = parseRetrievalDataset(await readFileText(file), file.name);
    const ready = embedder && embedderState.status === 'ready' ? embedder.embedder : null;
    const vectors = ready
      ? { memories: await ready.embed(dataset.memories.map((m) => m.text)), queries: await ready.embed(dataset.queries.map((q) => q.query)) }
      : null;
    const report = evaluateRetrieval(dataset, vectors);
    const fallback = (m: SearchMode): SearchMode => (vectors ? m : 'keyword');
    return {
      source: file.name, queries: dataset.queries.length, memories: dataset.memories.length, report,
      effective: { keyword: 'keyword', vector: fallback('vector'), hybrid: fallback('hybrid') },
      embedderId: ready?.id ?? null,
      note: dataset.warnings.join('; ') || undefined,
    };
  });

  return (
    <div className="stack">
      <div className="row">
        <button type="button" className="primary" onClick={() => void runOwn()} disabled={busy} data-testid="retrieval-run">Run on my memories</button>
        <button type="button" onClick={() => fileRef.current?.click()} disabled={busy}>Run a dataset file…</button>
        <input ref={fileRef} type="file" accept=".json,application/json" className="visually-hidden" tabIndex={-1} aria-label="Retrieval dataset file"
          onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void runFile(f); }} />
        <span className="muted">Embedder: {embedder ? `${embedder.embedder.id} (${embedderState.status})` : 'none — vector and hybrid fall back to keyword'}</span>
      </div>
      {progress && <ProgressBar value={progress.done / progress.total} label={`${progress.done} of ${progress.total} searches`} />}
      {error && <ErrorNotice error={error} title="The retrieval benchmark did not run" />}
      {outcome && <OutcomeTable outcome={outcome} />}
      {!outcome && !busy && !error && <Notice kind="empty">Nothing run yet.</Notice>}
    </div>
  );
}

export function OutcomeTable({ outcome }: { outcome: Outcome }) {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return (
    <div data-testid="retrieval-result" aria-live="polite">
      <p>{outcome.queries} queries over {outcome.memories} memories · {outcome.source}{outcome.note ? ` · ${outcome.note}` : ''}</p>
      <div className="table-wrap">
        <table>
          <thead><tr><th>Search mode</th><th className="num">precision@1</th><th className="num">precision@5</th><th className="num">MRR</th></tr></thead>
          <tbody>
            {SEARCH_MODES.map((m) => (
              <tr key={m} data-mode={m}>
                <td>{m}{outcome.effective[m] !== m ? ` (ran as ${outcome.effective[m]}: no vectors)` : ''}</td>
                <td className="num">{pct(outcome.report[m].p_at_1)}</td>
                <td className="num">{pct(outcome.report[m].p_at_5)}</td>
                <td className="num">{outcome.report[m].mrr.toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
