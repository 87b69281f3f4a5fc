/**
 * WorkerRpc on its own, against a scripted worker: the three worker clients lean on these rules
 * (ids, progress, errors as RouterErrors, what a crash and a stop do under each policy).
 */
import { describe, expect, it } from 'vitest';
import { RouterError, serializeError } from '../../src/core/errors';
import { WorkerRpc, type WorkerPort } from '../../src/core/util/worker-rpc';

type Req = { type: 'ask'; id: number; n: number } | { type: 'note'; id: number };
type Res =
  | { type: 'progress'; id: number; progress: number }
  | { type: 'done'; id: number; n: number }
  | { type: 'news'; id: 0 }
  | { type: 'error'; id: number; error: ReturnType<typeof serializeError> };

function scripted() {
  const listeners: { message: Array<(e: { data: Res }) => void>; error: Array<(e: { message?: string }) => void> } = { message: [], error: [] };
  const w = {
    posted: [] as Array<{ message: Req; transfer?: Transferable[] }>,
    terminated: 0,
    postMessage: (message: Req, transfer?: Transferable[]) => { w.posted.push({ message, transfer }); },
    addEventListener: ((type: 'message' | 'error', l: never) => { listeners[type].push(l); }) as WorkerPort<Req, Res>['addEventListener'],
    terminate: () => { w.terminated++; },
    answer: (data: Res) => listeners.message.forEach((l) => l({ data })),
    crash: (message?: string) => listeners.error.forEach((l) => l({ message })),
  };
  return w;
}

const crashError = (message: string) => new RouterError('MODEL_LOAD_FAILED', `stopped: ${message}`);

describe('WorkerRpc', () => {
  it('numbers requests, routes progress to its request and resolves on the answer', async () => {
    const w = scripted();
    let made = 0;
    const stray: Res[] = [];
    const answered: Res[] = [];
    const rpc = new WorkerRpc<Req, Res>(() => { made++; return w; }, { restart: true, crashError, stray: (r) => stray.push(r), answered: (r) => answered.push(r) });
    expect(made).toBe(0);
    expect(rpc.nextId).toBe(1);
    const progress: number[] = [];
    const a = rpc.request({ type: 'ask', n: 1 }, (p) => progress.push(p));
    const b = rpc.request({ type: 'ask', n: 2 }, undefined, []);
    expect(made).toBe(1);
    expect(w.posted.map((p) => p.message)).toEqual([{ type: 'ask', n: 1, id: 1 }, { type: 'ask', n: 2, id: 2 }]);
    expect(w.posted[1].transfer).toEqual([]);
    w.answer({ type: 'progress', id: 1, progress: 0.5 });
    w.answer({ type: 'news', id: 0 });
    w.answer({ type: 'done', id: 2, n: 20 });
    w.answer({ type: 'done', id: 1, n: 10 });
    w.answer({ type: 'done', id: 1, n: 11 }); // already settled: a stray
    expect(await a).toEqual({ type: 'done', id: 1, n: 10 });
    expect(await b).toEqual({ type: 'done', id: 2, n: 20 });
    expect(progress).toEqual([0.5]);
    expect(stray.map((r) => r.type)).toEqual(['news', 'done']);
    expect(answered.map((r) => r.id)).toEqual([2, 1]);
    rpc.post({ type: 'note', id: 0 });
    expect(w.posted[2].message).toEqual({ type: 'note', id: 0 });
  });

  it('rejects with the worker-side error as a RouterError', async () => {
    const w = scripted();
    const rpc = new WorkerRpc<Req, Res>(() => w, { restart: true, crashError });
    const p = rpc.request({ type: 'ask', n: 1 });
    w.answer({ type: 'error', id: 1, error: serializeError(new RouterError('WRONG_SCHEMA', 'bad')) });
    await expect(p).rejects.toMatchObject({ code: 'WRONG_SCHEMA', message: 'bad' });
    await expect(p).rejects.toBeInstanceOf(RouterError);
  });

  it('restart: a crash fails waiting requests, drops the worker, and the next request starts a new one', async () => {
    const workers = [scripted(), scripted()];
    let crashes = 0;
    let made = 0;
    const rpc = new WorkerRpc<Req, Res>(() => workers[made++], { restart: true, crashError, onCrash: () => crashes++ });
    const p = rpc.request({ type: 'ask', n: 1 });
    workers[0].crash('script blocked');
    await expect(p).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED', message: 'stopped: script blocked' });
    expect(crashes).toBe(1);
    expect(workers[0].terminated).toBe(1);
    expect(rpc.started).toBe(false);
    const q = rpc.request({ type: 'ask', n: 2 });
    workers[1].answer({ type: 'done', id: 2, n: 2 });
    await expect(q).resolves.toMatchObject({ n: 2 });
  });

  it('restart: stop terminates, fails waiting requests with the reason, and forgets the worker', async () => {
    const w = scripted();
    const rpc = new WorkerRpc<Req, Res>(() => w, { restart: true, crashError });
    const p = rpc.request({ type: 'ask', n: 1 });
    rpc.stop(new RouterError('CANCELLED', 'stopped'));
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(w.terminated).toBe(1);
    expect(rpc.started).toBe(false);
  });

  it('no restart: after a crash every request fails with its error; stop keeps the (terminated) worker', async () => {
    const w = scripted();
    const rpc = new WorkerRpc<Req, Res>(() => w, { restart: false, crashError });
    rpc.start();
    const p = rpc.request({ type: 'ask', n: 1 });
    w.crash();
    await expect(p).rejects.toMatchObject({ message: 'stopped: unknown error' });
    expect(w.terminated).toBe(0);
    await expect(rpc.request({ type: 'ask', n: 2 })).rejects.toMatchObject({ message: 'stopped: unknown error' });
    expect(w.posted).toHaveLength(1);
    rpc.stop();
    expect(w.terminated).toBe(1);
    expect(rpc.started).toBe(true);
  });
});
