/**
 * Embedding from inside the search worker, through the port an embedder that runs in its own
 * worker hands out (Embedder.connect): texts go worker to worker, never through the page.
 */
import { deserializeError } from '../core/errors';
import type { EmbedPortRequest, EmbedPortResponse } from '../core/contracts';

export class PortEmbedder {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();

  constructor(private readonly port: MessagePort) {
    port.onmessage = (event: MessageEvent<EmbedPortResponse>) => {
      const res = event.data;
      const w = this.waiting.get(res?.id);
      if (!w) return;
      this.waiting.delete(res.id);
      if ('error' in res) w.reject(deserializeError(res.error));
      else w.resolve(res.vectors);
    };
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.port.postMessage({ id, texts } satisfies EmbedPortRequest);
    });
  }

  close(): void {
    this.port.close();
  }
}
