export type { Embedder, LoadProgress } from '../core/contracts';
export { EmbedLiteEmbedder, EMBED_LITE_URL, type EmbedLiteSource } from './embed-lite';
export {
  TransformersEmbedder, DEFAULT_NEURAL_MODEL, hasWebGpuAdapter, type EmbedDevice, type TransformersEmbedderOptions,
} from './transformers-embedder';
export { WorkerEmbedder, createEmbedWorker, type WorkerLike } from './worker-client';
export { LiteWorkerEmbedder, createLiteEmbedWorker, type LiteWorkerLike } from './lite-worker-client';
export { fixtureEmbedderOptions, neuralEmbedderOptions, localModelsPath } from './presets';
export { ortWasmPaths, ORT_WASM_DIR, ORT_WASM_FILES, type OrtWasmPaths } from './wasm-paths';
