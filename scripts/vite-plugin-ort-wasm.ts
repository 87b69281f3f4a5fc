/**
 * Serves onnxruntime-web's WASM files at `<base>ort/` in `vite dev` / `vite preview`-less dev, and
 * emits them into the build under `ort/`, so transformers.js never fetches them from a CDN
 * (see src/embed/wasm-paths.ts). Files come from the installed onnxruntime-web, so the binary
 * always matches the JS that loads it.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { ORT_WASM_DIR, ORT_WASM_FILES } from '../src/embed/wasm-paths';

/** onnxruntime-web's dist folder, as installed for the project (its main entry lives there). */
export function ortDistDir(root: string): string {
  return dirname(createRequire(join(root, 'package.json')).resolve('onnxruntime-web'));
}

const MIME: Record<string, string> = { '.wasm': 'application/wasm', '.mjs': 'text/javascript' };

export function ortWasmPlugin(): Plugin {
  let dist = '';
  let base = '/';
  const files = new Set<string>(ORT_WASM_FILES);
  return {
    name: 'memory-router:ort-wasm',
    configResolved(config) {
      base = config.base;
      dist = ortDistDir(config.root);
      for (const f of ORT_WASM_FILES) {
        if (!existsSync(join(dist, f))) throw new Error(`onnxruntime-web file ${f} is missing from ${dist}: reinstall dependencies (npm ci).`);
      }
    },
    configureServer(server) {
      const prefix = `${base}${ORT_WASM_DIR}`;
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0];
        if (!path.startsWith(prefix)) return next();
        const name = path.slice(prefix.length);
        if (!files.has(name)) return next();
        res.setHeader('Content-Type', MIME[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream');
        res.setHeader('Cache-Control', 'no-cache');
        createReadStream(join(dist, name)).pipe(res);
      });
    },
    generateBundle() {
      for (const f of ORT_WASM_FILES) {
        this.emitFile({ type: 'asset', fileName: `${ORT_WASM_DIR}${f}`, source: readFileSync(join(dist, f)) });
      }
    },
  };
}
