export type { SearchHit, SearchFilter } from './types';
export { tokenize, stem, STOPWORDS, type TokenizeOptions } from '../../core/tokenize';
export { Bm25Index, type Bm25Options } from './bm25';
export { VectorIndex } from './vector';
export { Int8VectorIndex } from './int8-vector';
export { TopK } from './top-k';
export { reciprocalRankFusion, type FusionOptions } from './fusion';
export { HybridSearcher, SEARCH_MODES, DEFAULT_FUSION, type SearchMode, type HybridQuery, type HybridOptions, type FusionMethod, type ScorePrior } from './hybrid';
export { categoryPriorOf, DEFAULT_CATEGORY_PRIOR_WEIGHT, type CategoryPrior } from './category-prior';
