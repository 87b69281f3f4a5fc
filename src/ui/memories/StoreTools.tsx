import { useEffect, useRef, useState } from 'react';
import { RouterError, toRouterError } from '../../core/errors';
import type { ImportSummary, MemoryStore } from '../../memory';
import { downloadText } from '../shell/download';
import { ErrorNotice, Notice } from '../shell/Notice';

/** Exports hold vectors as base64; a large store's export is far bigger than a pasted conversation. */
const MAX_IMPORT_BYTES = 500 * 1024 * 1024;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

interface StorageUse {
  usage: number;
  quota: number;
}

/** The browser's own figures for this site; re-read when the number of memories changes. */
function useStorageEstimate(total: number): StorageUse | null {
  const [use, setUse] = useState<StorageUse | null>(null);
  useEffect(() => {
    let live = true;
    navigator.storage?.estimate?.().then((e) => {
      if (live && e.usage !== undefined && e.quota) setUse({ usage: e.usage, quota: e.quota });
    }).catch(() => {});
    return () => { live = false; };
  }, [total]);
  return use;
}

/** Above this share of the quota, writes may soon fail with "storage full". */
const NEARLY_FULL = 0.9;

/** Export, import and "forget everything", with counts and storage use. */
export function StoreTools({ store, total }: { store: MemoryStore; total: number }) {
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<RouterError | null>(null);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const storage = useStorageEstimate(total);

  const act = async (what: () => Promise<string>) => {
    setError(null);
    setMessage(null);
    setBusy(true);
    try { setMessage(await what()); } catch (e) { setError(toRouterError(e)); } finally { setBusy(false); }
  };

  const exportAll = () => act(async () => {
    const data = await store.exportAll();
    const day = data.exportedAt.slice(0, 10);
    downloadText(JSON.stringify(data), `memories-${day}.json`);
    return `Exported ${data.memories.length} memories, ${data.history.length} history entries and ${data.conversations.length} conversations.`;
  });

  const importFile = (file: File) => act(async () => {
    if (file.size > MAX_IMPORT_BYTES) throw new RouterError('INPUT_TOO_LARGE', `${file.name} is ${mb(file.size)}; the limit is ${mb(MAX_IMPORT_BYTES)}.`);
    // The file itself goes to the store: the page's search worker reads, parses and checks it, so
    // a large export never stops this page.
    const s: ImportSummary = await store.importAll(file, { mode, source: file.name, all: mode === 'replace' });
    return `Imported ${s.memories} memories, ${s.history} history entries and ${s.conversations} conversations (${mode === 'merge' ? 'merged with' : 'replacing'} what was here)${s.rehashed ? `; ${s.rehashed} re-hashed` : ''}.`;
  });

  const forget = () => act(async () => {
    dialogRef.current?.close();
    await store.reset({ all: true });
    return 'Everything is forgotten: memories, history and saved conversations are deleted from this browser.';
  });

  return (
    <div className="card" data-testid="store-tools">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <p><strong data-testid="store-total">{total}</strong> memor{total === 1 ? 'y' : 'ies'} in this browser{storage ? ` · ${mb(storage.usage)} used of ${mb(storage.quota)} available to this site` : ''}</p>
        <div className="row">
          <button type="button" onClick={() => void exportAll()} disabled={busy} data-testid="export">Export</button>
          <label className="visually-hidden" htmlFor="import-mode">Import mode</label>
          <select id="import-mode" value={mode} onChange={(e) => setMode(e.target.value as 'merge' | 'replace')} aria-label="Import mode">
            <option value="merge">Import: merge</option>
            <option value="replace">Import: replace all</option>
          </select>
          <button type="button" onClick={() => fileRef.current?.click()} disabled={busy}>Import…</button>
          <input
            ref={fileRef} type="file" accept=".json,application/json" className="visually-hidden" tabIndex={-1}
            aria-label="Export file to import" data-testid="import-input"
            onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void importFile(f); }}
          />
          <button type="button" className="danger" onClick={() => dialogRef.current?.showModal()} disabled={busy} data-testid="forget-everything">Forget everything</button>
        </div>
      </div>
      {storage && storage.usage > storage.quota * NEARLY_FULL && (
        <Notice kind="warning" title="Storage is almost full">
          New memories may fail to save. Export your memories, delete ones you no longer need, or free disk space.
        </Notice>
      )}
      <div aria-live="polite">{message && <Notice kind="success" testId="store-message">{message}</Notice>}</div>
      {error && <ErrorNotice error={error} title="Not done; your memories are unchanged" testId="store-error" />}
      <dialog ref={dialogRef} aria-labelledby="forget-title" aria-describedby="forget-text">
        <h2 id="forget-title">Forget everything?</h2>
        <p id="forget-text">This deletes all {total} memories, their history and the saved conversations from this browser. It cannot be undone: export first if you may want them back.</p>
        <div className="row">
          <button type="button" onClick={() => dialogRef.current?.close()} autoFocus>Cancel</button>
          <button type="button" className="danger primary" onClick={() => void forget()} data-testid="confirm-forget">Forget everything</button>
        </div>
      </dialog>
    </div>
  );
}
