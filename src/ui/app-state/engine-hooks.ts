/** React views of a ClassifierEngine's status and load progress (its own events, no polling). */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ClassifierEngine, EngineStatus } from '../../engines';
import type { LoadProgress } from '../../core/contracts';
import type { RouterError } from '../../core/errors';

const noop = () => () => {};

export function useEngineStatus(engine: ClassifierEngine | null): EngineStatus {
  return useSyncExternalStore(
    engine ? (cb) => engine.on('status', () => cb()) : noop,
    () => engine?.status ?? 'idle',
  );
}

export interface EngineActivity {
  progress: LoadProgress | null;
  error: RouterError | null;
}

/** Latest load progress and load error of an engine. */
export function useEngineActivity(engine: ClassifierEngine | null): EngineActivity {
  const [activity, setActivity] = useState<EngineActivity>({ progress: null, error: null });
  useEffect(() => {
    setActivity({ progress: null, error: null });
    if (!engine) return undefined;
    const offProgress = engine.on('progress', (progress) => setActivity((a) => ({ ...a, progress })));
    const offStatus = engine.on('status', (status, error) =>
      setActivity((a) => ({ progress: status === 'loading' ? a.progress : null, error: status === 'error' ? error ?? null : null })),
    );
    return () => { offProgress(); offStatus(); };
  }, [engine]);
  return activity;
}

/** The first engine of `engines` whose status is ready (re-renders when any status changes). */
export function useFirstReady<T extends ClassifierEngine>(engines: readonly T[]): T | null {
  const id = useSyncExternalStore(
    (cb) => {
      const offs = engines.map((e) => e.on('status', () => cb()));
      return () => offs.forEach((off) => off());
    },
    () => engines.find((e) => e.status === 'ready')?.id ?? null,
  );
  return engines.find((e) => e.id === id) ?? null;
}
