/**
 * Where the app's swappable parts are put together: the classifier engines, the embedder and the
 * memory store. Pages never construct these themselves; they read them from the AppState context.
 * Pieces that are not part of this build are simply absent, and pages say so.
 *
 * Created once per page load (module singleton), not in a React initializer: StrictMode runs
 * those twice, and two stores would mean two Dexie connections and two indexes.
 *
 * URL switches (for e2e and demos): ?llm=stand-in adds the stand-in LLM engine; ?embed=fixture
 * makes the "neural" embedder the project's own tiny fixture model (served by the app), so the
 * download-and-switch path runs without the network.
 */
import type { ClassifierEngine } from '../../engines/types';
import { LiteEngine } from '../../engines/lite-engine';
import { EnsembleEngine } from '../../engines/ensemble';
import { createBrowserWebLLMEngine } from '../../engines/webllm/browser';
import { createStandInEngine, STAND_IN_ID } from '../../engines/stand-in-llm';
import { MemoryStore } from '../../memory';
import { EMBED_LITE_URL, EmbedLiteEmbedder, fixtureEmbedderOptions, neuralEmbedderOptions, WorkerEmbedder } from '../../embed';
import { EmbedderTracker } from './embedder-state';
import { EmbedderSwitch } from './embedders';
import { StoreTracker } from './store-state';
import { ensureEngineReady } from './engine-ready';

export interface AppServices {
  /** In display order; the first one is the default. */
  engines: ClassifierEngine[];
  /** Routes sentences when memories are extracted: always the CPU router, which is fast enough per sentence. */
  extractionEngine: ClassifierEngine;
  embedders: EmbedderSwitch;
  store: StoreTracker;
}

function neuralEmbedder(params: URLSearchParams): WorkerEmbedder {
  const base = import.meta.env.BASE_URL;
  const options = params.get('embed') === 'fixture' ? fixtureEmbedderOptions(location.origin, base) : neuralEmbedderOptions(location.origin, base);
  return new WorkerEmbedder(options);
}

export function createServices(params: URLSearchParams): AppServices {
  const lite = new LiteEngine();
  // Constructing the WebLLM engine costs nothing: the library and the worker load on load().
  const webllm = createBrowserWebLLMEngine();
  const engines: ClassifierEngine[] = [lite, webllm, new EnsembleEngine(lite, webllm)];
  if (params.get('llm') === STAND_IN_ID) engines.push(createStandInEngine(params));
  // The store opens without an embedder (keyword search works at once, and a missing model file
  // cannot keep the store closed); EmbedderSwitch then sets embed-lite, or the remembered choice.
  const store = new StoreTracker((opts) => MemoryStore.open(opts), {
    classify: async (conversation, opts) => (await ensureEngineReady(lite, opts?.signal)).classify(conversation, opts),
    embedder: null,
  });
  const embedders = new EmbedderSwitch(
    new EmbedderTracker(new EmbedLiteEmbedder(EMBED_LITE_URL)),
    new EmbedderTracker(neuralEmbedder(params)),
    () => store.start(),
  );
  return { engines, extractionEngine: lite, embedders, store };
}

let singleton: AppServices | null = null;

export function appServices(): AppServices {
  singleton ??= createServices(new URLSearchParams(location.search));
  return singleton;
}

export { EmbedderTracker };
