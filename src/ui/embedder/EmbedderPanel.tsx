import { useAppState, useEmbedderState } from '../app-state/AppState';
import { ErrorNotice, Notice } from '../shell/Notice';
import { ProgressBar } from '../shell/ProgressBar';

/** Status and download of the embedding model that search and chat retrieval use. */
export function EmbedderPanel() {
  const { embedder } = useAppState();
  const state = useEmbedderState();
  return (
    <section aria-labelledby="embedder-title" className="card">
      <h2 id="embedder-title">Embedding model</h2>
      {!embedder && <Notice kind="info">No embedding model in this build yet: search falls back to keywords.</Notice>}
      {embedder && (
        <>
          <p><code>{embedder.embedder.id}</code> · {embedder.embedder.dimension} dimensions</p>
          {state.status === 'idle' && (
            <button type="button" onClick={() => { embedder.load().catch(() => {}); }}>Load embedding model</button>
          )}
          {state.status === 'loading' && <ProgressBar value={state.progress?.progress} label={state.progress?.text ?? 'Loading…'} />}
          {state.status === 'ready' && <Notice kind="success">Ready: runs on this device.</Notice>}
          {state.status === 'error' && state.error && (
            <>
              <ErrorNotice error={state.error} title="The embedding model did not load" />
              <button type="button" onClick={() => { embedder.load().catch(() => {}); }}>Try again</button>
            </>
          )}
        </>
      )}
    </section>
  );
}
