/// <reference lib="webworker" />
/**
 * The embed worker: runs transformers.js off the main thread so the page stays responsive while
 * the model loads and embeds. All logic is in src/embed/worker-handler.ts.
 */
import { createEmbedWorkerHandler } from './worker-handler';
import type { EmbedWorkerRequest } from './worker-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createEmbedWorkerHandler((message, transfer) => scope.postMessage(message, transfer ?? []));
scope.onmessage = (event: MessageEvent<EmbedWorkerRequest>) => void handle(event.data);
