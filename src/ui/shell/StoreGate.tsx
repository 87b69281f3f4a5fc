/** Renders its children with the open MemoryStore, or the honest state while it is not open. */
import type { ReactNode } from 'react';
import type { MemoryStore } from '../../memory';
import { useAppState, useStoreState } from '../app-state/AppState';
import { ErrorNotice, Notice } from './Notice';

export function StoreGate({ children }: { children: (store: MemoryStore) => ReactNode }) {
  const state = useStoreState();
  const { store, embedders } = useAppState();
  // Reopening makes a new store: it needs its embedder again.
  const open = () => { store.start().then(() => embedders.start(), () => {}); };
  if (state.status === 'opening') return <Notice kind="loading">Opening your memory store…</Notice>;
  if (state.status === 'error') {
    return (
      <>
        <ErrorNotice error={state.error} title="Your memory store could not be opened" testId="store-error" />
        <button type="button" onClick={open}>Try again</button>
      </>
    );
  }
  if (state.status === 'lost') {
    // The old view is gone on purpose: it showed memories that may no longer exist.
    const upgraded = state.loss.reason === 'upgraded';
    return (
      <div className="stack" data-testid="store-lost" data-reason={state.loss.reason}>
        <Notice kind="warning" title={upgraded ? 'Your memory database was upgraded in another tab' : 'Your memory database is gone from this page'}>
          <p>{state.loss.message}</p>
        </Notice>
        {upgraded
          ? <button type="button" className="primary" onClick={() => location.reload()}>Reload this page</button>
          : <button type="button" className="primary" onClick={open} data-testid="store-reopen">{state.loss.reason === 'deleted' ? 'Open an empty store' : 'Open the store again'}</button>}
      </div>
    );
  }
  return <>{children(state.store)}</>;
}
