/**
 * Makes sure an engine can answer before a page asks it to. Engines that need no download (the
 * lite router, the e2e stand-in) load on first use; a WebLLM model is a multi-GB download, so it is
 * only ever loaded from the Models page, on purpose, never behind the user's back.
 */
import { RouterError } from '../../core/errors';
import type { ClassifierEngine } from '../../engines';

const LOADS_ON_FIRST_USE: ReadonlySet<ClassifierEngine['kind']> = new Set(['lite', 'scripted']);

/** Loads started ahead of use (at page start), which a first use joins instead of fetching again. */
const preloads = new WeakMap<ClassifierEngine, Promise<void>>();

/** Starts loading an engine that needs no download decision (router-lite) before anyone asks. */
export function preloadEngine(engine: ClassifierEngine): Promise<void> {
  if (engine.status === 'ready' || !LOADS_ON_FIRST_USE.has(engine.kind)) return Promise.resolve();
  let p = preloads.get(engine);
  if (!p) {
    p = engine.load().finally(() => preloads.delete(engine));
    preloads.set(engine, p);
  }
  return p;
}

export async function ensureEngineReady(engine: ClassifierEngine | null, signal?: AbortSignal): Promise<ClassifierEngine> {
  if (!engine) {
    throw new RouterError('ENGINE_NOT_READY', 'No router is available in this build.');
  }
  if (engine.status === 'ready') return engine;
  if (LOADS_ON_FIRST_USE.has(engine.kind)) {
    const preload = preloads.get(engine);
    if (preload) await preload.catch(() => engine.load({ signal }));
    else await engine.load({ signal });
    signal?.throwIfAborted();
    return engine;
  }
  throw new RouterError('ENGINE_NOT_READY', `${engine.label} is not loaded: load it on the Models page, or pick router-lite.`);
}
