/**
 * Tracks the load state of the app's Embedder (the interface has no events of its own), so every
 * page can show "loading / ready / error" for it and start the load once.
 */
import type { LoadProgress } from '../../core/contracts';
import type { Embedder } from '../../core/contracts';
import { toRouterError, type RouterError } from '../../core/errors';
import { Observable } from './observable';

export type EmbedderStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface EmbedderState {
  status: EmbedderStatus;
  progress?: LoadProgress;
  error?: RouterError;
}

export class EmbedderTracker {
  readonly state = new Observable<EmbedderState>({ status: 'idle' });
  private loading: Promise<void> | null = null;

  constructor(readonly embedder: Embedder) {}

  /** Loads once; later calls share the same promise. A failed load may be retried. */
  load(): Promise<void> {
    if (this.loading) return this.loading;
    this.state.set({ status: 'loading' });
    this.loading = this.embedder
      .load((progress) => this.state.set({ status: 'loading', progress }))
      .then(() => this.state.set({ status: 'ready' }))
      .catch((err: unknown) => {
        const error = toRouterError(err, 'MODEL_LOAD_FAILED');
        this.loading = null;
        this.state.set({ status: 'error', error });
        throw error;
      });
    return this.loading;
  }
}
