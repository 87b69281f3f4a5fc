/**
 * Whether the app serves a local copy of a model, asked before transformers.js is told to look
 * there. transformers.js falls back to the model host only when a local file answers 404
 * (utils/hub.js, loadResourceFile); a server with an SPA fallback (Vite's default, many static
 * hosts) answers a missing `/models/<id>/config.json` with index.html and status 200, which the
 * library would parse as the model's config, and it would never download. So the local folder is
 * used only when its config.json answers with JSON.
 */
export type ProbeFetch = (url: string, init?: { cache?: RequestCache }) => Promise<{
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

/** URL of the model's config.json under the local models path, resolved against the page or worker. */
export function localConfigUrl(localModelPath: string, model: string, base: string): string {
  const folder = localModelPath.endsWith('/') ? localModelPath : `${localModelPath}/`;
  return new URL(`${folder}${model}/config.json`, base).href;
}

export async function hasLocalCopy(localModelPath: string, model: string, base: string, fetchImpl: ProbeFetch): Promise<boolean> {
  try {
    const res = await fetchImpl(localConfigUrl(localModelPath, model, base), { cache: 'no-store' });
    if (!res.ok || /text\/html/i.test(res.headers.get('content-type') ?? '')) return false;
    const data: unknown = JSON.parse(await res.text());
    return !!data && typeof data === 'object' && !Array.isArray(data);
  } catch {
    return false;
  }
}
