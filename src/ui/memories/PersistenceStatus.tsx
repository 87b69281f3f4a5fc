import { useEffect, useSyncExternalStore } from 'react';
import { persistence } from '../app-state/persistence';

/** Whether the browser may evict the memories, and what to do about it. */
export function PersistenceStatus() {
  const state = useSyncExternalStore(persistence.state.subscribe, persistence.state.get);
  useEffect(() => { void persistence.refresh(); }, []);
  if (state.status === 'checking') return null;
  if (state.status === 'persistent') {
    return <p className="muted" data-testid="persistence" data-state="persistent">Storage: <strong>persistent</strong>. The browser keeps your memories even when the disk runs short of space.</p>;
  }
  if (state.status === 'unsupported') {
    return <p className="muted" data-testid="persistence" data-state="unsupported">Storage: this browser cannot say whether it keeps your memories under disk pressure. Export them now and then.</p>;
  }
  return (
    <div className="row" data-testid="persistence" data-state="best-effort">
      <p>
        Storage: <strong>best-effort</strong>. The browser may delete your memories when the disk runs short of space
        {state.asked ? ' (it did not grant persistent storage when asked)' : ''}. Export them now and then to keep a copy.
      </p>
      <button type="button" onClick={() => void persistence.ask()} data-testid="persistence-ask">Ask for persistent storage</button>
    </div>
  );
}
