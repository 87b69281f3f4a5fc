/**
 * Where the app's swappable parts are put together: the classifier engines, the embedder and the
 * memory store. Pages never construct these themselves; they read them from the AppState context.
 * Pieces that are not part of this build are simply absent, and pages say so.
 *
 * Created once per page load (module singleton), not in a React initializer: StrictMode runs
 * those twice, and two stores would mean two Dexie connections and two indexes.
 *
 * URL switches (for e2e and demos): ?llm=stand-in adds the stand-in LLM engine.
 */
import type { ClassifierEngine } from '../../engines/types';
import { LiteEngine } from '../../engines/lite-engine';
import { EnsembleEngine } from '../../engines/ensemble';
import { createBrowserWebLLMEngine } from '../../engines/webllm/browser';
import { createStandInEngine, STAND_IN_ID } from '../../engines/stand-in-llm';
import { MemoryStore } from '../../memory';
import { EmbedderTracker } from './embedder-state';
import { StoreTracker } from './store-state';
import { ensureEngineReady } from './engine-ready';

export interface AppServices {
  /** In display order; the first one is the default. */
  engines: ClassifierEngine[];
  /** Routes sentences when memories are extracted: always the CPU router, which is fast enough per sentence. */
  extractionEngine: ClassifierEngine;
  embedder: EmbedderTracker | null;
  store: StoreTracker;
}

export function createServices(params: URLSearchParams): AppServices {
  const lite = new LiteEngine();
  // Constructing the WebLLM engine costs nothing: the library and the worker load on load().
  const webllm = createBrowserWebLLMEngine();
  const engines: ClassifierEngine[] = [lite, webllm, new EnsembleEngine(lite, webllm)];
  if (params.get('llm') === STAND_IN_ID) engines.push(createStandInEngine(params));
  const embedder: EmbedderTracker | null = null;
  const store = new StoreTracker((opts) => MemoryStore.open(opts), {
    classify: async (conversation, opts) => (await ensureEngineReady(lite, opts?.signal)).classify(conversation, opts),
    embedder: null,
  });
  return { engines, extractionEngine: lite, embedder, store };
}

let singleton: AppServices | null = null;

export function appServices(): AppServices {
  singleton ??= createServices(new URLSearchParams(location.search));
  return singleton;
}

export { EmbedderTracker };
