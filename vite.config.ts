import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { cspPlugin } from './scripts/vite-plugin-csp';
import { ortWasmPlugin } from './scripts/vite-plugin-ort-wasm';
import { sharedDataDevPlugin } from './scripts/vite-plugin-shared-data';

// The app must never reach a CDN at run time: onnxruntime's WASM is served from the app itself
// (see src/embed), and the CSP in index.html only allows the page and the configured model hosts.
export default defineConfig({
  plugins: [react(), cspPlugin(), ortWasmPlugin(), sharedDataDevPlugin()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  optimizeDeps: { exclude: ['@huggingface/transformers', '@mlc-ai/web-llm'] },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: true },
});
