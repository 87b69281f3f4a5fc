/** React state for the Models tab: the catalog, the GPU verdicts and WebLLM's cache, no polling. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { toRouterError, type RouterError } from '../../core/errors';
import type { ClassifierEngine } from '../../engines';
import { WebLLMEngine } from '../../engines';
import type { Catalog } from '../../engines';
import { assessCatalog, probeAdapter, type AdapterSnapshot, type CapabilityReport } from '../../engines';
import type { ModelCacheStatus, ModelManager, StorageStatus } from '../../engines';
import { createBrowserModelManager, loadBrowserCatalog } from '../../engines';

/** The app's WebLLM engines: the real one (kind webllm) and, in e2e runs, the stand-in. */
export function webllmEngines(engines: readonly ClassifierEngine[]): { real: WebLLMEngine | null; standIn: WebLLMEngine | null } {
  const list = engines.filter((e): e is WebLLMEngine => e instanceof WebLLMEngine);
  return { real: list.find((e) => e.kind === 'webllm') ?? null, standIn: list.find((e) => e.kind === 'scripted') ?? null };
}

export interface CatalogState {
  catalog: Catalog | null;
  error: RouterError | null;
  /** Rebuilds the catalog (after the settings changed). */
  reload(): void;
}

export function useCatalog(engine: WebLLMEngine | null): CatalogState {
  const [state, setState] = useState<{ catalog: Catalog | null; error: RouterError | null }>({ catalog: null, error: null });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    (engine ? engine.getCatalog() : loadBrowserCatalog()).then(
      (catalog) => { if (live) setState({ catalog, error: null }); },
      (err: unknown) => { if (live) setState({ catalog: null, error: toRouterError(err, 'MODEL_LOAD_FAILED') }); },
    );
    return () => { live = false; };
  }, [engine, version]);
  const reload = useCallback(() => {
    engine?.setCatalog(null);
    setVersion((v) => v + 1);
  }, [engine]);
  return { ...state, reload };
}

/** Probes the adapter once per page; the verdicts follow the catalog. */
export function useCapability(catalog: Catalog | null): { snapshot: AdapterSnapshot | null; report: CapabilityReport | null } {
  const [snapshot, setSnapshot] = useState<AdapterSnapshot | null>(null);
  useEffect(() => {
    let live = true;
    probeAdapter().then((s) => { if (live) setSnapshot(s); });
    return () => { live = false; };
  }, []);
  const report = useMemo(() => (catalog && snapshot ? assessCatalog(catalog, snapshot) : null), [catalog, snapshot]);
  return { snapshot, report };
}

export interface CacheState {
  manager: ModelManager | null;
  statuses: ModelCacheStatus[];
  storage: StorageStatus | null;
  error: RouterError | null;
  refresh(): Promise<void>;
}

export function useCacheState(catalog: Catalog | null, enabled: boolean): CacheState {
  const [manager, setManager] = useState<ModelManager | null>(null);
  const [statuses, setStatuses] = useState<ModelCacheStatus[]>([]);
  const [storage, setStorage] = useState<StorageStatus | null>(null);
  const [error, setError] = useState<RouterError | null>(null);
  useEffect(() => {
    if (!enabled) return undefined;
    let live = true;
    createBrowserModelManager().then((m) => { if (live) setManager(m); }, (e: unknown) => { if (live) setError(toRouterError(e)); });
    return () => { live = false; };
  }, [enabled]);
  const refresh = useCallback(async () => {
    if (!manager || !catalog) return;
    try {
      const [s, st] = await Promise.all([manager.status(catalog), manager.storageStatus()]);
      setStatuses(s);
      setStorage(st);
      setError(null);
    } catch (e) {
      setError(toRouterError(e, 'STORAGE_UNAVAILABLE'));
    }
  }, [manager, catalog]);
  useEffect(() => { void refresh(); }, [refresh]);
  return { manager, statuses, storage, error, refresh };
}
