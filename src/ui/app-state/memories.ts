/**
 * The one place that decides which memories a routed conversation proposes, for every page that
 * saves (Classify, batch, Chat). An engine that proposes memories with its answer is taken at its
 * word; for one that only answers categories, the memories are found here.
 */
import type { ClassifyResult, Fact } from '../../core/contracts';
import type { Conversation } from '../../core/conversation';
import type { ClassifierEngine } from '../../engines';
import { LiteFactExtractor } from '../../engines';
import { LlmFactExtractor, type JsonCompleter } from '../../engines';
import { ensureEngineReady } from './engine-ready';

function jsonCompleter(engine: ClassifierEngine | null): (ClassifierEngine & JsonCompleter) | null {
  return engine && typeof (engine as Partial<JsonCompleter>).completeJson === 'function' ? (engine as ClassifierEngine & JsonCompleter) : null;
}

export interface MemorySources {
  /** The engine that answered (an LLM may extract facts itself). */
  selected: ClassifierEngine | null;
  /** The CPU router, always available. */
  lite: ClassifierEngine;
}

/** Id of what proposed the memories, stored with them. */
export function proposerId(result: ClassifyResult, sources: MemorySources): string {
  if (result.memories) return result.engine;
  const llm = jsonCompleter(sources.selected);
  return llm && llm.status === 'ready' ? `llm:${llm.id}` : `lite:${sources.lite.id}`;
}

export async function proposeMemories(result: ClassifyResult, conversation: Conversation, sources: MemorySources, signal?: AbortSignal): Promise<Fact[]> {
  if (result.memories) return result.memories;
  const llm = jsonCompleter(sources.selected);
  if (llm && llm.status === 'ready') return new LlmFactExtractor(llm).extract(conversation, { signal });
  const lite = await ensureEngineReady(sources.lite, signal);
  return new LiteFactExtractor({ classify: (c, o) => lite.classify(c, o), engineId: lite.id }).extract(conversation, { signal });
}
