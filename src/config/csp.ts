/**
 * The Content-Security-Policy, generated in one place from the configured model hosts.
 * Used by scripts/vite-plugin-csp.ts for index.html's <meta> and for the HTTP header of every
 * response (workers do not inherit a <meta> policy, so the header is what binds them).
 */
import { MODEL_HOSTS } from './hosts';

export interface CspOptions {
  /** Vite's dev server needs an inline React-refresh preamble and a WebSocket for HMR. */
  dev?: boolean;
  /** Extra connect-src sources (e.g. a self-hosted model mirror). */
  extraConnect?: readonly string[];
}

export type CspDirectives = Record<string, readonly string[]>;

export function cspDirectives(opts: CspOptions = {}): CspDirectives {
  const dev = opts.dev === true;
  return {
    'default-src': ["'self'"],
    // 'wasm-unsafe-eval' lets onnxruntime-web and WebLLM compile WebAssembly; no JS eval.
    'script-src': ["'self'", "'wasm-unsafe-eval'", ...(dev ? ["'unsafe-inline'"] : [])],
    'worker-src': ["'self'", 'blob:'],
    'connect-src': ["'self'", ...MODEL_HOSTS, ...(opts.extraConnect ?? []), ...(dev ? ['ws://localhost:*', 'ws://127.0.0.1:*'] : [])],
    // React sets style attributes (progress bars); no remote stylesheet is allowed.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
  };
}

export function serializeCsp(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');
}

export function buildCsp(opts: CspOptions = {}): string {
  return serializeCsp(cspDirectives(opts));
}
