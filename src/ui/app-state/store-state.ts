/**
 * Opens the app's MemoryStore once and tracks it: opening, ready, failed with a typed error
 * (IndexedDB blocked in a private window, storage full), or lost (its database deleted or upgraded
 * in another tab, or closed by the browser). Pages read the state; none opens its own. A lost
 * store is not reopened behind the page: the person chooses to open it again.
 */
import { toRouterError, type RouterError } from '../../core/errors';
import type { MemoryStore, MemoryStoreOptions, StoreLoss } from '../../memory';
import { Observable } from './observable';

export type StoreState =
  | { status: 'opening' }
  | { status: 'ready'; store: MemoryStore }
  | { status: 'error'; error: RouterError }
  | { status: 'lost'; loss: StoreLoss };

export class StoreTracker {
  readonly state = new Observable<StoreState>({ status: 'opening' });
  private opening: Promise<MemoryStore> | null = null;

  constructor(private readonly open: (opts: MemoryStoreOptions) => Promise<MemoryStore>, private readonly opts: MemoryStoreOptions) {}

  /** Opens once; a failed open can be retried (e.g. after the user allows storage), a lost store reopened. */
  start(): Promise<MemoryStore> {
    if (this.opening) return this.opening;
    this.state.set({ status: 'opening' });
    this.opening = this.open(this.opts).then(
      (store) => {
        store.onLost((loss) => {
          this.opening = null;
          this.state.set({ status: 'lost', loss });
        });
        this.state.set({ status: 'ready', store });
        return store;
      },
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
