/**
 * Fills index.html's %VITE_CSP% placeholder with the policy from src/config/csp.ts and sends the
 * same policy as an HTTP header from the dev and preview servers (the header also binds workers).
 * A build-time fine-tune URL (VITE_ROUTER_MODEL_URL) adds its origin to connect-src.
 */
import type { Plugin } from 'vite';
import { buildCsp, type CspOptions } from '../src/config/csp';
import { buildModelOrigins } from '../src/engines/webllm/config';

const PLACEHOLDER = '%VITE_CSP%';

export function cspPlugin(): Plugin {
  let dev = false;
  let extraConnect: string[] = [];
  const policy = (opts: CspOptions) => buildCsp({ ...opts, extraConnect });
  return {
    name: 'memory-router-csp',
    configResolved(config) {
      dev = config.command === 'serve' && !config.isProduction;
      extraConnect = buildModelOrigins(config.env);
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes(PLACEHOLDER)) {
          throw new Error(`index.html lacks the ${PLACEHOLDER} placeholder: the page would ship without a CSP.`);
        }
        return html.replaceAll(PLACEHOLDER, policy({ dev }));
      },
    },
    configureServer(server) {
      const header = policy({ dev: true });
      server.middlewares.use((_req, res, next) => {
        res.setHeader('Content-Security-Policy', header);
        next();
      });
    },
    configurePreviewServer(server) {
      const header = policy({ dev: false });
      server.middlewares.use((_req, res, next) => {
        res.setHeader('Content-Security-Policy', header);
        next();
      });
    },
  };
}
