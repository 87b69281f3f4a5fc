/**
 * The WebLLM worker: the model, its downloads and every GPU call live here, so the page never
 * freezes. The page talks to it through WebLLM's WebWorkerMLCEngine (src/engines/webllm/webllm-engine.ts).
 */
/// <reference lib="webworker" />
import { RouterWorkerHandler } from './worker-handler';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handler = new RouterWorkerHandler((msg) => scope.postMessage(msg));
scope.onmessage = (event: MessageEvent) => handler.onmessage(event);
