/**
 * Fills index.html's %VITE_CSP% placeholder with the policy from src/config/csp.ts and sends the
 * same policy as an HTTP header from the dev and preview servers (the header also binds workers).
 */
import type { Plugin } from 'vite';
import { buildCsp } from '../src/config/csp';

const PLACEHOLDER = '%VITE_CSP%';

export function cspPlugin(): Plugin {
  let dev = false;
  return {
    name: 'memory-router-csp',
    configResolved(config) {
      dev = config.command === 'serve' && !config.isProduction;
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes(PLACEHOLDER)) {
          throw new Error(`index.html lacks the ${PLACEHOLDER} placeholder: the page would ship without a CSP.`);
        }
        return html.replaceAll(PLACEHOLDER, buildCsp({ dev }));
      },
    },
    configureServer(server) {
      const policy = buildCsp({ dev: true });
      server.middlewares.use((_req, res, next) => {
        res.setHeader('Content-Security-Policy', policy);
        next();
      });
    },
    configurePreviewServer(server) {
      const policy = buildCsp({ dev: false });
      server.middlewares.use((_req, res, next) => {
        res.setHeader('Content-Security-Policy', policy);
        next();
      });
    },
  };
}
