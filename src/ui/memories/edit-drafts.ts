/**
 * Text typed into a memory's editor, kept outside the row that shows it. A row can disappear while
 * someone types (another tab deleted the memory, a filter changed, a long list recycled its rows);
 * the typed text must not disappear with it. Each draft remembers the version it started from, so
 * a save over a newer version is refused and the person is asked what to do.
 */
import type { MemoryCategory } from '../../core/taxonomy';
import type { MemoryItem } from '../../memory';
import { Observable } from '../app-state/observable';

export type EditConflict =
  /** The memory changed elsewhere after the edit started; `current` is the stored version. */
  | { kind: 'changed'; current: MemoryItem }
  /** The memory was deleted elsewhere. */
  | { kind: 'deleted' };

export interface EditDraft {
  id: string;
  userId: string;
  text: string;
  category: MemoryCategory;
  /** The version the edit started from (the memory's updatedAt then), and its text. */
  baseUpdatedAt: number;
  baseText: string;
  /** Set when a save was refused; the editor then asks: save as new, overwrite, or discard. */
  conflict?: EditConflict;
}

class EditDrafts {
  readonly all = new Observable<ReadonlyMap<string, EditDraft>>(new Map());

  start(m: MemoryItem): void {
    this.put({ id: m.id, userId: m.userId, text: m.text, category: m.category, baseUpdatedAt: m.updatedAt, baseText: m.text });
  }

  get(id: string): EditDraft | undefined {
    return this.all.get().get(id);
  }

  change(id: string, patch: Partial<Omit<EditDraft, 'id'>>): void {
    const d = this.get(id);
    if (d) this.put({ ...d, ...patch });
  }

  put(d: EditDraft): void {
    const next = new Map(this.all.get());
    next.set(d.id, d);
    this.all.set(next);
  }

  remove(id: string): void {
    if (!this.all.get().has(id)) return;
    const next = new Map(this.all.get());
    next.delete(id);
    this.all.set(next);
  }
}

/** The page's drafts (one editor per memory, whichever row shows it). */
export const editDrafts = new EditDrafts();
