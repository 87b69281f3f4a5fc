/**
 * The embed worker's logic, apart from the Worker global so it runs (and is tested) in Node too:
 * one TransformersEmbedder per worker, loaded on 'load', used on 'embed', released on 'dispose'.
 */
import { RouterError, serializeError } from '../core/errors';
import { TransformersEmbedder } from './transformers-embedder';
import type { EmbedWorkerRequest, PostResponse } from './worker-protocol';

export function createEmbedWorkerHandler(post: PostResponse): (request: EmbedWorkerRequest) => Promise<void> {
  let embedder: TransformersEmbedder | null = null;
  return async (request) => {
    const id = typeof request?.id === 'number' ? request.id : -1;
    try {
      switch (request?.type) {
        case 'load': {
          if (embedder && embedder.options.model !== request.options.model) await embedder.dispose();
          if (!embedder || embedder.options.model !== request.options.model) embedder = new TransformersEmbedder(request.options);
          await embedder.load((progress) => post({ type: 'progress', id, progress }));
          post({ type: 'loaded', id, dimension: embedder.dimension, device: embedder.device });
          return;
        }
        case 'embed': {
          if (!embedder) throw new RouterError('ENGINE_NOT_READY', 'The embedding model is not loaded: send "load" first.');
          if (!Array.isArray(request.texts)) throw new RouterError('WRONG_SCHEMA', '"embed" needs texts: an array of strings.');
          const vectors = await embedder.embed(request.texts);
          post({ type: 'embedded', id, vectors }, vectors.map((v) => v.buffer));
          return;
        }
        case 'dispose': {
          await embedder?.dispose();
          embedder = null;
          post({ type: 'disposed', id });
          return;
        }
        default:
          throw new RouterError('WRONG_SCHEMA', `Unknown embed worker message type: ${String((request as { type?: unknown })?.type)}.`);
      }
    } catch (err) {
      post({ type: 'error', id, error: serializeError(err) });
    }
  };
}
