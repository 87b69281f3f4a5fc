/** Shared contracts: what engines, the memory layer, embedders and the UI pass to each other. */
export type { ClassifyResult, ClassifyTimings, ClassifyFn } from './classify';
export type { Fact, FactExtractor, ExtractOptions } from './facts';
export type { Embedder, EmbedPortRequest, EmbedPortResponse } from './embedder';
export type { LoadProgress, WorkProgress } from './progress';
