import { useRef, useState } from 'react';
import { isExportFormat, originLabel, type ParsedInput } from '../../core/input';
import type { ConversationMeta } from '../../core/formats';
import { RouterError, toRouterError } from '../../core/errors';
import { DEFAULT_USER_ID, summarizeSave, type MemoryStore, type SaveSummary } from '../../memory';
import type { IngestItem } from '../../memory/ingest';
import { storableCategories } from '../../core/taxonomy';
import { useAppState } from '../app-state/AppState';
import { proposeMemories } from '../../engines';
import type { BatchRow } from './batch-run';
import { ErrorNotice, Notice } from '../shell/Notice';
import { ProgressBar } from '../shell/ProgressBar';
import { StoreGate } from '../shell/StoreGate';
import { afterSave } from '../app-state/persistence';
import { describeBatchSave } from './save-message';
import { SaveResult } from './SaveResult';

/** What a chat export said about a conversation, kept with it and (title only) with its memories. */
function conversationMetadata(input: ParsedInput, origin: number, meta: ConversationMeta | undefined): Record<string, unknown> {
  return {
    format: input.format,
    [originLabel(input.format).toLowerCase()]: origin,
    ...(meta?.title ? { title: meta.title } : {}),
    ...(meta?.createdAt !== undefined ? { createdAt: meta.createdAt } : {}),
    ...(meta?.updatedAt !== undefined ? { updatedAt: meta.updatedAt } : {}),
    ...(meta?.sourceId ? { sourceId: meta.sourceId } : {}),
    ...(meta?.unread ? { unread: meta.unread } : {}),
  };
}

/**
 * Stores the memories of every routed conversation of a batch (not those routed to `none`), in one
 * transaction: all of them or nothing. A conversation whose memories cannot be found is reported by
 * its line or index and left out; the others are saved.
 */
export function BatchSave(props: { input: ParsedInput; rows: readonly BatchRow[] }) {
  return <StoreGate>{(store) => <BatchSaver store={store} {...props} />}</StoreGate>;
}

function BatchSaver({ store, input, rows }: { store: MemoryStore; input: ParsedInput; rows: readonly BatchRow[] }) {
  const [progress, setProgress] = useState<{ done: number; total: number; phase?: string } | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<RouterError | null>(null);
  const [saved, setSaved] = useState<{ summary: SaveSummary; conversations: number } | null>(null);
  const [failures, setFailures] = useState<Array<{ origin: number; error: RouterError }>>([]);
  const abortRef = useRef<AbortController | null>(null);
  const { engine, extractionEngine } = useAppState();
  const byOrigin = new Map(input.origins.map((o, i) => [o, input.conversations[i]]));
  const metaOf = new Map(input.origins.map((o, i) => [o, input.meta[i]]));
  const label = originLabel(input.format);
  const worth = rows.filter((r) => r.result && storableCategories(r.result.categories).length > 0);

  const save = async () => {
    const ctrl = new AbortController();
    abortRef.current = ctrl;
    setError(null);
    setSaved(null);
    setRunning(true);
    setFailures([]);
    setProgress({ done: 0, total: worth.length });
    try {
      const sources = { selected: engine, lite: extractionEngine };
      const saving = worth.filter((row) => byOrigin.has(row.origin));
      const items: IngestItem[] = [];
      const failed: Array<{ origin: number; error: RouterError }> = [];
      const exported = isExportFormat(input.format);
      for (let i = 0; i < saving.length; i++) {
        const row = saving[i];
        const turns = byOrigin.get(row.origin)!;
        const meta = metaOf.get(row.origin);
        try {
          const facts = await proposeMemories(row.result!, turns, sources, ctrl.signal);
          const metadata = exported
            ? { source: input.format, conversation: row.origin, ...(meta?.title ? { conversationTitle: meta.title } : {}) }
            : { source: 'batch', line: row.origin };
          items.push({ turns, routing: row.result, facts, userId: DEFAULT_USER_ID, metadata, conversationMetadata: conversationMetadata(input, row.origin, meta) });
        } catch (e) {
          const err = toRouterError(e);
          if (err.code === 'CANCELLED' || ctrl.signal.aborted) throw err;
          failed.push({ origin: row.origin, error: err });
        }
        if (i % 50 === 49 || i === saving.length - 1) setProgress({ done: i + 1, total: saving.length });
      }
      setFailures(failed);
      // One transaction for the whole batch: it is saved completely or not at all.
      const results = await store.ingest(items, { signal: ctrl.signal, onProgress: (p) => setProgress({ done: p.done, total: p.total, phase: p.phase }) });
      setSaved({ summary: summarizeSave(results), conversations: items.length });
      afterSave();
    } catch (e) {
      const err = toRouterError(e);
      setError(err.code === 'CANCELLED' ? new RouterError('CANCELLED', 'Stopped before saving: nothing from this batch was stored.') : err);
    } finally {
      setRunning(false);
    }
  };

  if (worth.length === 0) return <Notice kind="empty">No conversation in this batch holds anything worth storing.</Notice>;
  return (
    <div className="stack">
      <div className="row">
        <button type="button" className="primary" onClick={() => void save()} disabled={running} data-testid="batch-save">
          Save memories of {worth.length} conversation{worth.length === 1 ? '' : 's'}
        </button>
        {running && <button type="button" onClick={() => abortRef.current?.abort()} data-testid="batch-save-stop">Stop</button>}
      </div>
      {running && progress && (
        <ProgressBar
          value={progress.total ? progress.done / progress.total : undefined}
          label={progress.phase ? `${progress.phase}: ${progress.done} of ${progress.total}` : `Finding facts: ${progress.done} of ${progress.total} conversations`}
        />
      )}
      {saved !== null && !running && !error && <SaveResult summary={saved.summary} text={describeBatchSave(saved.summary, saved.conversations)} testId="batch-save-result" />}
      {failures.length > 0 && !running && (
        <Notice kind="warning" title={`${failures.length} conversation${failures.length === 1 ? '' : 's'} left out: their memories could not be found`} testId="batch-save-failures">
          <ul>
            {failures.slice(0, 10).map((f) => <li key={f.origin}>{label} {f.origin}: {f.error.message}</li>)}
            {failures.length > 10 && <li>… and {failures.length - 10} more</li>}
          </ul>
        </Notice>
      )}
      {error && <ErrorNotice error={error} title="The batch was not saved; nothing from it was stored" />}
    </div>
  );
}
