/**
 * The words of an import's result, from the counts of what it wrote (ImportSummary): what was
 * added, updated, merged into a memory already here, left as it was and why, and what was kept
 * because the history log is append-only.
 */
import type { ImportSummary } from '../../memory';

const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

export interface ImportMessage {
  headline: string;
  /** One line per thing the person may want to check: conflicts kept, skips, a stopped re-embedding. */
  notes: string[];
}

export function describeImport(s: ImportSummary, source: string): ImportMessage {
  const m = s.memories;
  const written = m.added + m.updated + m.merged;
  const parts = [`${m.added} new`, `${m.updated} updated to the file's newer version`, `${m.merged} merged into memories already here (same text)`];
  const here = m.unchanged + m.keptOurs;
  const headline = (written > 0
    ? `Imported ${n(written, 'memory', 'memories')} from ${source} (${parts.join(', ')})`
    : `Nothing new in ${source}: no memory was written`)
    + (here ? `; ${n(here, 'memory was', 'memories were')} already here${m.keptOurs ? ` (${m.keptOurs} kept because this browser's version is as new or newer)` : ''}` : '')
    + (m.skipped ? `; ${m.skipped} skipped` : '')
    + `. History: ${s.history.added} entries added, ${s.history.present} already here`
    + `${s.history.conflicts ? `, ${s.history.conflicts} kept as they were` : ''}. `
    + `Conversations: ${s.conversations.added} added, ${s.conversations.present} already here`
    + `${s.conversations.conflicts ? `, ${s.conversations.conflicts} kept as they were` : ''}`
    + `${s.mode === 'replace' ? ' (the store was emptied first)' : ''}.`;
  const notes: string[] = [];
  if (s.history.conflicts) {
    notes.push(`${n(s.history.conflicts, 'history entry', 'history entries')} of the file had the id of an entry already here with other content; the history is append-only, so the entries here were kept: ${s.conflictIds.history.slice(0, 5).join(', ')}${s.history.conflicts > 5 ? ', …' : ''}.`);
  }
  if (s.conversations.conflicts) {
    notes.push(`${n(s.conversations.conflicts, 'conversation', 'conversations')} of the file had the id of one already here with other content; the ones here were kept: ${s.conflictIds.conversations.slice(0, 5).join(', ')}${s.conversations.conflicts > 5 ? ', …' : ''}.`);
  }
  for (const skip of s.skipped.slice(0, 5)) notes.push(`Memory ${skip.id} skipped: ${skip.reason}.`);
  if (s.rehashed) notes.push(`${n(s.rehashed, 'written memory', 'written memories')} had a text that did not match its hash (edited by hand?): re-hashed and re-embedded.`);
  if (s.embedding?.stopped) {
    notes.push(`Re-embedding ${s.embedding.error ? `failed (${s.embedding.error})` : 'was stopped'} after ${s.embedding.done} of ${s.embedding.total} memories: the import is written; keyword search finds the rest now, and their vectors are made the next time the page opens.`);
  }
  return { headline, notes };
}
