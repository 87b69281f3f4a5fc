/**
 * Where the app's swappable parts are put together: the classifier engines, the embedder and the
 * memory store. Pages never construct these themselves; they read them from the AppState context.
 * Pieces that are not part of this build yet are simply absent, and pages say so.
 *
 * URL switches (for e2e and demos): ?llm=stand-in adds the stand-in LLM engine.
 */
import type { ClassifierEngine } from '../../engines/types';
import { LiteEngine } from '../../engines/lite-engine';
import { EmbedderTracker } from './embedder-state';

export interface AppServices {
  /** In display order; the first one that needs no GPU is the default. */
  engines: ClassifierEngine[];
  embedder: EmbedderTracker | null;
}

export function createServices(_params: URLSearchParams): AppServices {
  const engines: ClassifierEngine[] = [new LiteEngine()];
  return { engines, embedder: null };
}

export { EmbedderTracker };
