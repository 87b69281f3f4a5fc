import { useRef, useState } from 'react';
import { RouterError } from '../../core/errors';
import { checkBrowserModelFiles, plannedModelFiles, previewFineTuneUrl, type FolderCheck } from '../../engines';
import { ErrorNotice, Notice } from '../shell/Notice';

const KIND_LABEL = { config: 'config', library: 'model library', tokenizer: 'tokenizer', 'tensor-cache': 'weights index', shard: 'weights' } as const;

/**
 * The exact URLs WebLLM will ask for with the URL typed above (its resolve/main/ rule applied),
 * and a check that asks the host for each file before a multi-GB download starts.
 */
export function ModelFilesPreview({ rawUrl, modelLib }: { rawUrl: string; modelLib?: string }) {
  const [check, setCheck] = useState<{ folder: string; result?: FolderCheck; progress?: string; error?: RouterError } | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  if (!rawUrl.trim()) return null;
  const preview = previewFineTuneUrl(rawUrl);
  if ('error' in preview) return <p className="muted" data-testid="fine-tune-files-invalid">{preview.error}</p>;
  const folder = preview.url;
  const shown = check?.folder === folder ? check : null;

  const run = async () => {
    abortRef.current?.abort();
    const ctrl = new AbortController();
    abortRef.current = ctrl;
    setCheck({ folder, progress: 'Asking the host for each file…' });
    try {
      const result = await checkBrowserModelFiles(folder, {
        modelLib, signal: ctrl.signal,
        onProgress: (done, total) => setCheck({ folder, progress: `Weights: ${done} of ${total} files answered` }),
      });
      if (!ctrl.signal.aborted) setCheck({ folder, result });
    } catch (e) {
      if (!ctrl.signal.aborted) setCheck({ folder, error: new RouterError('MODEL_NOT_FOUND', `The check stopped: ${(e as Error)?.message ?? e}`) });
    }
  };

  return (
    <div className="field" data-testid="fine-tune-files">
      <p className="muted">WebLLM will download from <code data-testid="fine-tune-folder">{folder}</code>:</p>
      {preview.entered && <Notice kind="warning" testId="fine-tune-url-rewritten">{preview.warnings[0]}</Notice>}
      <ul className="muted" data-testid="fine-tune-file-urls">
        {plannedModelFiles(folder, modelLib).map((f) => <li key={f.url}>{KIND_LABEL[f.kind]}: <code>{f.url}</code>{f.kind === 'shard' ? ' (each one tensor-cache.json lists)' : ''}</li>)}
      </ul>
      <div className="row">
        <button type="button" onClick={() => { void run(); }} disabled={!!shown?.progress} data-testid="fine-tune-check">Check these files on the host</button>
        {shown?.progress && <span className="muted" data-testid="fine-tune-check-progress">{shown.progress}</span>}
      </div>
      {shown?.result && !shown.result.error && (
        <Notice kind="success" testId="fine-tune-check-ok">All {shown.result.files.length} files answered ({shown.result.files.filter((f) => f.kind === 'shard').length} weight shards).</Notice>
      )}
      {shown?.result?.error && <ErrorNotice error={shown.result.error} title="A model file is not where WebLLM will look" testId="fine-tune-check-error" />}
      {shown?.error && <ErrorNotice error={shown.error} title="Could not check the files" testId="fine-tune-check-error" />}
    </div>
  );
}
