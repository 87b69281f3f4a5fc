import { useId, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { toRouterError, type RouterError } from '../../core/errors';
import { categoryInfo, MEMORY_CATEGORIES, type MemoryCategory } from '../../core/taxonomy';
import type { MemoryItem, MemoryStore } from '../../memory';
import { ErrorNotice } from '../shell/Notice';
import { expiryLabel } from './expiry-label';

const when = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** One memory: text, badges, and pin / edit / delete / history. */
export function MemoryRow({ store, memory, score, now, showCategory = false, rowRef, index }: {
  store: MemoryStore; memory: MemoryItem; score?: number; now: number; showCategory?: boolean;
  /** The virtualized list measures its rows through these. */
  rowRef?: (el: HTMLLIElement | null) => void; index?: number;
}) {
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const [error, setError] = useState<RouterError | null>(null);
  const expiry = expiryLabel(memory, now);
  const info = categoryInfo(memory.category);

  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try { await action(); } catch (e) { setError(toRouterError(e)); }
  };

  return (
    <li className="memory" data-testid="memory" data-memory-id={memory.id} ref={rowRef} data-index={index}>
      {editing
        ? <MemoryEditor memory={memory} onCancel={() => setEditing(false)} onSave={(text, category) => run(async () => { await store.update(memory.id, { text, category }); setEditing(false); })} />
        : <div className="memory-text" data-testid="memory-text">{memory.text}</div>}
      <div className="memory-meta">
        {showCategory && <span className={`chip chip-${info.scope}`}><span className="chip-scope">{info.scope}</span> {info.label}</span>}
        <span className={`badge badge-${expiry.tone === 'neutral' ? '' : expiry.tone}`} data-testid="expiry-badge">{expiry.text}</span>
        <span>{info.horizonLabel}</span>
        {score !== undefined && <span>score {score.toFixed(3)}</span>}
        <span>updated {when(memory.updatedAt)}</span>
      </div>
      {!editing && (
        <div className="memory-actions">
          <button type="button" onClick={() => void run(() => store.pin(memory.id, !memory.pinned))} aria-pressed={memory.pinned}>
            {memory.pinned ? 'Unpin' : 'Pin'}
          </button>
          <button type="button" onClick={() => setEditing(true)}>Edit</button>
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
      {error && <ErrorNotice error={error} title="That did not work" />}
    </li>
  );
}

function MemoryEditor({ memory, onSave, onCancel }: { memory: MemoryItem; onSave: (text: string, category: MemoryCategory) => void; onCancel: () => void }) {
  const [text, setText] = useState(memory.text);
  const [category, setCategory] = useState<MemoryCategory>(memory.category);
  const id = useId();
  return (
    <form className="draft" onSubmit={(e) => { e.preventDefault(); onSave(text, category); }}>
      <label htmlFor={`${id}-t`}>Memory text</label>
      <textarea id={`${id}-t`} value={text} onChange={(e) => setText(e.target.value)} autoFocus />
      <div className="field-inline">
        <label htmlFor={`${id}-c`}>Category</label>
        <select id={`${id}-c`} value={category} onChange={(e) => setCategory(e.target.value as MemoryCategory)}>
          {MEMORY_CATEGORIES.map((c) => <option key={c} value={c}>{categoryInfo(c).scope} · {categoryInfo(c).label}</option>)}
        </select>
      </div>
      <div className="row">
        <button type="submit" className="primary">Save</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
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
