/**
 * Ready-made embedder options for the page. The page (or its worker) must point transformers.js
 * at files the app serves: models under `<base>models/`, onnxruntime's WASM under `<base>ort/`.
 *
 *   new WorkerEmbedder(fixtureEmbedderOptions(location.origin, import.meta.env.BASE_URL))
 *   new WorkerEmbedder(neuralEmbedderOptions(location.origin, import.meta.env.BASE_URL))
 */
import { DEFAULT_NEURAL_MODEL, type TransformersEmbedderOptions } from './transformers-embedder';
import { ortWasmPaths } from './wasm-paths';

/**
 * The folder of local models as a root-relative path ("/models/"). Not an absolute URL:
 * transformers.js only probes local files (e.g. whether tokenizer_config.json exists) for paths,
 * and skips that probe for http(s) URLs, so a URL here silently loads a model without tokenizer.
 * Root-relative paths resolve to the page's origin in a worker too.
 */
export function localModelsPath(base = '/'): string {
  return `${base.endsWith('/') ? base : `${base}/`}models/`;
}

/** The project's own fixture model (e2e builds serve it under models/fixture-embed/): local only, WASM, no network. */
export function fixtureEmbedderOptions(origin: string, base = '/'): TransformersEmbedderOptions {
  return {
    model: 'fixture-embed',
    localModelPath: localModelsPath(base),
    allowRemoteModels: false,
    wasmPaths: ortWasmPaths(origin, base),
    device: 'wasm',
    batchSize: 16,
  };
}

/**
 * The default neural model from the configured host (Hugging Face unless overridden), WebGPU when
 * an adapter exists, else WASM. A local copy under `<base>models/<id>/` is used instead when the
 * app serves one (its config.json answers with JSON; see local-copy.ts).
 */
export function neuralEmbedderOptions(origin: string, base = '/', overrides: Partial<TransformersEmbedderOptions> = {}): TransformersEmbedderOptions {
  return {
    model: DEFAULT_NEURAL_MODEL.model,
    dimension: DEFAULT_NEURAL_MODEL.dimension,
    localModelPath: localModelsPath(base),
    probeLocal: true,
    allowRemoteModels: true,
    wasmPaths: ortWasmPaths(origin, base),
    device: 'auto',
    batchSize: 16,
    ...overrides,
  };
}
