/**
 * onnxruntime-web's WebAssembly files are served by the app itself (under `<base>ort/`), never
 * from the CDN transformers.js would otherwise pick: the CSP forbids other origins and the app
 * must work offline. scripts/vite-plugin-ort-wasm.ts serves these files in dev and copies them
 * into the build; this module says where they are.
 */

/** The URL folder (under Vite's base) holding the files. */
export const ORT_WASM_DIR = 'ort/';

/**
 * The builds transformers.js' web bundle asks for: the asyncify build (WebGPU + WASM), and the
 * plain build it uses on Safari < 26 without WebGPU. Each is a factory module plus its binary.
 */
export const ORT_WASM_FILES = [
  'ort-wasm-simd-threaded.asyncify.mjs',
  'ort-wasm-simd-threaded.asyncify.wasm',
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.wasm',
] as const;

export interface OrtWasmPaths {
  mjs: string;
  wasm: string;
}

/**
 * The env.backends.onnx.wasm.wasmPaths object for files served at `<origin><base>ort/`.
 * Absolute URLs, because a worker resolves relative ones against its own script URL.
 */
export function ortWasmPaths(origin: string, base = '/', variant: 'asyncify' | 'plain' = 'asyncify'): OrtWasmPaths {
  const root = new URL(`${base.endsWith('/') ? base : `${base}/`}${ORT_WASM_DIR}`, origin).href;
  const stem = variant === 'asyncify' ? 'ort-wasm-simd-threaded.asyncify' : 'ort-wasm-simd-threaded';
  return { mjs: `${root}${stem}.mjs`, wasm: `${root}${stem}.wasm` };
}
