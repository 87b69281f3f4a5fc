/**
 * The page's one Trusted Types policy. Built pages are served with require-trusted-types-for
 * 'script' (src/config/csp.ts), so every string given to a script sink passes through the policy
 * named 'default' (the CSP allows no other name): a worker or script URL must be this origin's
 * (a blob: URL made by this page is too); HTML and script text are refused, since the app never
 * writes HTML from strings (React renders elements; no dangerouslySetInnerHTML anywhere).
 *
 * Imported first by main.tsx, so it exists before anything can create a worker.
 */
interface PolicyFactory {
  createPolicy(name: string, rules: { createScriptURL?: (input: string) => string }): unknown;
}

export function allowedScriptUrl(input: string, pageHref: string): boolean {
  try {
    const url = new URL(input, pageHref);
    return url.origin === new URL(pageHref).origin;
  } catch {
    return false;
  }
}

export function installTrustedTypes(): void {
  const tt = (globalThis as { trustedTypes?: PolicyFactory }).trustedTypes;
  if (!tt) return;
  try {
    tt.createPolicy('default', {
      createScriptURL: (input) => {
        if (allowedScriptUrl(input, location.href)) return input;
        throw new TypeError(`Refused to load a script from ${input}: only this app's own scripts may run.`);
      },
    });
  } catch {
    // Created already (the dev server re-runs modules); the first one stands.
  }
}

installTrustedTypes();
