/**
 * Development server only: serves the shared data files (../shared/data, or ROUTER_DATA_DIR) at
 * /__data/<file>.json for the Benchmark tab's "bundled benchmark" button, without copying them
 * into public/ (they must never end up in the repository or a build). See docs/engines.md.
 */
import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { dataDir } from './lib/data-paths';

export function sharedDataDevPlugin(): Plugin {
  const dir = dataDir();
  return {
    name: 'memory-router-shared-data',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/__data/', (req, res, next) => {
        const name = decodeURIComponent((req.url ?? '').slice(1).split('?')[0]);
        if (!/^[\w.-]+\.json$/.test(name)) return next(); // one plain file name: no paths
        const file = resolve(dir, name);
        if (!existsSync(file)) { res.statusCode = 404; res.end(); return; }
        res.setHeader('Content-Type', 'application/json');
        createReadStream(file).pipe(res);
      });
    },
  };
}
