/**
 * The words of a save's result, from what was written (summarizeSave): memories, not facts. Many
 * facts can land in one memory (near duplicates are merged), so a count of facts is never shown as
 * a count of memories.
 */
import type { SaveSummary } from '../../memory';
import { countOf as n } from '../shell/words';

/** One paste: "Saved: 2 new, 1 updated (near-duplicates merged), 0 already known." */
export function describeSave(s: SaveSummary): string {
  const head = `Saved: ${s.added} new, ${s.updated} updated (near-duplicates merged), ${s.known} already known.`;
  return s.facts === s.memories ? head : `${head} ${n(s.facts, 'fact', 'facts')} went into ${n(s.memories, 'memory', 'memories')}.`;
}

/** A batch: how many memories, of how many conversations, and how the facts were folded in. */
export function describeBatchSave(s: SaveSummary, conversations: number): string {
  return `${s.added + s.updated} memories stored or updated from ${n(conversations, 'conversation', 'conversations')}: `
    + `${s.added} new, ${s.updated} updated (near-duplicates merged), ${s.known} already known; `
    + `${n(s.facts, 'fact', 'facts')} went into ${n(s.memories, 'memory', 'memories')}.`;
}
