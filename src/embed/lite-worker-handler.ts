/**
 * The embed-lite worker's logic, apart from the Worker global so it runs (and is tested) in Node:
 * one EmbedLiteEmbedder per worker, loaded from a URL on 'load' (or from whatever `source` makes of
 * it, in tests), used on 'embed'. Vectors go back as transferred buffers.
 */
import { RouterError, serializeError } from '../core/errors';
import { EmbedLiteEmbedder, type EmbedLiteSource } from './embed-lite';
import type { LiteWorkerRequest, PostLiteResponse } from './lite-worker-protocol';
import type { EmbedPortRequest, EmbedPortResponse } from '../core/contracts';

export function createLiteWorkerHandler(post: PostLiteResponse, source: (url: string) => EmbedLiteSource = (url) => url): (request: LiteWorkerRequest) => Promise<void> {
  let embedder: EmbedLiteEmbedder | null = null;
  let url: string | null = null;
  return async (request) => {
    const id = typeof request?.id === 'number' ? request.id : -1;
    try {
      switch (request?.type) {
        case 'load': {
          if (!embedder || url !== request.url) {
            embedder = new EmbedLiteEmbedder(source(request.url));
            url = request.url;
          }
          await embedder.load((progress) => post({ type: 'progress', id, progress }));
          post({ type: 'loaded', id, modelId: embedder.id, dimension: embedder.dimension });
          return;
        }
        case 'embed': {
          if (!embedder?.loaded) throw new RouterError('ENGINE_NOT_READY', 'embed-lite is not loaded in its worker: send "load" first.');
          if (!Array.isArray(request.texts)) throw new RouterError('WRONG_SCHEMA', '"embed" needs texts: an array of strings.');
          const vectors = embedder.embedSync(request.texts);
          post({ type: 'embedded', id, vectors }, vectors.map((v) => v.buffer));
          return;
        }
        case 'serve': {
          const port = request.port;
          port.onmessage = (event: MessageEvent<EmbedPortRequest>) => {
            const { id: at, texts } = event.data ?? ({} as EmbedPortRequest);
            try {
              if (!embedder?.loaded) throw new RouterError('ENGINE_NOT_READY', 'embed-lite is not loaded in its worker.');
              const vectors = embedder.embedSync(Array.isArray(texts) ? texts : []);
              port.postMessage({ id: at, vectors } satisfies EmbedPortResponse, vectors.map((v) => v.buffer));
            } catch (err) {
              port.postMessage({ id: at, error: serializeError(err) } satisfies EmbedPortResponse);
            }
          };
          post({ type: 'serving', id });
          return;
        }
        default:
          throw new RouterError('WRONG_SCHEMA', `Unknown embed-lite worker message type: ${String((request as { type?: unknown })?.type)}.`);
      }
    } catch (err) {
      post({ type: 'error', id, error: serializeError(err) });
    }
  };
}
