/**
 * The Content-Security-Policy, generated in one place from the configured model sources.
 * Used by scripts/vite-plugin-csp.ts for index.html's <meta>, for the HTTP header of every
 * response (workers do not inherit a <meta> policy, so the header is what binds them), and for the
 * static-host headers file written into the build (`dist/_headers`).
 *
 * Two parts cannot go everywhere:
 * - `frame-ancestors` only works as a header (browsers ignore it in a <meta> tag), so only the
 *   header and the headers file carry it.
 * - `require-trusted-types-for 'script'` is for HTML documents: React renders without string-to-
 *   HTML sinks, and the page's one Trusted Types policy (src/ui/trusted-types.ts) lets only this
 *   origin's scripts be loaded as workers. Worker scripts get the policy without it: libraries
 *   inside the workers (onnxruntime, WebLLM) load their own code in ways the page cannot vouch for.
 *   The dev server leaves it out too (Vite's error overlay writes HTML).
 */
import { MODEL_HOSTS } from './hosts';

export interface CspOptions {
  /** Vite's dev server needs an inline React-refresh preamble and a WebSocket for HMR. */
  dev?: boolean;
  /** Extra connect-src sources (e.g. a self-hosted model mirror, the build-time fine-tune's folder). */
  extraConnect?: readonly string[];
  /** 'header' adds what only a header can carry (frame-ancestors). Default 'meta'. */
  delivery?: 'meta' | 'header';
  /** The policy of an HTML document (Trusted Types); false for scripts, workers and other files. Default true. */
  document?: boolean;
}

export type CspDirectives = Record<string, readonly string[]>;

export function cspDirectives(opts: CspOptions = {}): CspDirectives {
  const dev = opts.dev === true;
  const header = opts.delivery === 'header';
  const document = opts.document !== false;
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
    ...(document && !dev ? { 'require-trusted-types-for': ["'script'"], 'trusted-types': ['default'] } : {}),
    // Last, so a document's header is its <meta> policy plus this.
    ...(header ? { 'frame-ancestors': ["'none'"] } : {}),
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

/**
 * Whether a CSP source expression ("https://host", "https://*.host", "https://host/folder/",
 * "https://host/file") allows a URL, as the browser decides before any redirect: a path ending in
 * "/" is a folder prefix, any other path must match exactly, and "*." matches subdomains only.
 */
export function sourceMatches(url: URL, source: string): boolean {
  const m = /^(https?):\/\/(\*\.)?([^/:]+)(?::(\d+|\*))?(\/.*)?$/.exec(source);
  if (!m) return false;
  if (url.protocol !== `${m[1]}:`) return false;
  if (m[2] ? !url.hostname.endsWith(`.${m[3]}`) : url.hostname !== m[3]) return false;
  if (m[4] !== '*' && url.port !== (m[4] ?? '')) return false;
  const path = m[5];
  if (!path) return true;
  return path.endsWith('/') ? url.pathname.startsWith(path) : url.pathname === path;
}

/**
 * A build-time model URL as a CSP source: on a shared host (huggingface.co, raw.githubusercontent.com)
 * its repository folder, anywhere else its origin (a host the deployer controls). Null when not http(s).
 */
export function modelUrlSource(raw: string): string | null {
  let u: URL;
  try { u = new URL(raw); } catch { return null; }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  const parts = u.pathname.split('/').filter(Boolean);
  if (u.hostname === 'huggingface.co' && parts.length >= 2) return `${u.origin}/${parts[0]}/${parts[1]}/`;
  if (u.hostname === 'raw.githubusercontent.com' && parts.length >= 2) return `${u.origin}/${parts.slice(0, -1).join('/')}/`;
  return u.origin;
}
