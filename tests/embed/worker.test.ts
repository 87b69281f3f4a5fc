/**
 * The worker protocol end to end in one process: WorkerEmbedder (page side) talks to the real
 * worker handler (worker side) through a message-passing stand-in for Worker, which clones
 * messages like postMessage does; the handler runs the real transformers.js with the fixture.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkerEmbedder, type WorkerLike } from '../../src/embed/worker-client';
import { createEmbedWorkerHandler } from '../../src/embed/worker-handler';
import type { EmbedWorkerRequest, EmbedWorkerResponse } from '../../src/embed/worker-protocol';
import { RouterError } from '../../src/core/errors';

function inProcessWorker(): WorkerLike & { terminated: boolean } {
  const listeners: Array<(e: { data: EmbedWorkerResponse }) => void> = [];
  const handle = createEmbedWorkerHandler((message) => {
    const data = structuredClone(message);
    setTimeout(() => listeners.forEach((l) => l({ data })), 0);
  });
  const w = {
    terminated: false,
    postMessage: (message: EmbedWorkerRequest) => void handle(structuredClone(message)),
    addEventListener: (type: string, l: (e: { data: EmbedWorkerResponse }) => void) => { if (type === 'message') listeners.push(l); },
    terminate: () => { w.terminated = true; },
  };
  return w as WorkerLike & { terminated: boolean };
}

const options = { model: 'fixture-embed', localModelPath: resolve('e2e/fixtures/models'), allowRemoteModels: false };

describe('WorkerEmbedder <-> embed worker handler', () => {
  it('loads with progress, embeds and disposes', async () => {
    let worker: ReturnType<typeof inProcessWorker> | null = null;
    const e = new WorkerEmbedder(options, () => (worker = inProcessWorker()));
    expect(worker).toBeNull(); // created lazily
    const progress: string[] = [];
    await e.load((p) => progress.push(p.text));
    expect(progress.length).toBeGreaterThan(2);
    expect(e.dimension).toBeGreaterThan(0);
    expect(e.device).toBe('cpu');
    const vectors = await e.embed(['brand voice', 'campaign budget']);
    expect(vectors.map((v) => v.length)).toEqual([e.dimension, e.dimension]);
    expect(Math.hypot(...vectors[0])).toBeCloseTo(1, 4);
    expect(await e.embed([])).toEqual([]);
    await e.dispose();
    expect(worker!.terminated).toBe(true);
  });

  it('turns worker-side failures into RouterErrors with their code', async () => {
    const e = new WorkerEmbedder({ ...options, model: 'missing-model' }, inProcessWorker);
    const err = await e.load().catch((x: unknown) => x);
    expect(err).toBeInstanceOf(RouterError);
    expect((err as RouterError).code).toBe('MODEL_NOT_FOUND');
  });

  it('answers bad messages with a typed error, not an exception', async () => {
    const posted: EmbedWorkerResponse[] = [];
    const handle = createEmbedWorkerHandler((m) => posted.push(m));
    await handle({ type: 'embed', id: 1, texts: ['x'] });
    await handle({ type: 'nonsense', id: 2 } as unknown as EmbedWorkerRequest);
    expect(posted.map((p) => p.type === 'error' && p.error.code)).toEqual(['ENGINE_NOT_READY', 'WRONG_SCHEMA']);
  });

  it('fails pending requests when the worker itself errors', async () => {
    let fire: ((e: { message?: string }) => void) | null = null;
    const broken: WorkerLike = {
      postMessage: () => setTimeout(() => fire?.({ message: 'script blocked' }), 0),
      addEventListener: ((type: string, l: (e: { message?: string }) => void) => { if (type === 'error') fire = l; }) as WorkerLike['addEventListener'],
      terminate: () => {},
    };
    const e = new WorkerEmbedder(options, () => broken);
    await expect(e.load()).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED', message: expect.stringContaining('script blocked') });
  });
});
