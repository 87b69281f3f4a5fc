/// <reference lib="webworker" />
/**
 * The search worker: holds the store's search index off the main thread. All logic is in
 * src/memory/index-worker-handler.ts.
 */
import { createIndexWorkerHandler } from './index-worker-handler';
import type { IndexWorkerRequest } from './index-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createIndexWorkerHandler((message) => scope.postMessage(message));
scope.onmessage = (event: MessageEvent<IndexWorkerRequest>) => void handle(event.data);
