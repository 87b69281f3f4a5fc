/**
 * Makes sure an engine can answer before a page asks it to. Engines that need no download (the
 * lite router, the e2e stand-in) load on first use; a WebLLM model is a multi-GB download, so it is
 * only ever loaded from the Models page, on purpose, never behind the user's back.
 */
import { RouterError } from '../../core/errors';
import type { ClassifierEngine } from '../../engines';

const LOADS_ON_FIRST_USE: ReadonlySet<ClassifierEngine['kind']> = new Set(['lite', 'scripted']);

export async function ensureEngineReady(engine: ClassifierEngine | null, signal?: AbortSignal): Promise<ClassifierEngine> {
  if (!engine) {
    throw new RouterError('ENGINE_NOT_READY', 'No router is available in this build.');
  }
  if (engine.status === 'ready') return engine;
  if (LOADS_ON_FIRST_USE.has(engine.kind)) {
    await engine.load({ signal });
    return engine;
  }
  throw new RouterError('ENGINE_NOT_READY', `${engine.label} is not loaded: load it on the Models page, or pick router-lite.`);
}
