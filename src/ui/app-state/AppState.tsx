/**
 * App-level state shared by every page: the engines and the selected one, the embedder's load
 * state, and the memory store. The parts come from services.ts (once per page load).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { ClassifierEngine, LiteEngine } from '../../engines';
import { appServices, type AppServices } from './services';
import { preloadEngine } from './engine-ready';
import type { EmbedderState, EmbedderTracker } from './embedder-state';
import type { EmbedderChoice, EmbedderSwitch } from './embedders';
import type { StoreState, StoreTracker } from './store-state';

const ENGINE_KEY = 'memory-router.engine';

export interface AppState {
  engines: readonly ClassifierEngine[];
  /** The engine pages classify with; null when this build has none. */
  engine: ClassifierEngine | null;
  selectEngine(id: string): void;
  /** The CPU router used to split conversations into facts. */
  extractionEngine: LiteEngine;
  embedders: EmbedderSwitch;
  store: StoreTracker;
}

const Ctx = createContext<AppState | null>(null);

function readSavedEngine(): string | null {
  try { return localStorage.getItem(ENGINE_KEY); } catch { return null; }
}

export function AppStateProvider({ children, services }: { children: ReactNode; services?: AppServices }) {
  const svc = services ?? appServices();
  const [engineId, setEngineId] = useState<string | null>(() => {
    const saved = readSavedEngine();
    return svc.engines.some((e) => e.id === saved) ? saved : svc.engines[0]?.id ?? null;
  });
  const selectEngine = useCallback((id: string) => {
    setEngineId(id);
    try { localStorage.setItem(ENGINE_KEY, id); } catch { /* private mode: selection lasts this visit */ }
  }, []);
  useEffect(() => startUp(svc), [svc]);
  const value = useMemo<AppState>(() => ({
    engines: svc.engines,
    engine: svc.engines.find((e) => e.id === engineId) ?? null,
    selectEngine,
    extractionEngine: svc.extractionEngine,
    embedders: svc.embedders,
    store: svc.store,
  }), [svc, engineId, selectEngine]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/**
 * What loads when: the router and the store (its index builds in a worker) start at once, in
 * parallel, so the first classification needs no wait on anything else; the embedder (a few MB)
 * starts when something needs it (a page that searches, a save) or once the page has been idle a
 * moment, so it never competes with the first classification. Nothing here blocks rendering.
 */
export const EMBEDDER_IDLE_START_MS = 2500;

function startUp(svc: AppServices): () => void {
  svc.store.start().catch(() => { /* shown by pages through the store state */ });
  preloadEngine(svc.extractionEngine).catch(() => { /* shown when classifying */ });
  const timer = setTimeout(() => void svc.embedders.start(), EMBEDDER_IDLE_START_MS);
  return () => clearTimeout(timer);
}

/** Pages that search or list memories call this: the embedder starts now rather than at idle. */
export function useEmbedderNeeded(): void {
  const { embedders } = useAppState();
  useEffect(() => { void embedders.start(); }, [embedders]);
}

export function useAppState(): AppState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAppState must be used inside <AppStateProvider>.');
  return v;
}

const noop = () => () => {};
const IDLE: EmbedderState = { status: 'idle' };

/** Load state of one embedder (null: the active one, or idle before any is active). */
export function useEmbedderState(tracker?: EmbedderTracker | null): EmbedderState {
  const { embedders } = useAppState();
  const choice = useEmbedderChoice();
  const t = tracker === undefined ? (choice.active ? embedders.activeTracker : null) : tracker;
  return useSyncExternalStore(t ? t.state.subscribe : noop, t ? t.state.get : () => IDLE);
}

export function useEmbedderChoice(): EmbedderChoice {
  const { embedders } = useAppState();
  return useSyncExternalStore(embedders.state.subscribe, embedders.state.get);
}

export function useStoreState(): StoreState {
  const { store } = useAppState();
  return useSyncExternalStore(store.state.subscribe, store.state.get);
}
