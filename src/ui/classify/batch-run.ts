/**
 * Routes many conversations one after another with one engine, reporting progress and stopping
 * on cancel. A failure on one conversation is recorded for it and the run goes on.
 */
import type { Conversation } from '../../core/conversation';
import { toRouterError, type RouterError } from '../../core/errors';
import type { CategoryName } from '../../core/taxonomy';
import type { ClassifierEngine } from '../../engines';
import type { ClassifyResult } from '../../core/contracts';

export interface BatchRow {
  /** Line (JSONL) or item (JSON list) the conversation came from. */
  origin: number;
  result?: ClassifyResult;
  error?: RouterError;
}

export interface BatchProgress {
  done: number;
  total: number;
  elapsedMs: number;
}

export async function runBatch(
  engine: ClassifierEngine,
  conversations: readonly Conversation[],
  origins: readonly number[],
  onRow: (row: BatchRow, progress: BatchProgress) => void,
  signal: AbortSignal,
): Promise<void> {
  const started = performance.now();
  for (let i = 0; i < conversations.length; i++) {
    if (signal.aborted) return;
    let row: BatchRow;
    try {
      row = { origin: origins[i] ?? i + 1, result: await engine.classify(conversations[i], { signal }) };
    } catch (e) {
      const error = toRouterError(e);
      if (error.code === 'CANCELLED') return;
      row = { origin: origins[i] ?? i + 1, error };
    }
    onRow(row, { done: i + 1, total: conversations.length, elapsedMs: performance.now() - started });
    // Yield so the progress bar paints between fast (sub-millisecond) classifications.
    if (i % 20 === 19) await new Promise((r) => setTimeout(r, 0));
  }
}

/** How many conversations got each category, most frequent first. */
export function categoryCounts(rows: readonly BatchRow[]): [CategoryName, number][] {
  const counts = new Map<CategoryName, number>();
  for (const r of rows) for (const c of r.result?.categories ?? []) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}
