/**
 * Opens the app's MemoryStore once and tracks it: opening, ready, or failed with a typed error
 * (IndexedDB blocked in a private window, storage full). Pages read the state; none opens its own.
 */
import { toRouterError, type RouterError } from '../../core/errors';
import type { MemoryStore, MemoryStoreOptions } from '../../memory';
import { Observable } from './observable';

export type StoreState =
  | { status: 'opening' }
  | { status: 'ready'; store: MemoryStore }
  | { status: 'error'; error: RouterError };

export class StoreTracker {
  readonly state = new Observable<StoreState>({ status: 'opening' });
  private opening: Promise<MemoryStore> | null = null;

  constructor(private readonly open: (opts: MemoryStoreOptions) => Promise<MemoryStore>, private readonly opts: MemoryStoreOptions) {}

  /** Opens once; a failed open can be retried (e.g. after the user allows storage). */
  start(): Promise<MemoryStore> {
    if (this.opening) return this.opening;
    this.state.set({ status: 'opening' });
    this.opening = this.open(this.opts).then(
      (store) => { this.state.set({ status: 'ready', store }); return store; },
      (e: unknown) => {
        const error = toRouterError(e, 'STORAGE_UNAVAILABLE');
        this.opening = null;
        this.state.set({ status: 'error', error });
        throw error;
      },
    );
    return this.opening;
  }
}
