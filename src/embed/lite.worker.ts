/// <reference lib="webworker" />
/**
 * The embed-lite worker: loads and runs embed-lite off the main thread, so fetching and decoding
 * its file at start and embedding thousands of imported memories never hold up the page. All
 * logic is in src/embed/lite-worker-handler.ts.
 */
import { createLiteWorkerHandler } from './lite-worker-handler';
import type { LiteWorkerRequest } from './lite-worker-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createLiteWorkerHandler((message, transfer) => scope.postMessage(message, transfer ?? []));
scope.onmessage = (event: MessageEvent<LiteWorkerRequest>) => void handle(event.data);
