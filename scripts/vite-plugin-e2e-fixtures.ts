/**
 * E2E builds only (`--mode e2e`): serves the project's fixture embedding model under
 * <base>models/fixture-embed/ in dev and copies it into the build's models/ folder, so tests can
 * run the real transformers.js path without the network. Production builds never include it.
 */
import { cpSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

export const FIXTURE_MODELS_DIR = resolve('e2e/fixtures/models');

export function e2eFixturesPlugin(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'memory-router-e2e-fixtures',
    configResolved(c) { config = c; },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const prefix = `${config.base}models/fixture-embed/`;
        const url = (req.url ?? '').split('?')[0];
        if (!url.startsWith(prefix)) return next();
        const file = join(FIXTURE_MODELS_DIR, 'fixture-embed', url.slice(prefix.length));
        if (!file.startsWith(FIXTURE_MODELS_DIR) || !existsSync(file) || !statSync(file).isFile()) return next();
        res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
    writeBundle() {
      cpSync(FIXTURE_MODELS_DIR, resolve(config.build.outDir, 'models'), { recursive: true });
    },
  };
}
