/**
 * Fills index.html's %VITE_CSP% placeholder with the policy from src/config/csp.ts, sends the
 * policy as an HTTP header from the dev and preview servers (the header also binds workers, and
 * only a header can carry frame-ancestors), and writes `_headers` into the build: the same headers
 * for a static host that reads that file (Netlify, Cloudflare Pages). Build-time model settings
 * (VITE_ROUTER_MODEL_URL, VITE_MODEL_SOURCES) add their sources to connect-src.
 */
import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'vite';
import { buildCsp, type CspOptions } from '../src/config/csp';
import { buildModelOrigins } from '../src/engines/webllm/config';

const PLACEHOLDER = '%VITE_CSP%';

/** HTML documents get Trusted Types; scripts, workers and model files do not (see src/config/csp.ts). */
export function isDocumentRequest(req: Pick<IncomingMessage, 'url' | 'headers'>): boolean {
  const dest = req.headers['sec-fetch-dest'];
  if (typeof dest === 'string' && dest !== '') return dest === 'document' || dest === 'iframe';
  const path = (req.url ?? '/').split(/[?#]/)[0];
  return path.endsWith('/') || path.endsWith('.html');
}

/** Response headers besides the CSP: no MIME sniffing, no referrer sent to model hosts. */
export const EXTRA_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** The `_headers` file of a build (Netlify and Cloudflare Pages format). */
export function headersFile(policy: (opts: CspOptions) => string): string {
  const extra = Object.entries(EXTRA_HEADERS).map(([k, v]) => `  ${k}: ${v}`);
  const doc = policy({ delivery: 'header', document: true });
  return [
    '# Written by scripts/vite-plugin-csp.ts for this build: the policy of every response, and the',
    '# stricter one (Trusted Types) of the HTML document. See docs/privacy.md.',
    '/*',
    `  Content-Security-Policy: ${policy({ delivery: 'header', document: false })}`,
    ...extra,
    '/',
    `  Content-Security-Policy: ${doc}`,
    '/index.html',
    `  Content-Security-Policy: ${doc}`,
    '',
  ].join('\n');
}

export function cspPlugin(): Plugin {
  let dev = false;
  let extraConnect: string[] = [];
  const policy = (opts: CspOptions) => buildCsp({ ...opts, extraConnect });
  const serve = (isDev: boolean) => (req: IncomingMessage, res: { setHeader(k: string, v: string): void }, next: () => void) => {
    res.setHeader('Content-Security-Policy', policy({ dev: isDev, delivery: 'header', document: isDocumentRequest(req) }));
    for (const [k, v] of Object.entries(EXTRA_HEADERS)) res.setHeader(k, v);
    next();
  };
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
        return html.replaceAll(PLACEHOLDER, policy({ dev, delivery: 'meta', document: true }));
      },
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile(policy) });
    },
    configureServer(server) {
      server.middlewares.use(serve(true));
    },
    configurePreviewServer(server) {
      server.middlewares.use(serve(false));
    },
  };
}
