import { useAppState, useEmbedderChoice, useEmbedderState } from '../app-state/AppState';
import type { EmbedderTracker } from '../app-state/embedder-state';
import type { EmbedderSlot } from '../app-state/embedders';
import { ErrorNotice, Notice } from '../shell/Notice';
import { ProgressBar } from '../shell/ProgressBar';
import { OwnStoreFigures } from '../retrieval/OwnStoreFigures';
import { ReembedProgress } from './ReembedProgress';

const SLOTS: Record<EmbedderSlot, { title: string; about: string }> = {
  lite: {
    title: 'embed-lite (built in)',
    about: 'Public GloVe word vectors (English) joined with word vectors trained here on the routing conversations, tuned on the project\'s paraphrase dev set; ships with the app (6 MB), runs on any CPU, no download.',
  },
  neural: {
    title: 'Neural embedding model (transformers.js)',
    about: 'A sentence-embedding network run by onnxruntime in a worker (WebGPU when available, else WebAssembly). Downloaded once from the model host, then cached in this browser and used offline.',
  },
};

/** Status and download of the embedding model that search and chat retrieval use. */
export function EmbedderPanel() {
  const { embedders } = useAppState();
  const choice = useEmbedderChoice();
  return (
    <section aria-labelledby="embedder-title" className="card" data-testid="embedder-panel">
      <h2 id="embedder-title">Embedding model</h2>
      <p className="muted">Search and chat retrieval compare meaning with vectors from this model. Switching re-embeds every stored memory on this device.</p>
      <p data-testid="embedder-active">
        In use: <strong>{choice.active ? embedders.activeTracker?.embedder.id : 'none yet (keyword search)'}</strong>
        {choice.switching ? ' · switching…' : ''}
      </p>
      <ReembedProgress />
      {choice.error && <ErrorNotice error={choice.error} title="The embedding model could not be switched; the previous one is still in use" testId="embedder-error" />}
      <SlotRow slot="lite" tracker={embedders.lite} active={choice.active === 'lite'} busy={choice.switching} onUse={() => void embedders.use('lite')} />
      <SlotRow slot="neural" tracker={embedders.neural} active={choice.active === 'neural'} busy={choice.switching} onUse={() => void embedders.use('neural')} />
      {choice.active === 'neural' && !choice.switching && <OwnStoreFigures embedderId={embedders.neural.embedder.id} />}
    </section>
  );
}

function SlotRow({ slot, tracker, active, busy, onUse }: { slot: EmbedderSlot; tracker: EmbedderTracker; active: boolean; busy: boolean; onUse: () => void }) {
  const state = useEmbedderState(tracker);
  const { title, about } = SLOTS[slot];
  const loaded = state.status === 'ready';
  const dim = tracker.embedder.dimension;
  return (
    <div className="draft" data-testid={`embedder-${slot}`}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <div>
          <strong>{title}</strong> <code>{tracker.embedder.id}</code>{dim ? ` · ${dim} dimensions` : ''}
          {active && <span className="badge badge-ok" style={{ marginLeft: '0.4rem' }}>in use</span>}
        </div>
        {!active && (
          <button type="button" onClick={onUse} disabled={busy} data-testid={`embedder-use-${slot}`}>
            {loaded ? 'Use this model' : slot === 'neural' ? 'Download and use' : 'Load and use'}
          </button>
        )}
      </div>
      <p className="muted">{about}</p>
      {state.status === 'loading' && <ProgressBar value={state.progress?.progress} label={state.progress?.text ?? 'Loading…'} />}
      {state.status === 'error' && state.error && <ErrorNotice error={state.error} title="Did not load" />}
      {state.status === 'ready' && !active && <Notice kind="info">Loaded on this device; not in use.</Notice>}
    </div>
  );
}
