import { useState, useSyncExternalStore } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { toRouterError, type RouterError } from '../../core/errors';
import { categoryInfo } from '../../core/taxonomy';
import type { MemoryItem, MemoryStore } from '../../memory';
import { ErrorNotice, Notice } from '../shell/Notice';
import { editDrafts, type EditDraft } from './edit-drafts';
import { MemoryEditor } from './MemoryEditor';
import { expiryLabel } from './expiry-label';

const when = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The draft of one memory's editor, if it is being edited (kept outside the row: edit-drafts.ts). */
export function useEditDraft(id: string): EditDraft | undefined {
  return useSyncExternalStore(editDrafts.all.subscribe, () => editDrafts.all.get().get(id));
}

/** One memory: text, badges, and pin / edit / delete / history. */
export function MemoryRow({ store, memory, score, now, showCategory = false, rowRef, index }: {
  store: MemoryStore; memory: MemoryItem; score?: number; now: number; showCategory?: boolean;
  /** The virtualized list measures its rows through these. */
  rowRef?: (el: HTMLLIElement | null) => void; index?: number;
}) {
  const draft = useEditDraft(memory.id);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const [error, setError] = useState<RouterError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const expiry = expiryLabel(memory, now);
  const info = categoryInfo(memory.category);

  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    setDone(null);
    try { await action(); } catch (e) { setError(toRouterError(e)); }
  };

  return (
    <li className="memory" data-testid="memory" data-memory-id={memory.id} ref={rowRef} data-index={index}>
      {draft
        ? <MemoryEditor store={store} draft={draft} current={memory} onDone={(message) => setDone(message ?? null)} />
        : <div className="memory-text" data-testid="memory-text">{memory.text}</div>}
      <div className="memory-meta">
        {showCategory && <span className={`chip chip-${info.scope}`}><span className="chip-scope">{info.scope}</span> {info.label}</span>}
        <span className={`badge badge-${expiry.tone === 'neutral' ? '' : expiry.tone}`} data-testid="expiry-badge">{expiry.text}</span>
        <span>{info.horizonLabel}</span>
        {score !== undefined && <span>score {score.toFixed(3)}</span>}
        <span>updated {when(memory.updatedAt)}</span>
      </div>
      {!draft && (
        <div className="memory-actions">
          <button type="button" onClick={() => void run(() => store.pin(memory.id, !memory.pinned))} aria-pressed={memory.pinned}>
            {memory.pinned ? 'Unpin' : 'Pin'}
          </button>
          <button type="button" onClick={() => { setDone(null); editDrafts.start(memory); }}>Edit</button>
          {confirmDelete ? (
            <>
              <button type="button" className="danger primary" onClick={() => void run(() => store.delete(memory.id))}>Delete for good</button>
              <button type="button" onClick={() => setConfirmDelete(false)} autoFocus>Keep</button>
            </>
          ) : (
            <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>Delete</button>
          )}
          <button type="button" aria-expanded={showHistory} onClick={() => setShowHistory((s) => !s)}>History</button>
        </div>
      )}
      {showHistory && <MemoryHistory store={store} id={memory.id} />}
      {done && <Notice kind="success" testId="edit-result">{done}</Notice>}
      {error && <ErrorNotice error={error} title="That did not work" />}
    </li>
  );
}

function MemoryHistory({ store, id }: { store: MemoryStore; id: string }) {
  const rows = useLiveQuery(() => store.history(id), [store, id]);
  if (!rows) return <p className="history">Loading history…</p>;
  return (
    <ol className="history" data-testid="memory-history" aria-label="History">
      {rows.map((h) => (
        <li key={h.id}>
          {when(h.createdAt)} · <strong>{h.event}</strong> ({h.reason}{h.similarity !== undefined ? `, similarity ${h.similarity.toFixed(2)}` : ''})
          {h.event === 'UPDATE' && h.oldText !== h.newText && <> — was “{h.oldText}”</>}
          {h.oldCategory && h.newCategory && h.oldCategory !== h.newCategory && <> — category {h.oldCategory} → {h.newCategory}</>}
        </li>
      ))}
    </ol>
  );
}
