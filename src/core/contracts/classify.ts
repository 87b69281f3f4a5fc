/**
 * What every classifier answers. Engines (router-lite, WebLLM, the ensemble) produce it; the memory
 * layer stores it with the conversation; the UI shows it. Lives in core so those layers share one
 * definition and import it one way.
 */
import type { CategoryName } from '../taxonomy';
import type { Conversation } from '../conversation';
import type { Fact } from './facts';

export interface ClassifyTimings {
  totalMs: number;
  prefillTokens?: number;
  decodeTokens?: number;
  prefillTokensPerSec?: number;
  decodeTokensPerSec?: number;
  /** Milliseconds to the first token, where the engine reports it. */
  timeToFirstTokenMs?: number;
}

export interface ClassifyResult {
  categories: CategoryName[];
  /** Calibrated probability per category, where the engine has one (router-lite does). */
  scores?: Partial<Record<CategoryName, number>>;
  /**
   * The memories this answer proposes, from the same decision as `categories`: every category
   * listed (but `none`) has at least one, and every memory's category is listed. Engines that
   * cannot say which part of the text carries a category leave it out.
   */
  memories?: Fact[];
  /** What the engine produced before parsing (model text, or a description for lite). */
  raw: string;
  timings: ClassifyTimings;
  /** Id of the engine that answered (for the ensemble: which member decided). */
  engine: string;
  /** Unknown names the parser dropped, if any. */
  dropped?: string[];
  /** A plain-language remark about the input (e.g. it is not English), for the page to show. */
  notice?: string;
}

/** The classify call of any engine, as the memory layer and the benchmark use it. */
export type ClassifyFn = (conversation: Conversation | string, opts?: { signal?: AbortSignal }) => Promise<ClassifyResult>;
