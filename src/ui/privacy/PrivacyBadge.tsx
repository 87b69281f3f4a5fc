import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import { networkTally } from './network-monitor';
import { useAppState, useEmbedderState } from '../app-state/AppState';
import { useEngineStatus } from '../app-state/engine-hooks';

/**
 * "On-device" status that is computed, not asserted: it counts what the page fetched. Requests to
 * the page itself and model-file downloads carry none of the user's text; any other request
 * would, so the badge turns red if one ever happens.
 */
export function PrivacyBadge() {
  const tally = useSyncExternalStore(networkTally.subscribe, networkTally.get);
  const { engine, embedders } = useAppState();
  const embedder = embedders.activeTracker;
  const engineStatus = useEngineStatus(engine);
  const embedderState = useEmbedderState();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  // Close on Escape and when the page changes, like any popover.
  useEffect(() => {
    if (!open) return undefined;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') setOpen(false); };
    const onHash = () => setOpen(false);
    window.addEventListener('keydown', onKey);
    window.addEventListener('hashchange', onHash);
    return () => { window.removeEventListener('keydown', onKey); window.removeEventListener('hashchange', onHash); };
  }, [open]);
  const leaked = tally.other;
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  return (
    <div className="privacy">
      <button
        type="button"
        className={`privacy-badge ${leaked ? 'privacy-bad' : 'privacy-ok'}`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        data-testid="privacy-badge"
        data-embedder={embedderState.status === 'ready' ? embedder?.embedder.id ?? '' : ''}
      >
        <LockIcon open={leaked > 0} />{' '}
        {leaked ? `${leaked} request${leaked === 1 ? '' : 's'} to other hosts` : 'On-device · 0 network requests with your data'}
        {offline ? ' · offline' : ''}
      </button>
      {open && (
        <div id={panelId} className="privacy-panel" role="region" aria-label="Privacy details">
          <p>Everything — routing, embedding, storage, chat — runs in this browser tab. Memories live in this browser's IndexedDB.</p>
          <dl>
            <dt>Requests to this app</dt><dd data-testid="tally-local">{tally.local}</dd>
            <dt>Model-file downloads</dt><dd data-testid="tally-model">{tally.modelHost}</dd>
            <dt>Requests to any other host</dt><dd data-testid="tally-other">{tally.other}</dd>
            <dt>Blocked by the security policy</dt><dd data-testid="tally-blocked">{tally.blocked}</dd>
            <dt>Router</dt><dd>{engine ? `${engine.label} (${engineStatus})` : 'none in this build'}</dd>
            <dt>Embedder</dt><dd>{embedder ? `${embedder.embedder.id} (${embedderState.status})` : 'none in this build'}</dd>
          </dl>
          {tally.otherUrls.length > 0 && (
            <ul className="privacy-urls">{tally.otherUrls.map((u, i) => <li key={i}><code>{u}</code></li>)}</ul>
          )}
          <p className="muted">Model downloads only fetch model files (no text of yours is sent). The page's Content-Security-Policy lets it connect only to itself and the model hosts; see docs/privacy.md.</p>
        </div>
      )}
    </div>
  );
}

/** Drawn, not an emoji: many Linux systems have no emoji font. */
function LockIcon({ open }: { open: boolean }) {
  return (
    <svg aria-hidden="true" width="12" height="14" viewBox="0 0 12 14" style={{ verticalAlign: '-2px' }}>
      <path d={open ? 'M3 6V4a3 3 0 0 1 6 0' : 'M3 6V4a3 3 0 0 1 6 0v2'} fill="none" stroke="currentColor" strokeWidth="1.6" />
      <rect x="1" y="6" width="10" height="8" rx="1.5" fill="currentColor" />
    </svg>
  );
}
