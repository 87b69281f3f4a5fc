/**
 * Which fact extractor turns a conversation into memory drafts: the LLM one (one JSON-schema call
 * that reads the whole conversation) when the selected engine is a loaded LLM that offers it, else
 * the lite one (router-lite per sentence, instant on any CPU).
 */
import type { ClassifierEngine } from '../../engines/types';
import type { FactExtractor } from '../../core/contracts';
import { LiteFactExtractor } from '../../memory/lite-fact-extractor';
import { LlmFactExtractor, type JsonCompleter } from '../../engines/webllm/llm-fact-extractor';
import { ensureEngineReady } from './engine-ready';

function jsonCompleter(engine: ClassifierEngine | null): (ClassifierEngine & JsonCompleter) | null {
  return engine && typeof (engine as Partial<JsonCompleter>).completeJson === 'function' ? (engine as ClassifierEngine & JsonCompleter) : null;
}

export function extractorFor(selected: ClassifierEngine | null, lite: ClassifierEngine): FactExtractor {
  const llm = jsonCompleter(selected);
  if (llm && llm.status === 'ready') return new LlmFactExtractor(llm);
  return new LiteFactExtractor({
    classify: async (conversation, opts) => (await ensureEngineReady(lite, opts?.signal)).classify(conversation, opts),
    engineId: lite.id,
  });
}
