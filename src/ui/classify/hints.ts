/**
 * What the Classify page says beside an answer: the engine's own remark about the input (the CPU
 * router reads English only and needs a few words: it says so in `ClassifyResult.notice`), and,
 * when such a remark is made and a language model is loaded, that the LLM path is there.
 */
import type { ClassifyResult } from '../../core/contracts';

export interface EngineLike {
  id: string;
  label: string;
  kind: 'lite' | 'webllm' | 'ensemble' | 'scripted';
  status: string;
}

export interface ClassifyHints {
  notice?: string;
  /** A loaded LLM engine to route with instead (only when the notice is about the CPU router). */
  suggest?: { id: string; label: string };
}

const LLM_KINDS: ReadonlySet<EngineLike['kind']> = new Set(['webllm', 'scripted']);

export function classifyHints(result: ClassifyResult, answeredBy: EngineLike | null, engines: readonly EngineLike[]): ClassifyHints {
  const notice = result.notice?.trim();
  if (!notice) return {};
  const fromCpu = !answeredBy || answeredBy.kind === 'lite';
  const llm = fromCpu ? engines.find((e) => LLM_KINDS.has(e.kind) && e.status === 'ready') : undefined;
  return llm ? { notice, suggest: { id: llm.id, label: llm.label } } : { notice };
}
