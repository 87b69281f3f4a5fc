import { useState, useSyncExternalStore } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { MemoryStore } from '../../memory';
import { Notice } from '../shell/Notice';
import { editDrafts } from './edit-drafts';
import { MemoryEditor } from './MemoryEditor';

/**
 * Edits whose memory was deleted (in another tab) while someone typed: the row is gone from the
 * list, the typed text is not. Shown above the list until it is saved as a new memory or discarded.
 */
export function OrphanedEdits({ store }: { store: MemoryStore }) {
  const drafts = useSyncExternalStore(editDrafts.all.subscribe, editDrafts.all.get);
  const ids = [...drafts.keys()];
  // Live: re-checks when any memory is written or deleted, here or in another tab.
  const gone = useLiveQuery(async () => {
    const rows = await Promise.all(ids.map((id) => store.get(id)));
    return ids.filter((_, i) => !rows[i]);
  }, [store, ids.join('|')]);
  const [done, setDone] = useState<string | null>(null);
  const orphans = (gone ?? []).map((id) => drafts.get(id)).filter((d) => d !== undefined);
  if (orphans.length === 0) return done ? <Notice kind="success" testId="orphan-result">{done}</Notice> : null;
  return (
    <div className="card" data-testid="orphaned-edits">
      <h2>Edits of deleted memories</h2>
      {orphans.map((d) => (
        <MemoryEditor
          key={d.id}
          store={store}
          draft={d.conflict ? d : { ...d, conflict: { kind: 'deleted' } }}
          current={null}
          onDone={(message) => setDone(message ?? null)}
        />
      ))}
    </div>
  );
}
