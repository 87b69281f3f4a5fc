/**
 * Issue 13, finding 7 (language hint): German, Japanese and one-word inputs came back "None · Not
 * stored" with no word that the CPU router reads English only. The router attaches a plain
 * `notice`; the page shows it and, when an LLM is loaded, suggests routing with it.
 */
import { describe, expect, it } from 'vitest';
import { classifyHints, type EngineLike } from '../../src/ui/classify/hints';
import type { ClassifyResult } from '../../src/core/contracts';

const result = (notice?: string): ClassifyResult => ({ categories: ['none'], raw: '', timings: { totalMs: 1 }, engine: 'router-lite', ...(notice ? { notice } : {}) });
const lite: EngineLike = { id: 'router-lite', label: 'router-lite (CPU)', kind: 'lite', status: 'ready' };
const llm = (status: string): EngineLike => ({ id: 'webllm', label: 'Llama-3.1-8B (GPU)', kind: 'webllm', status });

describe('classify hints', () => {
  it('shows the engine\'s notice, and suggests a loaded LLM', () => {
    const notice = 'This looks like German: router-lite reads English only.';
    expect(classifyHints(result(notice), lite, [lite, llm('idle')])).toEqual({ notice });
    expect(classifyHints(result(notice), lite, [lite, llm('ready')])).toEqual({ notice, suggest: { id: 'webllm', label: 'Llama-3.1-8B (GPU)' } });
  });
  it('says nothing extra without a notice, and suggests nothing when an LLM answered', () => {
    expect(classifyHints(result(), lite, [lite, llm('ready')])).toEqual({});
    expect(classifyHints(result('short'), llm('ready'), [lite, llm('ready')])).toEqual({ notice: 'short' });
  });
});
