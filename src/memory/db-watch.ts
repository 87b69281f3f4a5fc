/**
 * Notices when a store's database stops being this store's: deleted or upgraded from another tab
 * (IndexedDB `versionchange`), or closed by the browser (site data cleared: the connection's
 * `close`). Dexie's own answer closes the connection but lets the next call reopen it, which would
 * silently create a new, empty database behind a page still showing the old memories. Here the
 * connection is closed for good and the store says why; the caller decides when to open again.
 */
import type { MemoryDexie } from './db';

export type StoreLossReason = 'deleted' | 'upgraded' | 'closed';

export interface StoreLoss {
  reason: StoreLossReason;
  /** What happened and what to do, in the words the page shows. */
  message: string;
}

export const LOSS_MESSAGES: Record<StoreLossReason, string> = {
  deleted: 'Your memory database was deleted in another tab (or window) of this app. This page no longer shows it, and nothing was recreated. Open an empty store to start again.',
  upgraded: 'Another tab opened your memory database with a newer version of this app and upgraded it. This page is out of date: reload it to keep working with your memories.',
  closed: 'The browser closed your memory database (its site data may have been cleared). This page no longer shows it, and nothing was recreated. Open the store again to see what is left.',
};

export interface ConnectionWatch {
  /** Call before closing the database on purpose, so that close is not reported as a loss. */
  closingOnPurpose(): void;
  stop(): void;
}

export function watchConnection(db: MemoryDexie, onLost: (loss: StoreLoss) => void): ConnectionWatch {
  let settled = false;
  const lose = (reason: StoreLossReason) => {
    if (settled) return;
    settled = true;
    // No auto-open: a later call fails (STORAGE_UNAVAILABLE) instead of recreating the database.
    db.close({ disableAutoOpen: true });
    onLost({ reason, message: LOSS_MESSAGES[reason] });
  };
  // Dexie runs the latest subscriber first; returning false skips its default handler, which
  // would close with auto-open left on.
  const onVersionChange = (ev: IDBVersionChangeEvent) => {
    lose(ev.newVersion ? 'upgraded' : 'deleted');
    return false;
  };
  // Closing (ours included) fires `close` synchronously: a microtask later, a versionchange being
  // handled has already settled the more precise reason.
  const onClose = () => { void Promise.resolve().then(() => lose('closed')); };
  db.on('versionchange', onVersionChange);
  db.on('close', onClose);
  const stop = () => {
    settled = true;
    db.on('versionchange').unsubscribe(onVersionChange);
    db.on('close').unsubscribe(onClose);
  };
  return { closingOnPurpose: stop, stop };
}
