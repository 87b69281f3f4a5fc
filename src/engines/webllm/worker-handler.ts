/**
 * WebLLM's own worker handler, changed in two places: a failure crosses the worker as a typed
 * `{name, code, message, details}` (serializeError of the mapped RouterError) instead of WebLLM's
 * `err.toString()` text, so the page rebuilds a RouterError with an actionable message; and each
 * failure is mapped in the phase it happened in (a failed answer is not "Loading the model failed").
 */
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';
import { serializeError } from '../../core/errors';
import { mapWebLLMError, type ErrorPhase } from './errors';

type Post = (message: unknown) => void;

/** The message kinds that load a model; every other task serves a loaded one. */
const LOAD_KINDS: ReadonlySet<string> = new Set(['reload']);

export class RouterWorkerHandler extends WebWorkerMLCEngineHandler {
  private post: Post;
  private phase: ErrorPhase = 'load';

  constructor(post: Post) {
    super();
    this.post = post;
  }

  override postMessage(msg: unknown): void {
    this.post(msg);
  }

  override onmessage(event: unknown, onComplete?: (value: unknown) => void, onError?: () => void): void {
    const kind = ((event instanceof MessageEvent ? event.data : event) as { kind?: unknown } | null)?.kind;
    this.phase = typeof kind === 'string' && LOAD_KINDS.has(kind) ? 'load' : 'request';
    super.onmessage(event, onComplete, onError);
  }

  override async handleTask<T>(uuid: string, task: () => Promise<T>): Promise<void> {
    // Read before the first await: the base onmessage calls handleTask synchronously.
    const phase = this.phase;
    try {
      const content = await task();
      this.post({ kind: 'return', uuid, content });
    } catch (err) {
      this.post({ kind: 'throw', uuid, content: serializeError(mapWebLLMError(err, phase)) });
    }
  }
}
