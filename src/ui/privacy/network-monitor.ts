/**
 * Watches what this page actually fetched (Resource Timing) and what the CSP refused
 * (securitypolicyviolation). Resource Timing covers the page's own fetches; workers keep their own
 * timeline (model downloads happen there), and the CSP header binds them to the model hosts.
 */
import { Observable } from '../app-state/observable';
import { addToTally, classifyRequest, EMPTY_TALLY, type NetworkTally } from './network-tally';
import { MODEL_HOSTS } from '../../config/hosts';
import { buildModelOrigins } from '../../engines';

/** The hosts the CSP lets the page download models from (see scripts/vite-plugin-csp.ts). */
const modelHosts = [...MODEL_HOSTS, ...buildModelOrigins(import.meta.env as unknown as Record<string, unknown>)];

export const networkTally = new Observable<NetworkTally>(EMPTY_TALLY);

let started = false;

function record(url: string): void {
  networkTally.set(addToTally(networkTally.get(), url, classifyRequest(url, location.origin, modelHosts)));
}

export function startNetworkMonitor(): void {
  if (started || typeof PerformanceObserver === 'undefined') return;
  started = true;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) record(entry.name);
  });
  observer.observe({ type: 'resource', buffered: true });
  // The same policy is set twice (meta tag and header), so one refusal fires two events.
  let last = { uri: '', at: -1e9 };
  document.addEventListener('securitypolicyviolation', (e) => {
    if (e.blockedURI === last.uri && e.timeStamp - last.at < 250) return;
    last = { uri: e.blockedURI, at: e.timeStamp };
    const t = networkTally.get();
    networkTally.set({ ...t, blocked: t.blocked + 1, otherUrls: t.otherUrls.length < 20 ? [...t.otherUrls, `blocked: ${e.blockedURI}`] : t.otherUrls });
  });
}
