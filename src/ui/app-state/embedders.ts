/**
 * The app's two embedders and which one the store uses. embed-lite ships with the app and loads at
 * start, so search is semantic from the first second; the neural model (transformers.js in a
 * worker) is a download the user asks for on the Models page, after which the store re-embeds
 * every memory with it. The choice is remembered; a neural model that cannot load (offline and not
 * cached) leaves embed-lite in use and says why.
 */
import { toRouterError, type RouterError } from '../../core/errors';
import type { MemoryStore } from '../../memory';
import type { EmbedderTracker } from './embedder-state';
import { Observable } from './observable';

export type EmbedderSlot = 'lite' | 'neural';

export interface EmbedderChoice {
  /** The embedder the store searches with; null until one is set. */
  active: EmbedderSlot | null;
  /** Re-embedding the stored memories after a switch. */
  reembed?: { done: number; total: number };
  /** The last re-embedding was stopped here (the switch stands; the rest are embedded at the next open). */
  stopped?: { done: number; total: number };
  switching: boolean;
  error?: RouterError;
}

const PREF_KEY = 'memory-router.embedder';

function readPref(): EmbedderSlot {
  try { return localStorage.getItem(PREF_KEY) === 'neural' ? 'neural' : 'lite'; } catch { return 'lite'; }
}

function writePref(slot: EmbedderSlot): void {
  try { localStorage.setItem(PREF_KEY, slot); } catch { /* private mode: the choice lasts this visit */ }
}

export class EmbedderSwitch {
  readonly state = new Observable<EmbedderChoice>({ active: null, switching: false });
  private queue: Promise<unknown> = Promise.resolve();
  private reembedding: AbortController | null = null;
  private started: Promise<void> | null = null;
  /** Resolves once the first switch has handed its embedder to the store (or failed to). */
  private handedOver: Promise<void> | null = null;
  private handOver: (() => void) | null = null;

  constructor(
    readonly lite: EmbedderTracker,
    readonly neural: EmbedderTracker,
    private readonly store: () => Promise<MemoryStore>,
  ) {}

  get activeTracker(): EmbedderTracker | null {
    const a = this.state.get().active;
    return a === 'lite' ? this.lite : a === 'neural' ? this.neural : null;
  }

  /**
   * Once, when something first needs vectors (a page that searches, a save, or the page being
   * idle): the remembered choice, else embed-lite. A neural model that fails to load falls back to
   * embed-lite (its error stays shown). Going straight to the remembered model avoids re-embedding
   * the whole store twice on every page load. Later calls share the first one's promise.
   */
  start(): Promise<void> {
    if (!this.handedOver) this.handedOver = new Promise((resolve) => { this.handOver = resolve; });
    this.started ??= this.startOnce().finally(() => this.handOver?.());
    return this.started;
  }

  /**
   * Starts the embedder if nothing has, and resolves as soon as the store knows which embedder is
   * coming (the store then makes a save wait for its load, not for the re-embedding that follows).
   */
  ensureStarted(): Promise<void> {
    void this.start();
    return this.handedOver as Promise<void>;
  }

  private async startOnce(): Promise<void> {
    if (readPref() === 'neural') {
      await this.use('neural', { remember: false });
      if (this.state.get().active === 'neural') return;
      const { error } = this.state.get();
      await this.use('lite', { remember: false });
      if (error) this.state.set({ ...this.state.get(), error });
      return;
    }
    await this.use('lite', { remember: false });
  }

  /** Switches the store to an embedder (loading it first); switches run one at a time. */
  use(slot: EmbedderSlot, opts: { remember?: boolean } = {}): Promise<void> {
    const run = this.queue.then(() => this.switchTo(slot, opts.remember !== false));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Stops the re-embedding of a running switch. The switch itself stands (the store already
   * searches with the new embedder); memories without its vectors are found by keyword meanwhile
   * and embedded the next time the page opens.
   */
  stopReembedding(): void {
    this.reembedding?.abort();
  }

  private async switchTo(slot: EmbedderSlot, remember: boolean): Promise<void> {
    const tracker = slot === 'lite' ? this.lite : this.neural;
    const ctrl = new AbortController();
    this.reembedding = ctrl;
    this.state.set({ ...this.state.get(), switching: true, error: undefined, reembed: undefined, stopped: undefined });
    try {
      // The model loads while the store opens. From the moment setEmbedder is called, a save waits
      // for the switch (not for the re-embedding after it).
      const [store] = await Promise.all([this.store(), tracker.load()]);
      let stopped: EmbedderChoice['stopped'];
      const setting = store.setEmbedder(tracker.embedder, {
        signal: ctrl.signal,
        onProgress: (p) => { if (!ctrl.signal.aborted) this.state.set({ ...this.state.get(), reembed: p }); },
      });
      this.handOver?.();
      // Stop answers at once: a vector write in flight finishes behind it, in its own transaction.
      const stop = new Promise<void>((resolve) => ctrl.signal.addEventListener('abort', () => resolve(), { once: true }));
      setting.catch(() => undefined);
      await Promise.race([setting, stop]);
      if (ctrl.signal.aborted) {
        // Stopped before the store took the new embedder (still loading): let the switch settle first.
        if (store.embedder !== tracker.embedder) await setting.catch((e: unknown) => { if (store.embedder !== tracker.embedder) throw e; });
        stopped = this.state.get().reembed ?? { done: 0, total: 0 };
      }
      if (remember) writePref(slot);
      this.state.set({ active: slot, switching: false, ...(stopped ? { stopped } : {}) });
    } catch (e) {
      this.state.set({ ...this.state.get(), switching: false, error: toRouterError(e, 'MODEL_LOAD_FAILED') });
    } finally {
      if (this.reembedding === ctrl) this.reembedding = null;
    }
  }
}
