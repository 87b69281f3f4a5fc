/**
 * The store's own suites again, with the search index behind the worker protocol (the page's
 * setup): every add, search, dedup decision, edit, scope guard, import and other-tab write goes
 * through WorkerIndexBackend and the worker handler instead of the in-process index.
 */
import { useSearchWorker } from './helpers';
import { inProcessIndexWorker } from './in-process-index-worker';

useSearchWorker(inProcessIndexWorker);

await import('./store-api.test');
await import('./dedup.test');
await import('./scope-guards.test');
await import('./export-import.test');
await import('./mem0-conformance.test');
