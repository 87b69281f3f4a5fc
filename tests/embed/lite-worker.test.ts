/**
 * embed-lite in its worker, end to end in one process: LiteWorkerEmbedder (page side) and the real
 * worker handler (worker side) through a message-passing stand-in for Worker that clones like
 * postMessage; the handler reads the committed model file from disk.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LiteWorkerEmbedder, type LiteWorkerLike } from '../../src/embed/lite-worker-client';
import { createLiteWorkerHandler } from '../../src/embed/lite-worker-handler';
import type { LiteWorkerRequest, LiteWorkerResponse } from '../../src/embed/lite-worker-protocol';
import { EmbedLiteEmbedder } from '../../src/embed/embed-lite';
import { RouterError } from '../../src/core/errors';

import { LITE_MODEL as MODEL, liteModelSource } from './lite-model-file';

function inProcessWorker(): LiteWorkerLike & { created: number } {
  const listeners: Array<(e: { data: LiteWorkerResponse }) => void> = [];
  const handle = createLiteWorkerHandler((message) => {
    const data = structuredClone(message);
    setTimeout(() => listeners.forEach((l) => l({ data })), 0);
  }, (url) => (url === 'file:embed-lite' ? liteModelSource() : url));
  const w = {
    created: 1,
    postMessage: (message: LiteWorkerRequest) => void handle(structuredClone(message)),
    addEventListener: (type: string, l: (e: { data: LiteWorkerResponse }) => void) => { if (type === 'message') listeners.push(l); },
    terminate: () => {},
  };
  return w as LiteWorkerLike & { created: number };
}

describe('LiteWorkerEmbedder <-> embed-lite worker handler', () => {
  it.skipIf(!existsSync(MODEL))('loads on first use, reports the model id, and embeds exactly what embed-lite embeds in-process', async () => {
    let made = 0;
    const e = new LiteWorkerEmbedder('file:embed-lite', () => { made++; return inProcessWorker(); });
    expect(made).toBe(0);
    expect(e.dimension).toBe(0);
    await expect(e.embed(['x'])).rejects.toMatchObject({ code: 'ENGINE_NOT_READY' });
    await e.load();
    const local = new EmbedLiteEmbedder(liteModelSource());
    await local.load();
    expect(e.id).toBe(local.id);
    expect(e.dimension).toBe(local.dimension);
    const texts = ['Our brand voice is warm and plain', 'Q3 campaign budget', ''];
    const [a, b] = [await e.embed(texts), await local.embed(texts)];
    expect(a.map((v) => Array.from(v))).toEqual(b.map((v) => Array.from(v)));
    expect(await e.embed([])).toEqual([]);
    expect(made).toBe(1);
  });

  it('turns a model that cannot be fetched into a RouterError, and a later load may retry', async () => {
    const e = new LiteWorkerEmbedder('file:missing', inProcessWorker);
    const err = await e.load().catch((x: unknown) => x);
    expect(err).toBeInstanceOf(RouterError);
    expect(['MODEL_LOAD_FAILED', 'MODEL_NOT_FOUND']).toContain((err as RouterError).code);
  });

  it('answers bad messages with a typed error', async () => {
    const posted: LiteWorkerResponse[] = [];
    const handle = createLiteWorkerHandler((m) => posted.push(m));
    await handle({ type: 'embed', id: 1, texts: ['x'] });
    await handle({ type: 'nonsense', id: 2 } as unknown as LiteWorkerRequest);
    expect(posted.map((p) => p.type === 'error' && p.error.code)).toEqual(['ENGINE_NOT_READY', 'WRONG_SCHEMA']);
  });
});
