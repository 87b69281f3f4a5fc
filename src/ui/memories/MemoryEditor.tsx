import { useId, useState, type KeyboardEvent } from 'react';
import { toRouterError, type RouterError } from '../../core/errors';
import { categoryInfo, MEMORY_CATEGORIES, type MemoryCategory } from '../../core/taxonomy';
import type { MemoryItem, MemoryStore } from '../../memory';
import { ErrorNotice, Notice } from '../shell/Notice';
import { editDrafts, type EditDraft } from './edit-drafts';

/**
 * The inline editor of one memory, bound to its draft (edit-drafts.ts). Save names the version the
 * edit started from; when another tab changed or deleted the memory meanwhile, nothing is written
 * and the typed text stays here with three choices: keep it as a new memory, overwrite the newer
 * version (not offered when the memory is gone), or discard it. Escape closes the editor.
 */
export function MemoryEditor({ store, draft, current, onDone }: {
  store: MemoryStore;
  draft: EditDraft;
  /** The memory as stored now (null once deleted): to say when it changed under the edit. */
  current: MemoryItem | null;
  /** After a save or a discard; `message` says what happened. */
  onDone: (message?: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RouterError | null>(null);
  const id = useId();
  const { conflict } = draft;
  const changedMeanwhile = !conflict && current !== null && current.updatedAt !== draft.baseUpdatedAt;

  const run = async (action: () => Promise<string | undefined>) => {
    setBusy(true);
    setError(null);
    try {
      const message = await action();
      editDrafts.remove(draft.id);
      onDone(message);
    } catch (e) {
      const err = toRouterError(e);
      if (err.code === 'CONFLICT') editDrafts.change(draft.id, { conflict: { kind: 'changed', current: err.details?.current as MemoryItem } });
      else if (err.code === 'NOT_FOUND') editDrafts.change(draft.id, { conflict: { kind: 'deleted' } });
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const save = () => run(async () => {
    await store.update(draft.id, { text: draft.text, category: draft.category }, { expectedUpdatedAt: draft.baseUpdatedAt });
    return undefined;
  });
  const overwrite = () => run(async () => {
    await store.update(draft.id, { text: draft.text, category: draft.category });
    return 'Saved: your text replaced the newer version (its history keeps both).';
  });
  const saveAsNew = () => run(async () => {
    const [r] = await store.ingest([{
      turns: [{ role: 'user', content: draft.text }], facts: [{ text: draft.text, category: draft.category }],
      userId: draft.userId, metadata: { source: 'edit', editedFrom: draft.id }, saveConversation: false, keepNearDuplicates: true,
    }]);
    return r.results[0]?.event === 'NONE'
      ? 'Not saved again: a memory with exactly this text is already stored.'
      : 'Saved as a new memory.';
  });
  const discard = () => { editDrafts.remove(draft.id); onDone(); };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      discard();
    }
  };

  return (
    <form className="draft" onSubmit={(e) => { e.preventDefault(); void save(); }} onKeyDown={onKeyDown} data-testid="memory-editor">
      <label htmlFor={`${id}-t`}>Memory text</label>
      <textarea id={`${id}-t`} value={draft.text} onChange={(e) => editDrafts.change(draft.id, { text: e.target.value })} autoFocus />
      <div className="field-inline">
        <label htmlFor={`${id}-c`}>Category</label>
        <select id={`${id}-c`} value={draft.category} onChange={(e) => editDrafts.change(draft.id, { category: e.target.value as MemoryCategory })}>
          {MEMORY_CATEGORIES.map((c) => <option key={c} value={c}>{categoryInfo(c).scope} · {categoryInfo(c).label}</option>)}
        </select>
      </div>
      {changedMeanwhile && (
        <Notice kind="info" testId="edit-changed">This memory changed in another tab after you started editing it (it now reads “{current.text}”). Saving will ask what to do with your text.</Notice>
      )}
      {conflict ? (
        <Notice kind="warning" title="Not saved: your text is still here" testId="edit-conflict">
          <p>
            {conflict.kind === 'deleted'
              ? 'This memory was deleted (in another tab?) while you were editing it.'
              : <>This memory was changed elsewhere after you started editing it. It now reads “{conflict.current.text}”.</>}
          </p>
          <div className="row">
            <button type="button" className="primary" onClick={() => void saveAsNew()} disabled={busy}>Save mine as a new memory</button>
            {conflict.kind === 'changed' && <button type="button" onClick={() => void overwrite()} disabled={busy}>Overwrite with mine</button>}
            <button type="button" onClick={discard} disabled={busy}>Discard mine</button>
          </div>
        </Notice>
      ) : (
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>Save</button>
          <button type="button" onClick={discard}>Cancel</button>
        </div>
      )}
      {error && <ErrorNotice error={error} title="Not saved: your text is still here" />}
    </form>
  );
}
