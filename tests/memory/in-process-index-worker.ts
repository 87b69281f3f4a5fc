/**
 * The search worker in the test's own process: WorkerIndexBackend (the store's side) talks to the
 * real worker handler through a stand-in for Worker that clones every message as postMessage does
 * and delivers answers on a later task. The handler opens its own connection to the same
 * fake-indexeddb database, like the worker does in the page.
 */
import { createIndexWorkerHandler } from '../../src/memory/index-worker-handler';
import type { IndexWorkerLike } from '../../src/memory/index-worker-client';
import type { IndexWorkerRequest, IndexWorkerResponse } from '../../src/memory/index-protocol';
import { createMemoryDb } from '../../src/memory/db';
import { FAKE_IDB } from './helpers';

/** structuredClone with the transfer list, except Blobs (a File crosses to a worker as itself). */
function clone<T>(value: T, transfer: Transferable[] = []): T {
  if (typeof Blob !== 'undefined' && value && typeof value === 'object' && (value as unknown as { input?: unknown }).input instanceof Blob) {
    const { input, ...rest } = value as unknown as { input: Blob };
    return { ...structuredClone(rest, { transfer }), input } as T;
  }
  return structuredClone(value, { transfer });
}

export function inProcessIndexWorker(): IndexWorkerLike & { terminated: boolean; requests: IndexWorkerRequest[] } {
  const listeners: Array<(e: { data: IndexWorkerResponse }) => void> = [];
  const handle = createIndexWorkerHandler((message) => {
    const data = clone(message);
    setTimeout(() => listeners.forEach((l) => l({ data })), 0);
  }, { openDb: (name) => createMemoryDb(name, FAKE_IDB) });
  const w = {
    terminated: false,
    requests: [] as IndexWorkerRequest[],
    postMessage: (message: IndexWorkerRequest, transfer?: Transferable[]) => {
      w.requests.push(message);
      const copy = clone(message, transfer);
      setTimeout(() => void handle(copy), 0);
    },
    addEventListener: (type: string, l: (e: { data: IndexWorkerResponse }) => void) => { if (type === 'message') listeners.push(l); },
    terminate: () => { w.terminated = true; },
  };
  return w as IndexWorkerLike & { terminated: boolean; requests: IndexWorkerRequest[] };
}
