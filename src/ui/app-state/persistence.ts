/**
 * Persistent storage for the memories. A site's data is "best-effort" by default: under disk
 * pressure the browser may delete it without asking. At the first save the app asks once for
 * persistent storage (`navigator.storage.persist()`: Chrome answers from how the site is used,
 * without a prompt; Firefox asks the person), remembers that it asked (SETTINGS_KEYS.persistence)
 * and shows the state on the Memories page, with an export suggested while it is best-effort.
 */
import { readSetting, writeSetting, type KeyValueStorage, browserStorage } from '../../core/settings';
import { Observable } from './observable';

export type PersistenceState =
  | { status: 'checking' }
  /** The browser has no StorageManager (old browser, or an insecure context). */
  | { status: 'unsupported' }
  | { status: 'persistent' }
  /** `asked`: the app asked and the browser said no (or has not said yes yet). */
  | { status: 'best-effort'; asked: boolean };

export interface StorageManagerLike {
  persisted?(): Promise<boolean>;
  persist?(): Promise<boolean>;
}

export class PersistenceTracker {
  readonly state = new Observable<PersistenceState>({ status: 'checking' });

  constructor(
    private readonly manager: () => StorageManagerLike | undefined = () => globalThis.navigator?.storage,
    private readonly settings: () => KeyValueStorage | null = browserStorage,
  ) {}

  /** Reads the browser's answer as it is now. */
  async refresh(): Promise<PersistenceState> {
    const m = this.manager();
    let next: PersistenceState;
    if (!m?.persisted || !m.persist) next = { status: 'unsupported' };
    else {
      try {
        next = (await m.persisted()) ? { status: 'persistent' } : { status: 'best-effort', asked: readSetting('persistence', this.settings()) !== null };
      } catch {
        next = { status: 'unsupported' };
      }
    }
    this.state.set(next);
    return next;
  }

  /** At a save: asks the first time only (a later "no" is the person's or the browser's answer). */
  async askOnce(): Promise<PersistenceState> {
    if (readSetting('persistence', this.settings()) !== null) return this.refresh();
    return this.ask();
  }

  /** Asks now (the Memories page's button). */
  async ask(): Promise<PersistenceState> {
    const m = this.manager();
    if (!m?.persist) return this.refresh();
    let answer: string;
    try {
      answer = (await m.persist()) ? 'granted' : 'denied';
    } catch {
      answer = 'asked';
    }
    writeSetting('persistence', answer, this.settings());
    return this.refresh();
  }
}

/** The page's one tracker (the browser's answer is per site, not per component). */
export const persistence = new PersistenceTracker();

/** Called after a save succeeds; never fails the save. */
export function afterSave(): void {
  void persistence.askOnce().catch(() => undefined);
}
