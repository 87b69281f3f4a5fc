/**
 * The whole build of a segment router: out-of-fold logits -> decision head -> final model on all
 * training data -> decoding policy chosen on the dev items. Used by `npm run train` and by every
 * evaluation (cross-writer, long-conversation CV), so what is measured is what ships.
 */
import type { RouterModel } from '../../src/core/router/model-format';
import { SegmentRouter } from '../../src/core/router/router';
import type { CorpusItem } from './corpus';
import { fitHead, outOfFoldExamples } from './head';
import { chooseDecoding, trainRouter, type LongConversation, type RoutingFigures, type TrainConfig } from './train';

export interface BuiltRouter {
  model: RouterModel;
  router: SegmentRouter;
  dev: RoutingFigures;
  /** Memory F1 on the extraction dev conversations, when they were given. */
  memoryF1?: number;
}

export function buildRouter(train: readonly CorpusItem[], dev: readonly CorpusItem[], long: readonly (LongConversation & { group: string })[], config: TrainConfig, extractionDev: readonly CorpusItem[] = []): BuiltRouter {
  const head = config.headLongWeight >= 0 ? fitHead(outOfFoldExamples(train, long, config), config.sharpness) : undefined;
  const base = trainRouter(train, long, config);
  const withHead: RouterModel = { ...base, header: { ...base.header, ...(head ? { head } : {}) } };
  const { decoding, figures, memoryF1 } = chooseDecoding(withHead, dev, extractionDev);
  const model: RouterModel = { ...withHead, header: { ...withHead.header, decoding } };
  return { model, router: new SegmentRouter(model), dev: figures, ...(memoryF1 !== undefined ? { memoryF1 } : {}) };
}
