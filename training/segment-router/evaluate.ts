/**
 * The evaluations the trainer reports, all through the same build as the shipped model
 * (pipeline.ts): dev figures, cross-writer (train on three writers' files, score the fourth) and
 * 5-fold cross-validation on the long training conversations (grouped by scenario id).
 */
import type { ClassifyResult } from '../../src/core/contracts';
import type { Conversation } from '../../src/core/conversation';
import { fnv1a } from '../../src/core/util/random';
import type { SegmentRouter } from '../../src/core/router/router';
import { extractionFigures, type ExtractionFigures } from '../eval/extraction';
import type { CorpusItem } from './corpus';
import { buildRouter } from './pipeline';
import { routingFigures, type LongConversation, type RoutingFigures, type TrainConfig } from './train';

export type GroupedLong = LongConversation & { group: string };

/** The router's answer in the engines' shape (categories, or none; its memories). */
export function classifyWith(router: SegmentRouter): (turns: Conversation) => Promise<ClassifyResult> {
  return async (turns) => {
    const d = router.route(turns);
    return { categories: d.categories.length ? d.categories : ['none'], memories: d.memories, raw: '', timings: { totalMs: 0 }, engine: 'router-lite' };
  };
}

export async function devExtraction(router: SegmentRouter, dev: readonly CorpusItem[]): Promise<ExtractionFigures> {
  const { perCase: _, ...figures } = await extractionFigures(dev.map((d) => ({ id: d.id, turns: d.turns, spans: d.spans })), classifyWith(router));
  return figures;
}

export interface CrossWriter {
  f1: number;
  exact: number;
  byWriter: Record<string, RoutingFigures>;
}

export function crossWriter(corpus: readonly CorpusItem[], long: readonly GroupedLong[], config: TrainConfig, extractionDev: readonly CorpusItem[] = []): CrossWriter {
  const files = [...new Set(corpus.map((c) => c.file))].sort();
  const byWriter: Record<string, RoutingFigures> = {};
  for (const w of files) {
    const others = corpus.filter((c) => c.file !== w);
    const b = buildRouter(others.filter((c) => c.split === 'train'), others.filter((c) => c.split === 'dev'), long, config, extractionDev);
    byWriter[w] = routingFigures(b.router, corpus.filter((c) => c.file === w));
  }
  const list = Object.values(byWriter);
  return { f1: list.reduce((a, r) => a + r.f1, 0) / list.length, exact: list.reduce((a, r) => a + r.exact, 0) / list.length, byWriter };
}

export interface LongCv {
  all: RoutingFigures;
  part1: RoutingFigures;
  part2: RoutingFigures;
}

function pool(parts: RoutingFigures[]): RoutingFigures {
  const n = parts.reduce((a, p) => a + p.count, 0) || 1;
  const w = (f: (p: RoutingFigures) => number) => parts.reduce((a, p) => a + f(p) * p.count, 0) / n;
  return { count: n, f1: w((p) => p.f1), exact: w((p) => p.exact), any: w((p) => p.any), meanPredicted: w((p) => p.meanPredicted), meanGold: w((p) => p.meanGold) };
}

export function longConversationCv(corpus: readonly CorpusItem[], long: readonly GroupedLong[], config: TrainConfig, extractionDev: readonly CorpusItem[] = [], folds = 5): LongCv {
  const acc: Record<'all' | 'part1' | 'part2', RoutingFigures[]> = { all: [], part1: [], part2: [] };
  for (let k = 0; k < folds; k++) {
    const inFold = (l: GroupedLong) => fnv1a(l.group) % folds === k;
    const b = buildRouter(corpus.filter((c) => c.split === 'train'), corpus.filter((c) => c.split === 'dev'), long.filter((l) => !inFold(l)), config, extractionDev);
    const test = long.filter(inFold);
    acc.all.push(routingFigures(b.router, test));
    acc.part1.push(routingFigures(b.router, test.filter((l) => l.part === 1)));
    acc.part2.push(routingFigures(b.router, test.filter((l) => l.part === 2)));
  }
  return { all: pool(acc.all), part1: pool(acc.part1), part2: pool(acc.part2) };
}
