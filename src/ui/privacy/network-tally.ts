/**
 * Sorts the URLs this page fetched into: the page itself (and data:/blob:), model-file downloads
 * from the configured model sources (the CSP's connect-src, paths included), and anything else. "Anything else" is what would carry data
 * off the device; the CSP blocks it, and the badge shows the count so the claim stays checkable.
 */
import { MODEL_HOSTS } from '../../config/hosts';
import { sourceMatches } from '../../config/csp';

export type RequestKind = 'local' | 'model-host' | 'other';

export interface NetworkTally {
  local: number;
  modelHost: number;
  other: number;
  /** Up to 20 of the "other" URLs, for the details panel. */
  otherUrls: string[];
  /** Requests the CSP refused (securitypolicyviolation events). */
  blocked: number;
}

export const EMPTY_TALLY: NetworkTally = { local: 0, modelHost: 0, other: 0, otherUrls: [], blocked: 0 };

export function classifyRequest(rawUrl: string, selfOrigin: string, modelHosts: readonly string[] = MODEL_HOSTS): RequestKind {
  let url: URL;
  try { url = new URL(rawUrl, selfOrigin); } catch { return 'other'; }
  if (url.protocol === 'data:' || url.protocol === 'blob:') return 'local';
  if (url.origin === selfOrigin) return 'local';
  return modelHosts.some((source) => sourceMatches(url, source)) ? 'model-host' : 'other';
}

export function addToTally(tally: NetworkTally, url: string, kind: RequestKind): NetworkTally {
  if (kind === 'local') return { ...tally, local: tally.local + 1 };
  if (kind === 'model-host') return { ...tally, modelHost: tally.modelHost + 1 };
  return { ...tally, other: tally.other + 1, otherUrls: tally.otherUrls.length < 20 ? [...tally.otherUrls, url] : tally.otherUrls };
}
