/**
 * Where the app's swappable parts are put together: the classifier engines, the embedder and the
 * memory store. Pages never construct these themselves; they read them from the AppState context.
 * Pieces that are not part of this build are simply absent, and pages say so.
 *
 * Created once per page load (module singleton), not in a React initializer: StrictMode runs
 * those twice, and two stores would mean two Dexie connections and two indexes.
 *
 * Test-only parts (a scripted LLM, the fixture embedding model) are never imported here: an e2e
 * build (`vite build --mode e2e`) passes them in from src/ui/test-mode.ts, so a production build
 * does not contain them at all.
 */
import type { ClassifierEngine } from '../../engines';
import { LiteEngine } from '../../engines';
import { EnsembleEngine } from '../../engines';
import { createBrowserWebLLMEngine } from '../../engines';
import { createSearchWorker, MemoryStore } from '../../memory';
import { EMBED_LITE_URL, LiteWorkerEmbedder, neuralEmbedderOptions, WorkerEmbedder } from '../../embed';
import { EmbedderTracker } from './embedder-state';
import { EmbedderSwitch } from './embedders';
import { StoreTracker } from './store-state';
import { ensureEngineReady } from './engine-ready';

export interface AppServices {
  /** In display order; the first one is the default. */
  engines: ClassifierEngine[];
  /** Routes sentences when memories are extracted: always the CPU router, which is fast enough per sentence. */
  extractionEngine: LiteEngine;
  embedders: EmbedderSwitch;
  store: StoreTracker;
}

/** What an e2e build adds or swaps (src/ui/test-mode.ts); nothing in a production build. */
export interface TestParts {
  engines?: ClassifierEngine[];
  neuralEmbedder?: WorkerEmbedder;
}

export function createServices(test: TestParts = {}): AppServices {
  const lite = new LiteEngine();
  // Constructing the WebLLM engine costs nothing: the library and the worker load on load().
  const webllm = createBrowserWebLLMEngine();
  const engines: ClassifierEngine[] = [lite, webllm, new EnsembleEngine(lite, webllm)];
  engines.push(...(test.engines ?? []));
  // The store opens without an embedder (keyword search works at once, and a missing model file
  // cannot keep the store closed); EmbedderSwitch then sets embed-lite, or the remembered choice,
  // when something needs it (see AppState), and a save waits for it. Its search index lives in a
  // worker, which reads the rows itself.
  let embedders: EmbedderSwitch | null = null;
  const store = new StoreTracker((opts) => MemoryStore.open(opts), {
    classify: async (conversation, opts) => (await ensureEngineReady(lite, opts?.signal)).classify(conversation, opts),
    // Hybrid search routes the query with router-lite and favours memories of the likely
    // categories (a prior in the fused score, never a filter); only the calibrated scores are used.
    routeQuery: async (query, opts) => (await (await ensureEngineReady(lite, opts?.signal)).classify(query, opts)).scores,
    embedder: null,
    searchWorker: createSearchWorker,
    awaitEmbedder: () => embedders?.ensureStarted() ?? Promise.resolve(),
  });
  embedders = new EmbedderSwitch(
    // embed-lite runs in its own worker: fetching and decoding its file, and embedding an import's
    // thousands of memories, never hold up the page. A worker resolves URLs against its script.
    new EmbedderTracker(new LiteWorkerEmbedder(new URL(EMBED_LITE_URL, location.href).href)),
    new EmbedderTracker(test.neuralEmbedder ?? new WorkerEmbedder(neuralEmbedderOptions(location.origin, import.meta.env.BASE_URL))),
    () => store.start(),
  );
  return { engines, extractionEngine: lite, embedders, store };
}

let singleton: AppServices | null = null;
let testParts: TestParts = {};

/** Called once by main.tsx in e2e builds, before the app renders. */
export function installTestParts(parts: TestParts): void {
  testParts = parts;
}

export function appServices(): AppServices {
  singleton ??= createServices(testParts);
  return singleton;
}

export { EmbedderTracker };
