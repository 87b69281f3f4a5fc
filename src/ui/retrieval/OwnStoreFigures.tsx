import { useEffect, useState } from 'react';
import { toRouterError, type RouterError } from '../../core/errors';
import type { MemoryStore } from '../../memory';
import { ErrorNotice, Notice } from '../shell/Notice';
import { ProgressBar } from '../shell/ProgressBar';
import { StoreGate } from '../shell/StoreGate';
import { runOwnStoreBench, type OwnStoreOutcome } from './own-store-bench';
import { OutcomeTable } from './RetrievalBench';

/** Figures already measured this visit, per embedder id and store size: switching back shows them at once. */
const measured = new Map<string, OwnStoreOutcome>();

/**
 * Retrieval figures of the embedder in use, measured on the user's own store (the Benchmark
 * page's known-item benchmark), run once when the neural embedder becomes active: the published
 * figures of a neural model say little about one person's notes, these do.
 */
export function OwnStoreFigures({ embedderId }: { embedderId: string }) {
  return (
    <div data-testid="own-store-figures">
      <h3>Retrieval on your memories with this model</h3>
      <StoreGate>{(store) => <Figures store={store} embedderId={embedderId} />}</StoreGate>
    </div>
  );
}

function Figures({ store, embedderId }: { store: MemoryStore; embedderId: string }) {
  const key = `${embedderId}|${store.size}`;
  const [outcome, setOutcome] = useState<OwnStoreOutcome | null>(measured.get(key) ?? null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<RouterError | null>(null);

  useEffect(() => {
    if (measured.has(key) || store.embedder?.id !== embedderId) return;
    const ctl = new AbortController();
    setError(null);
    runOwnStoreBench(store, setProgress, ctl.signal)
      .then((o) => { measured.set(key, o); setOutcome(o); })
      .catch((e: unknown) => { if (!ctl.signal.aborted) setError(toRouterError(e)); })
      .finally(() => setProgress(null));
    return () => ctl.abort();
  }, [key, store, embedderId]);

  if (error?.code === 'EMPTY_INPUT') return <Notice kind="empty">{error.message}</Notice>;
  if (error) return <ErrorNotice error={error} title="The retrieval figures could not be measured" />;
  if (outcome) return <OutcomeTable outcome={outcome} />;
  return progress
    ? <ProgressBar value={progress.done / progress.total} label={`Measuring: ${progress.done} of ${progress.total} searches`} />
    : <Notice kind="loading">Measuring retrieval on your memories…</Notice>;
}
