/**
 * The one place that decides which memories a routed conversation proposes, for every page that
 * saves (Classify, batch, Chat). The rule: the memories' categories are exactly the categories
 * shown. router-lite answers both from the same segment scores. An engine that only answers
 * categories (an LLM, the ensemble) gets, for each of its categories, the facts the LLM writes for
 * it (one JSON-schema call limited to those categories, when an LLM is loaded) and otherwise the
 * segment that carries that category best.
 */
import type { ClassifyResult, Fact } from '../core/contracts';
import type { Conversation } from '../core/conversation';
import { RouterError, toRouterError } from '../core/errors';
import { storableCategories } from '../core/taxonomy';
import type { LiteEngine } from './lite-engine';
import type { ClassifierEngine } from './types';
import { LlmFactExtractor, type JsonCompleter } from './webllm/llm-fact-extractor';

export interface MemorySources {
  /** The engine that answered. */
  selected: ClassifierEngine | null;
  /** The CPU segment router, always available. */
  lite: LiteEngine;
}

function readyLlm(engine: ClassifierEngine | null): (ClassifierEngine & JsonCompleter) | null {
  const e = engine as (ClassifierEngine & Partial<JsonCompleter>) | null;
  return e && typeof e.completeJson === 'function' && e.status === 'ready' ? (e as ClassifierEngine & JsonCompleter) : null;
}

/** Id of what proposed the memories, stored with them. */
export function proposerId(result: ClassifyResult, sources: MemorySources): string {
  if (result.memories) return result.engine;
  const llm = readyLlm(sources.selected);
  return llm ? `llm:${llm.id}+${sources.lite.id}` : sources.lite.id;
}

export async function proposeMemories(result: ClassifyResult, conversation: Conversation, sources: MemorySources, signal?: AbortSignal): Promise<Fact[]> {
  if (result.memories) return result.memories;
  const categories = storableCategories(result.categories);
  if (categories.length === 0) return [];
  if (sources.lite.status !== 'ready') await sources.lite.load({ signal });
  const aligned = (await sources.lite.memoriesFor(conversation, categories, { signal })) ?? [];
  const llm = readyLlm(sources.selected);
  if (!llm) return aligned;
  let written: Fact[] = [];
  try {
    written = await new LlmFactExtractor(llm).extract(conversation, { signal, categories });
  } catch (e) {
    // The segments still give every category its memory; only a cancel stops here.
    if (signal?.aborted || toRouterError(e).code === 'CANCELLED') throw new RouterError('CANCELLED', 'Finding the memories was cancelled.');
  }
  const covered = new Set(written.map((f) => f.category));
  return [...written, ...aligned.filter((m) => !covered.has(m.category))];
}
