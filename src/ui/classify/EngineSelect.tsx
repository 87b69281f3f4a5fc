import { useId } from 'react';
import { useAppState } from '../app-state/AppState';
import { useEngineStatus } from '../app-state/engine-hooks';

const STATUS_TEXT = { idle: 'not loaded', loading: 'loading…', ready: 'ready', error: 'failed to load', unloaded: 'not loaded' } as const;

/** Picks the engine every page classifies with; shows whether it is ready. */
export function EngineSelect() {
  const { engines, engine, selectEngine } = useAppState();
  const status = useEngineStatus(engine);
  const id = useId();
  if (engines.length === 0) return <p className="muted">No router in this build.</p>;
  return (
    <div className="field-inline">
      <label htmlFor={id}>Router</label>
      <select id={id} value={engine?.id ?? ''} onChange={(e) => selectEngine(e.target.value)} data-testid="engine-select">
        {engines.map((e) => <option key={e.id} value={e.id}>{e.label}</option>)}
      </select>
      <span className="muted" aria-live="polite">{STATUS_TEXT[status]}</span>
    </div>
  );
}
