/**
 * The only places the app may download from besides itself, as Content-Security-Policy sources:
 * model weights (Hugging Face) and WebLLM's compiled model libraries (raw.githubusercontent.com).
 * Nothing the user writes is ever sent to them: they only serve model files (GET).
 *
 * huggingface.co and raw.githubusercontent.com are shared hosts where anyone can publish, so each
 * is allowed only at the exact paths the app uses (a source ending in "/" allows that folder, one
 * without allows that file). tests/ui-core/csp.test.ts checks these against the model catalog and
 * the embedder's preset, both ways (every URL the app uses is allowed, every path is used).
 *
 * Redirects force whole hosts: Hugging Face answers a weight file with a redirect to a signed URL
 * on its storage and CDN hosts, whose paths are not known in advance, and a CSP ignores a source's
 * path once a request has been redirected. Those hosts are listed one by one (Hugging Face's own
 * storage and CDN names), never as *.hf.co or *.huggingface.co.
 */

/** WebLLM's model repositories the catalog lists (src/engines/webllm/registry.ts MODEL_SPECS). */
const MLC_MODELS = [
  'Llama-3.1-8B-Instruct-q4f16_1-MLC', 'Llama-3.1-8B-Instruct-q4f32_1-MLC',
  'Llama-3.2-3B-Instruct-q4f16_1-MLC', 'Llama-3.2-3B-Instruct-q4f32_1-MLC',
  'Qwen2.5-1.5B-Instruct-q4f16_1-MLC', 'Qwen2.5-1.5B-Instruct-q4f32_1-MLC',
  'Llama-3.2-1B-Instruct-q4f16_1-MLC', 'Llama-3.2-1B-Instruct-q4f32_1-MLC',
];

/** The compiled libraries of those models, for @mlc-ai/web-llm 0.2.86 (its modelLibURLPrefix + version). */
const MLC_LIBS = [
  'Llama-3_1-8B-Instruct-q4f16_1_cs1k-webgpu.wasm', 'Llama-3_1-8B-Instruct-q4f32_1_cs1k-webgpu.wasm',
  'Llama-3.2-3B-Instruct-q4f16_1_cs1k-webgpu.wasm', 'Llama-3.2-3B-Instruct-q4f32_1_cs1k-webgpu.wasm',
  'Qwen2-1.5B-Instruct-q4f16_1_cs1k-webgpu.wasm', 'Qwen2-1.5B-Instruct-q4f32_1_cs1k-webgpu.wasm',
  'Llama-3.2-1B-Instruct-q4f16_1_cs1k-webgpu.wasm', 'Llama-3.2-1B-Instruct-q4f32_1_cs1k-webgpu.wasm',
];
const MLC_LIB_FOLDER = 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base/';

/** The neural embedding model's folder (src/embed: DEFAULT_NEURAL_MODEL, revision main). */
const EMBEDDING_MODEL_FOLDER = 'https://huggingface.co/Xenova/all-MiniLM-L6-v2/resolve/main/';

/** Exact model paths on shared hosts. */
export const MODEL_PATHS: readonly string[] = [
  ...MLC_MODELS.map((m) => `https://huggingface.co/mlc-ai/${m}/resolve/main/`),
  EMBEDDING_MODEL_FOLDER,
  ...MLC_LIBS.map((f) => `${MLC_LIB_FOLDER}${f}`),
];

/** Where Hugging Face redirects file downloads (LFS and Xet storage, CDN edges): whole hosts. */
export const MODEL_REDIRECT_HOSTS: readonly string[] = [
  'https://cas-bridge.xethub.hf.co',
  'https://cas-bridge.xethub-eu.hf.co',
  'https://cdn-lfs.hf.co',
  'https://cdn-lfs-us-1.hf.co',
  'https://cdn-lfs-eu-1.hf.co',
  'https://cdn-lfs.huggingface.co',
  'https://cdn-lfs-us-1.huggingface.co',
  'https://cdn-lfs-eu-1.huggingface.co',
  // Regional CDN edges (us.aws.cdn.hf.co, us.gcp.cdn.hf.co, …): one label under Hugging Face's CDN name.
  'https://*.cdn.hf.co',
];

/** Every model source the CSP's connect-src allows (the privacy badge counts requests to these as model downloads). */
export const MODEL_HOSTS: readonly string[] = [...MODEL_PATHS, ...MODEL_REDIRECT_HOSTS];
