import { useRef, useState } from 'react';
import { toRouterError, type RouterError } from '../../core/errors';
import type { WebLLMEngine } from '../../engines';
import type { Catalog, CatalogEntry } from '../../engines';
import type { CapabilityReport, ModelVerdict } from '../../engines';
import { fmtMB } from '../../engines';
import { useEngineActivity, useEngineStatus } from '../app-state/engine-hooks';
import { useAppState } from '../app-state/AppState';
import { ErrorNotice, Notice } from '../shell/Notice';
import { LoadProgressView } from './LoadProgressView';
import type { CacheState } from './hooks';

interface Props {
  engine: WebLLMEngine;
  catalog: Catalog;
  /** GPU verdicts; null for the stand-in, which needs no GPU. */
  report: CapabilityReport | null;
  cache: CacheState | null;
  title: string;
}

const BACKEND_NAMES: Record<string, string> = { cache: 'Cache API', indexeddb: 'IndexedDB', opfs: 'OPFS', 'cross-origin': 'Cross-Origin Storage' };

function gb(mb: number | undefined): string {
  return mb ? `${(mb / 1024).toFixed(1)} GB` : '—';
}

/** Models: which can run here, which are cached, load (with progress and cancel), delete. */
export function ModelManagerPanel({ engine, catalog, report, cache, title }: Props) {
  const { selectEngine, engine: selected } = useAppState();
  const status = useEngineStatus(engine);
  const { progress } = useEngineActivity(engine);
  const [loadingId, setLoadingId] = useState<string | null>(null);
  const [error, setError] = useState<{ id: string; error: RouterError } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const loadedId = status === 'ready' ? engine.loadedModelId : null;
  // A GPU lost after loading: the engine released the model; loading it again is one click.
  const lost = status === 'error' && engine.error?.code === 'DEVICE_LOST' && engine.error.details?.afterLoad ? engine.error : null;
  const lostEntry = lost ? engine.selectedEntry : null;

  const load = async (entry: CatalogEntry) => {
    const ctrl = new AbortController();
    abortRef.current = ctrl;
    setLoadingId(entry.id);
    setError(null);
    setNotice(null);
    try {
      await engine.selectModel(entry.id);
      await engine.load({ signal: ctrl.signal });
      selectEngine(engine.id);
      setNotice(`${entry.label} ${entry.quantization} is loaded and now routes your conversations.`);
    } catch (e) {
      const err = toRouterError(e, 'MODEL_LOAD_FAILED');
      if (err.code === 'CANCELLED') setNotice(err.message);
      else setError({ id: entry.id, error: err });
    } finally {
      setLoadingId(null);
      abortRef.current = null;
      void cache?.refresh();
    }
  };

  const remove = async (entry: CatalogEntry) => {
    if (!cache?.manager) return;
    const partial = !cacheOf(entry.id)?.cached;
    if (!window.confirm(`Delete the ${partial ? 'partly downloaded' : 'cached'} files of ${entry.label} ${entry.quantization}? It will download again next time.`)) return;
    try {
      if (engine.loadedModelId === entry.id) await engine.unload();
      const { libraryKeptFor } = await cache.manager.remove(catalog, entry.id);
      const others = libraryKeptFor.map((id) => catalog.entries.find((e) => e.id === id)).map((e) => (e ? `${e.label} ${e.quantization}` : ''));
      setNotice(`Deleted the ${partial ? 'partly downloaded' : 'cached'} files of ${entry.label} ${entry.quantization}.${others.length ? ` Kept its model library, which ${others.join(', ')} also uses.` : ''}`);
    } catch (e) {
      setError({ id: entry.id, error: toRouterError(e, 'STORAGE_UNAVAILABLE') });
    }
    await cache.refresh();
  };

  const verdictOf = (id: string): ModelVerdict | undefined => report?.verdicts.find((v) => v.id === id);
  const cacheOf = (id: string) => cache?.statuses.find((s) => s.id === id);

  return (
    <section className="card" aria-labelledby={`${engine.id}-manager-title`} data-testid={`model-manager-${engine.id}`}>
      <h2 id={`${engine.id}-manager-title`}>{title}</h2>
      {catalog.settingsError && <Notice kind="warning" title="Your model settings were not used">{catalog.settingsError}</Notice>}
      {cache && (
        <p className="muted" data-testid="model-storage">
          Models are kept in WebLLM&apos;s {BACKEND_NAMES[catalog.appConfig.cacheBackend ?? 'cache']} cache
          {cache.storage?.available && cache.storage.usageBytes !== undefined && <> · this site uses {fmtMB(cache.storage.usageBytes)}{cache.storage.quotaBytes ? ` of ${fmtMB(cache.storage.quotaBytes)}` : ''}</>}
          {cache.storage?.persisted !== undefined && <> · storage is {cache.storage.persisted ? 'persistent' : 'not persistent (the browser may evict models when space runs low)'}</>}
          {cache.storage?.available && cache.storage.persisted === false && (
            <> <button type="button" className="link" onClick={() => { void cache.manager?.persist().then(() => cache.refresh()); }}>Keep models (ask for persistent storage)</button></>
          )}
        </p>
      )}
      {cache?.error && <ErrorNotice error={cache.error} title="Could not read the model cache" />}
      <div className="table-wrap">
        <table className="models-table">
          <thead>
            <tr><th scope="col">Model</th><th scope="col">GPU memory</th><th scope="col">Runs here?</th>{cache && <th scope="col">Cached</th>}<th scope="col"><span className="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            {catalog.entries.map((entry) => {
              const v = verdictOf(entry.id);
              const runnable = v ? v.runnable : true;
              const c = cacheOf(entry.id);
              const isLoaded = loadedId === entry.id;
              const recommended = report?.recommendedId === entry.id;
              return (
                <tr key={entry.id} data-testid={`model-row-${entry.id}`} data-runnable={String(runnable)} data-cached={c ? String(c.cached) : undefined} data-partial={c?.partialFiles ? 'true' : undefined}>
                  <td>
                    <strong>{entry.label}</strong> <span className="badge">{entry.params}</span> <span className="badge">{entry.quantization}</span>
                    {entry.kind === 'fine-tune' && <> <span className="badge badge-ok">fine-tune</span></>}
                    {recommended && <> <span className="badge badge-ok" data-testid="model-recommended">recommended</span></>}
                    {isLoaded && <> <span className="badge badge-ok" data-testid="model-loaded">loaded</span></>}
                    {entry.note && <div className="muted">{entry.note}</div>}
                    {entry.kind === 'fine-tune' && <div className="muted"><code>{entry.record.model}</code></div>}
                  </td>
                  <td>{gb(entry.record.vram_required_MB)}</td>
                  <td data-testid="model-verdict">
                    {!v && <span>no GPU needed</span>}
                    {v && runnable && <span className="badge badge-ok">yes</span>}
                    {v && !runnable && <span className="badge badge-bad">no</span>}
                    {v && [...v.blockers, ...v.cautions].length > 0 && (
                      <ul className="muted verdict-reasons">{[...v.blockers, ...v.cautions].map((r) => <li key={r}>{r}</li>)}</ul>
                    )}
                  </td>
                  {cache && <td data-testid="model-cached">{c ? (c.error ? <span title={c.error}>unknown</span> : c.cached ? `yes${c.sizeBytes ? ` (${fmtMB(c.sizeBytes)})` : ''}` : c.partialFiles ? `partly (${c.partialFiles} files of an unfinished download)` : 'no') : '…'}</td>}
                  <td>
                    <div className="row">
                      <button
                        type="button"
                        className={recommended ? 'primary' : undefined}
                        disabled={!runnable || loadingId !== null || isLoaded}
                        onClick={() => { void load(entry); }}
                        data-testid="model-load"
                      >{c?.cached ? 'Load' : c?.partialFiles ? 'Resume download & load' : 'Download & load'}</button>
                      {(c?.cached || !!c?.partialFiles) && <button type="button" className="danger" disabled={loadingId !== null} onClick={() => { void remove(entry); }} data-testid="model-delete">Delete</button>}
                      {isLoaded && selected?.id !== engine.id && <button type="button" onClick={() => selectEngine(engine.id)}>Use for routing</button>}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {lost && lostEntry && !loadingId && (
        <Notice kind="error" title={`${lostEntry.label} ${lostEntry.quantization} is no longer loaded`} testId="model-device-lost">
          <p>{lost.message}</p>
          <button type="button" className="primary" onClick={() => { void load(lostEntry); }} data-testid="model-reload">Reload model</button>
        </Notice>
      )}
      {loadingId && <LoadProgressView progress={progress} onCancel={() => abortRef.current?.abort()} />}
      {notice && <Notice kind="info" testId="model-notice">{notice}</Notice>}
      {error && <ErrorNotice error={error.error} title={`Could not load ${catalog.entries.find((e) => e.id === error.id)?.label ?? error.id}`} testId="model-load-error" />}
      {loadedId && (
        <div className="row">
          <button type="button" onClick={() => { void engine.unload().then(() => setNotice('Model unloaded: GPU memory released.')); }} data-testid="model-unload">Unload (free GPU memory)</button>
        </div>
      )}
    </section>
  );
}
