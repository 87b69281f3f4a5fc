import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { cspPlugin } from './scripts/vite-plugin-csp';
import { ortWasmPlugin } from './scripts/vite-plugin-ort-wasm';
import { sharedDataDevPlugin } from './scripts/vite-plugin-shared-data';
import { e2eFixturesPlugin } from './scripts/vite-plugin-e2e-fixtures';

// The app must never reach a CDN at run time: onnxruntime's WASM is served from the app itself
// (see src/embed), and the CSP in index.html only allows the page and the configured model hosts.
// `--mode e2e` (what Playwright builds) adds the test-only parts: src/ui/test-mode.ts and the
// fixture embedding model. A production build has neither, and ships no source maps.
//
// appType 'mpa': a missing file is a 404 in dev and preview, not index.html with status 200 (the
// SPA fallback). transformers.js downloads a model from its host only when the local copy answers
// 404, and the app routes with hashes, so index.html at / is all it needs.
export default defineConfig(({ mode }) => ({
  appType: 'mpa',
  plugins: [react(), cspPlugin(), ortWasmPlugin(), sharedDataDevPlugin(), ...(mode === 'e2e' ? [e2eFixturesPlugin()] : [])],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: mode === 'e2e' },
  optimizeDeps: { exclude: ['@huggingface/transformers', '@mlc-ai/web-llm'] },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: true },
}));
