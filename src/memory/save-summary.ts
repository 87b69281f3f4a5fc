/**
 * What a save did, counted by memory rather than by fact. Ingest answers one event per fact (ADD,
 * UPDATE into a near duplicate, NONE for a text already stored); many facts can land in one memory,
 * including one added earlier in the same save, so "5000 facts" may be 15 memories. The result
 * messages are built from this, never from the number of facts.
 */
import type { MemoryCategory } from '../core/taxonomy';
import type { AddResult } from './store-types';

export interface MergedMemory {
  id: string;
  /** The memory's text after the save. */
  memory: string;
  category: MemoryCategory;
  /** Facts of this save that went into it beside the one it was made from (texts as given). */
  facts: string[];
  /** Texts it replaced (near-duplicate updates), oldest first. */
  replaced: string[];
  /** True when the save created it. */
  isNew: boolean;
}

export interface SaveSummary {
  /** Facts given to the save. */
  facts: number;
  /** New memories. */
  added: number;
  /** Memories that existed and were changed by a near duplicate. */
  updated: number;
  /** Memories that existed and already said it (same text): renewed, not changed. */
  known: number;
  /** Distinct memories the facts went into (added + updated + known). */
  memories: number;
  /** Facts that did not make a memory of their own: merged into one (new or existing) or already known. */
  mergedFacts: number;
  /** Memories that took in more than one fact of this save, or replaced a text: to show which. */
  merged: MergedMemory[];
}

export function summarizeSave(results: readonly AddResult[]): SaveSummary {
  const created = new Set<string>();
  const byId = new Map<string, { category: MemoryCategory; memory: string; events: string[]; facts: string[]; replaced: string[] }>();
  let facts = 0;
  for (const r of results) {
    for (const item of r.results) {
      facts++;
      if (item.event === 'ADD') created.add(item.id);
      const entry = byId.get(item.id) ?? { category: item.category, memory: item.memory, events: [], facts: [], replaced: [] };
      entry.events.push(item.event);
      entry.memory = item.memory;
      entry.facts.push(item.memory);
      if (item.event === 'UPDATE' && item.previousMemory !== undefined) entry.replaced.push(item.previousMemory);
      byId.set(item.id, entry);
    }
  }
  let updated = 0;
  let known = 0;
  const merged: MergedMemory[] = [];
  for (const [id, e] of byId) {
    const isNew = created.has(id);
    if (!isNew) {
      if (e.events.includes('UPDATE')) updated++;
      else known++;
    }
    if (e.events.length > 1 || e.replaced.length > 0) {
      merged.push({ id, memory: e.memory, category: e.category, facts: isNew ? e.facts.slice(1) : e.facts, replaced: e.replaced, isNew });
    }
  }
  return { facts, added: created.size, updated, known, memories: byId.size, mergedFacts: facts - created.size, merged };
}
