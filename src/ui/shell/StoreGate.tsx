/** Renders its children with the open MemoryStore, or the honest state while it is not open. */
import type { ReactNode } from 'react';
import type { MemoryStore } from '../../memory';
import { useAppState, useStoreState } from '../app-state/AppState';
import { ErrorNotice, Notice } from './Notice';

export function StoreGate({ children }: { children: (store: MemoryStore) => ReactNode }) {
  const state = useStoreState();
  const { store } = useAppState();
  if (state.status === 'opening') return <Notice kind="loading">Opening your memory store…</Notice>;
  if (state.status === 'error') {
    return (
      <>
        <ErrorNotice error={state.error} title="Your memory store could not be opened" testId="store-error" />
        <button type="button" onClick={() => { store.start().catch(() => {}); }}>Try again</button>
      </>
    );
  }
  return <>{children(state.store)}</>;
}
