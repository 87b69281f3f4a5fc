import { useEffect, useRef, useState } from 'react';
import { RouterError, toRouterError } from '../../core/errors';
import type { ImportProgress, ImportSummary, MemoryStore } from '../../memory';
import { downloadBlob } from '../shell/download';
import { countOf } from '../shell/words';
import { ErrorNotice, Notice } from '../shell/Notice';
import { ProgressBar } from '../shell/ProgressBar';
import { describeImport } from './import-message';
import { PersistenceStatus } from './PersistenceStatus';
import { ReembedProgress } from '../embedder/ReembedProgress';

/** Exports hold vectors as base64; a large store's export is far bigger than a pasted conversation. */
const MAX_IMPORT_BYTES = 500 * 1024 * 1024;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

interface StorageUse {
  usage: number;
  quota: number;
}

/** The browser's own figures for this site; re-read when the number of memories changes. */
function useStorageEstimate(total: number | undefined): StorageUse | null {
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

interface ImportJob {
  file: string;
  ctrl: AbortController;
  progress: ImportProgress | null;
  done: Promise<unknown>;
}

type Result = { kind: 'text'; text: string } | { kind: 'import'; summary: ImportSummary; source: string };

/**
 * Export, import and "forget everything", with counts and storage use. An import runs with its
 * progress and a Cancel; meanwhile Export and Forget stay usable (an export started during the
 * import's write waits for it, and says so; Forget cancels the import first).
 */
export function StoreTools({ store, total }: { store: MemoryStore; total: number | undefined }) {
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<RouterError | null>(null);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [job, setJob] = useState<ImportJob | null>(null);
  const [exporting, setExporting] = useState(false);
  const [forgetting, setForgetting] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const jobRef = useRef<ImportJob | null>(null);
  const storage = useStorageEstimate(total);
  useEffect(() => () => jobRef.current?.ctrl.abort(), []);

  const report = (r: Result | null, e: unknown = null) => {
    setResult(r);
    setError(e ? toRouterError(e) : null);
  };

  const exportAll = async () => {
    setExporting(true);
    try {
      // Read and written in the search worker: 100k memories never stop this page.
      const file = await store.exportFile();
      downloadBlob(file.blob, file.name);
      const { memories, history, conversations } = file.counts;
      report({ kind: 'text', text: `Exported ${countOf(memories, 'memory', 'memories')}, ${countOf(history, 'history entry', 'history entries')} and ${countOf(conversations, 'conversation', 'conversations')}.` });
    } catch (e) {
      report(null, e);
    } finally {
      setExporting(false);
    }
  };

  const importFile = (file: File) => {
    const ctrl = new AbortController();
    const next: ImportJob = { file: file.name, ctrl, progress: null, done: Promise.resolve() };
    const setProgress = (progress: ImportProgress) => {
      if (jobRef.current !== next) return;
      next.progress = progress;
      setJob({ ...next });
    };
    report(null);
    next.done = (async () => {
      try {
        if (file.size > MAX_IMPORT_BYTES) throw new RouterError('INPUT_TOO_LARGE', `${file.name} is ${mb(file.size)}; the limit is ${mb(MAX_IMPORT_BYTES)}.`);
        // The file itself goes to the store: the page's search worker reads, parses and checks it,
        // so a large export never stops this page.
        const summary = await store.importAll(file, { mode, source: file.name, all: mode === 'replace', signal: ctrl.signal, onProgress: setProgress });
        report({ kind: 'import', summary, source: file.name });
      } catch (e) {
        report(null, e);
      } finally {
        if (jobRef.current === next) { jobRef.current = null; setJob(null); }
      }
    })();
    jobRef.current = next;
    setJob(next);
  };

  const forget = async () => {
    dialogRef.current?.close();
    setForgetting(true);
    try {
      const running = jobRef.current;
      if (running) {
        running.ctrl.abort();
        await running.done;
      }
      await store.reset({ all: true });
      report({ kind: 'text', text: `Everything is forgotten: memories, history and saved conversations are deleted from this browser${running ? ` (the import of ${running.file} was cancelled first)` : ''}.` });
    } catch (e) {
      report(null, e);
    } finally {
      setForgetting(false);
    }
  };

  const counted = total !== undefined;
  const message = result?.kind === 'import' ? describeImport(result.summary, result.source) : null;
  // Until the write commits (the store says when), a cancel leaves the store as it was.
  const writing = job !== null && !job.progress?.written;
  return (
    <div className="card" data-testid="store-tools">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <p>
          {counted
            ? <><strong data-testid="store-total">{total}</strong> memor{total === 1 ? 'y' : 'ies'} in this browser</>
            : <span data-testid="store-total-loading" aria-busy="true">Counting the memories in this browser…</span>}
          {storage ? ` · ${mb(storage.usage)} used of ${mb(storage.quota)} available to this site` : ''}
        </p>
        <div className="row">
          <button type="button" onClick={() => void exportAll()} disabled={exporting} data-testid="export">{exporting ? 'Exporting…' : 'Export'}</button>
          <label className="visually-hidden" htmlFor="import-mode">Import mode</label>
          <select id="import-mode" value={mode} onChange={(e) => setMode(e.target.value as 'merge' | 'replace')} aria-label="Import mode" disabled={job !== null}>
            <option value="merge">Import: merge</option>
            <option value="replace">Import: replace all</option>
          </select>
          <button type="button" onClick={() => fileRef.current?.click()} disabled={job !== null} data-testid="import" title={job ? 'An import is running' : undefined}>Import…</button>
          <input
            ref={fileRef} type="file" accept=".json,application/json" className="visually-hidden" tabIndex={-1}
            aria-label="Export file to import" data-testid="import-input"
            onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) importFile(f); }}
          />
          <button type="button" className="danger" onClick={() => dialogRef.current?.showModal()} disabled={forgetting} data-testid="forget-everything">Forget everything</button>
        </div>
      </div>
      <PersistenceStatus />
      {!job && <ReembedProgress />}
      {job && (
        <div className="stack" data-testid="import-progress">
          <ProgressBar
            value={job.progress?.total ? job.progress.done / job.progress.total : undefined}
            label={job.progress ? `Importing ${job.file}: ${job.progress.phase ?? 'working'}, ${job.progress.done} of ${job.progress.total}` : `Importing ${job.file}: reading the file`}
          />
          <div className="row">
            <button type="button" onClick={() => job.ctrl.abort()} data-testid="import-cancel">Cancel import</button>
            <span className="muted">
              {writing
                ? 'Cancel now and nothing of this file is written.'
                : 'The file is written; Cancel stops making vectors (the rest are made the next time the page opens, and keyword search finds them meanwhile).'}
              {exporting && writing ? ' Your export starts as soon as the write ends.' : ''}
            </span>
          </div>
        </div>
      )}
      {storage && storage.usage > storage.quota * NEARLY_FULL && (
        <Notice kind="warning" title="Storage is almost full">
          New memories may fail to save. Export your memories, delete ones you no longer need, or free disk space.
        </Notice>
      )}
      <div aria-live="polite">
        {result?.kind === 'text' && <Notice kind="success" testId="store-message">{result.text}</Notice>}
        {message && result?.kind === 'import' && (
          <Notice kind={message.notes.length ? 'warning' : 'success'} testId="store-message">
            <p>{message.headline}</p>
            {message.notes.length > 0 && <ul data-testid="import-notes">{message.notes.map((t) => <li key={t}>{t}</li>)}</ul>}
            {result.summary.merges.length > 0 && (
              <details data-testid="import-merges">
                <summary>Which memories were merged ({result.summary.merges.length})</summary>
                <ul>{result.summary.merges.slice(0, 20).map((m) => <li key={m.fileId}>“{m.text}” (file id {m.fileId}) → memory {m.intoId}</li>)}</ul>
              </details>
            )}
          </Notice>
        )}
      </div>
      {error && (
        <ErrorNotice
          error={error}
          title={error.code === 'CANCELLED' ? 'Import cancelled; your memories are unchanged' : 'Not done; your memories are unchanged'}
          testId="store-error"
        />
      )}
      <dialog ref={dialogRef} aria-labelledby="forget-title" aria-describedby="forget-text">
        <h2 id="forget-title">Forget everything?</h2>
        <p id="forget-text">
          This deletes {counted ? `all ${total} memor${total === 1 ? 'y' : 'ies'}` : 'every memory in this browser (still counting them)'}, their history and the saved conversations from this browser.
          {job ? ` The running import of ${job.file} is cancelled first.` : ''} It cannot be undone: export first if you may want them back.
        </p>
        <div className="row">
          <button type="button" onClick={() => dialogRef.current?.close()} autoFocus>Cancel</button>
          <button type="button" className="danger primary" onClick={() => void forget()} data-testid="confirm-forget">Forget everything</button>
        </div>
      </dialog>
    </div>
  );
}
