/**
 * WebLLM's own worker handler, changed in one place: a failure crosses the worker as a typed
 * `{name, code, message, details}` (serializeError of the mapped RouterError) instead of WebLLM's
 * `err.toString()` text, so the page rebuilds a RouterError with an actionable message.
 */
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';
import { serializeError } from '../../core/errors';
import { mapWebLLMError } from './errors';

type Post = (message: unknown) => void;

export class RouterWorkerHandler extends WebWorkerMLCEngineHandler {
  private post: Post;

  constructor(post: Post) {
    super();
    this.post = post;
  }

  override postMessage(msg: unknown): void {
    this.post(msg);
  }

  override async handleTask<T>(uuid: string, task: () => Promise<T>): Promise<void> {
    try {
      const content = await task();
      this.post({ kind: 'return', uuid, content });
    } catch (err) {
      this.post({ kind: 'throw', uuid, content: serializeError(mapWebLLMError(err)) });
    }
  }
}
