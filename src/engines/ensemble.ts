/**
 * The ensemble: the LLM decides, router-lite fills in. Both run on every conversation (router-lite
 * costs about a millisecond on the CPU); the LLM's answer is kept, and a category router-lite
 * gives a calibrated probability of at least `addAt` is added when the answer has room. When the
 * LLM cannot answer (not loaded, device lost), router-lite's own answer is returned and the
 * result's `engine` says so. Why this policy, with figures: docs/engines.md.
 */
import type { Conversation } from '../core/conversation';
import { RouterError, toRouterError } from '../core/errors';
import { CATEGORY_NAMES, type CategoryName } from '../core/taxonomy';
import { Emitter } from './emitter';
import type { ClassifierEngine, ClassifyOptions, EngineEvents, EngineStatus } from './types';
import type { ClassifyResult } from '../core/contracts';

export interface EnsemblePolicy {
  /**
   * A router-lite category joins the LLM's answer when its calibrated probability reaches this.
   * 0.5 is not tuned: a label that is more likely right than wrong raises the expected F1 of any
   * answer whose F1 is at most 1 (adding a label of probability p helps when p > F1 / 2).
   */
  addAt: number;
  /** The combined answer never exceeds this many categories (the recipe's R_eff is 1 up to 3). */
  maxCategories: number;
}

export const DEFAULT_ENSEMBLE_POLICY: EnsemblePolicy = { addAt: 0.5, maxCategories: 3 };

/**
 * Combines an LLM answer with router-lite's probabilities. `none` from the LLM stays alone: the
 * LLM is trusted on whether anything is worth storing, router-lite only on what was missed.
 */
export function combineAnswers(
  llm: readonly CategoryName[],
  liteScores: Partial<Record<CategoryName, number>> | undefined,
  policy: EnsemblePolicy = DEFAULT_ENSEMBLE_POLICY,
): { categories: CategoryName[]; added: CategoryName[] } {
  const picked = new Set<CategoryName>(llm);
  const added: CategoryName[] = [];
  if (!picked.has('none') && liteScores) {
    const candidates = CATEGORY_NAMES
      .filter((c) => c !== 'none' && !picked.has(c) && (liteScores[c] ?? 0) >= policy.addAt)
      .sort((a, b) => (liteScores[b] ?? 0) - (liteScores[a] ?? 0));
    for (const c of candidates) {
      if (picked.size >= policy.maxCategories) break;
      picked.add(c);
      added.push(c);
    }
  }
  return { categories: CATEGORY_NAMES.filter((c) => picked.has(c)), added };
}

/** LLM failures that mean "no LLM answer now", not "bad input": router-lite answers instead. */
const FALL_BACK_ON: ReadonlySet<RouterError['code']> = new Set(['ENGINE_NOT_READY', 'DEVICE_LOST', 'NO_WEBGPU', 'MODEL_LOAD_FAILED', 'INTERNAL', 'INPUT_TOO_LARGE']);

export class EnsembleEngine implements ClassifierEngine {
  readonly id = 'ensemble';
  readonly kind = 'ensemble' as const;
  private readonly events = new Emitter<EngineEvents>();

  constructor(
    private readonly lite: ClassifierEngine,
    private readonly llm: ClassifierEngine,
    readonly policy: EnsemblePolicy = DEFAULT_ENSEMBLE_POLICY,
  ) {
    const relay = () => this.events.emit('status', this.status);
    lite.on('status', relay);
    llm.on('status', (s, error) => this.events.emit('status', this.status, s === 'error' ? error : undefined));
    llm.on('progress', (p) => this.events.emit('progress', p));
  }

  get label(): string {
    return `Ensemble: ${this.llm.label} + router-lite`;
  }

  /**
   * Follows the LLM: ready when its model is loaded. router-lite needs no download worth asking
   * about (about 1 MB), so it is loaded on first use.
   */
  get status(): EngineStatus {
    const llm = this.llm.status;
    if (this.lite.status === 'error' && llm === 'ready') return 'error';
    return llm;
  }

  on<E extends keyof EngineEvents>(event: E, listener: EngineEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  /** Loads router-lite; the LLM's multi-GB model is only ever loaded on purpose, on the Models tab. */
  async load(opts: { signal?: AbortSignal } = {}): Promise<void> {
    await this.lite.load(opts);
    if (this.llm.status !== 'ready') {
      throw new RouterError('ENGINE_NOT_READY', `The ensemble needs its language model: load one on the Models tab first (${this.llm.label}).`);
    }
  }

  /** Unloads the LLM only: router-lite is shared with the rest of the app and costs nothing. */
  async unload(): Promise<void> {
    await this.llm.unload();
  }

  async classify(conversation: Conversation | string, opts: ClassifyOptions = {}): Promise<ClassifyResult> {
    const t0 = performance.now();
    if (this.lite.status !== 'ready') await this.lite.load({ signal: opts.signal });
    const [lite, llm] = await Promise.allSettled([this.lite.classify(conversation, opts), this.llm.classify(conversation, opts)]);
    if (lite.status === 'rejected') throw toRouterError(lite.reason);
    if (llm.status === 'rejected') {
      const err = toRouterError(llm.reason);
      if (!FALL_BACK_ON.has(err.code)) throw err;
      return { ...lite.value, raw: `${lite.value.raw} [LLM unavailable: ${err.message}]`, timings: { ...lite.value.timings, totalMs: performance.now() - t0 } };
    }
    const { categories, added } = combineAnswers(llm.value.categories, lite.value.scores, this.policy);
    return {
      categories,
      scores: lite.value.scores,
      raw: added.length ? `${llm.value.raw} + router-lite: ${added.join(', ')}` : llm.value.raw,
      timings: { ...llm.value.timings, totalMs: performance.now() - t0 },
      engine: added.length ? `${llm.value.engine}+router-lite` : llm.value.engine,
      dropped: llm.value.dropped,
    };
  }
}
