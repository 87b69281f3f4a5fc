/**
 * The whole build of a segment router: out-of-fold logits -> decision head -> final model on all
 * training data -> decoding policy chosen on the dev items. Used by `npm run train` and by every
 * evaluation (cross-writer, long-conversation CV), so what is measured is what ships.
 */
import { encodeRouterFile, parseRouterFile, type RouterModel } from '../../src/core/router/model-format';
import { conversationProbabilities, SegmentRouter, sigmoid, statingSegments } from '../../src/core/router/router';
import { MEMORY_CATEGORIES } from '../../src/core/taxonomy';
import type { CorpusItem } from './corpus';
import { fitHead, outOfFoldExamples } from './head';
import { chooseDecoding, trainRouter, type LongConversation, type RoutingFigures, type TrainConfig } from './train';

export interface BuiltRouter {
  model: RouterModel;
  router: SegmentRouter;
  dev: RoutingFigures;
  /** Memory F1 on the extraction dev conversations, when they were given. */
  memoryF1?: number;
  /** Routing F1 of the long conversations' out-of-fold scores under the chosen policy. */
  longOutOfFoldF1?: number;
}

export function buildRouter(train: readonly CorpusItem[], dev: readonly CorpusItem[], long: readonly (LongConversation & { group: string })[], config: TrainConfig, extractionDev: readonly CorpusItem[] = []): BuiltRouter {
  const oof = config.headLongWeight >= 0 ? outOfFoldExamples(train, long, config) : [];
  const head = oof.length ? fitHead(oof, config.sharpness) : undefined;
  const base = trainRouter(train, long, config);
  // Decoding is chosen on the weights as the file stores them (quantised), so the figures are the shipped model's.
  const withHead: RouterModel = parseRouterFile(encodeRouterFile({ ...base, header: { ...base.header, ...(head ? { head } : {}) } }));
  // The long conversations' out-of-fold scores under the fitted head: the floor of the choice.
  const longScores = oof.filter((e) => e.kind !== 'corpus').map((e) => ({
    pooled: conversationProbabilities(e.z, config.sharpness, head, e.conv),
    probs: statingSegments(e.roles.map((role) => ({ role })), e.z.map((row) => row.map(sigmoid))),
    gold: MEMORY_CATEGORIES.filter((_, c) => e.y[c]) as string[],
  }));
  const { decoding, figures, memoryF1, longF1 } = chooseDecoding(withHead, dev, extractionDev, longScores);
  const model: RouterModel = { ...withHead, header: { ...withHead.header, decoding } };
  return { model, router: new SegmentRouter(model), dev: figures, ...(memoryF1 !== undefined ? { memoryF1 } : {}), ...(longF1 !== undefined ? { longOutOfFoldF1: longF1 } : {}) };
}
