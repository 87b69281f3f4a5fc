/**
 * Choosing embed-lite's settings on the dev split: a coordinate search (one setting at a time,
 * in a fixed order, each tried over its values with the others at their current best), scored
 * by retrieval on the dev companies' memories, each company its own store. The objective is the
 * mean of vector MRR and hybrid MRR: the first says how good the vectors are alone, the second
 * what the user gets. Candidates whose file would exceed the size budget are skipped.
 */
import { LiteEmbedModel } from '../../src/embed/lite/model';
import { encodeEmbedLite } from '../../src/embed/lite/model-format';
import { evaluateRetrieval, type EvaluateOptions, type RetrievalDataset, type RetrievalReport } from '../../src/memory/search/retrieval-eval';
import { compose, type ComposeInputs, type ComposeSettings } from './compose';

/** The "<= 6 MB", read strictly (decimal megabytes). */
export const SIZE_BUDGET_BYTES = 6_000_000;

export const START: ComposeSettings = {
  topWords: 40000,
  abtt: 2,
  sifA: 1e-3,
  domainWeight: 0,
  dimension: 100,
  pcaRows: 'all',
  commonComponents: 1,
  ngramBuckets: 0,
  ngramWeight: 0.5,
  map: null,
};

const MAP = { l2: 1, epochs: 30, temperature: 0.05, learningRate: 0.003 };

/** Values tried per setting, in the order the search visits them. */
export const SEARCH_SPACE: Array<{ name: string; values: Array<Partial<ComposeSettings>> }> = [
  { name: 'abtt', values: [{ abtt: 0 }, { abtt: 1 }, { abtt: 2 }, { abtt: 3 }, { abtt: 5 }] },
  { name: 'sifA', values: [{ sifA: 3e-4 }, { sifA: 1e-3 }, { sifA: 3e-3 }] },
  { name: 'domainWeight', values: [{ domainWeight: 0 }, { domainWeight: 0.5 }, { domainWeight: 0.8 }, { domainWeight: 1.2 }, { domainWeight: 1.6 }] },
  { name: 'pcaRows', values: [{ pcaRows: 'all' }, { pcaRows: 'domain' }] },
  {
    name: 'dimension',
    values: [{ dimension: 80 }, { dimension: 100 }, { dimension: 128 }, { dimension: 160, topWords: 30000 }, { dimension: 200, topWords: 22000 }],
  },
  { name: 'topWords', values: [{ topWords: 20000 }, { topWords: 30000 }, { topWords: 40000 }, { topWords: 50000 }] },
  { name: 'commonComponents', values: [{ commonComponents: 0 }, { commonComponents: 1 }, { commonComponents: 2 }, { commonComponents: 3 }] },
  {
    name: 'ngrams',
    values: [{ ngramBuckets: 0 }, { ngramBuckets: 2048, ngramWeight: 0.5 }, { ngramBuckets: 2048, ngramWeight: 1 }, { ngramBuckets: 4096, ngramWeight: 1 }],
  },
  {
    name: 'map',
    values: [
      { map: null }, { map: { ...MAP, l2: 1 } }, { map: { ...MAP, l2: 0.3 } }, { map: { ...MAP, l2: 0.1 } },
      { map: { ...MAP, l2: 0.3, epochs: 60 } }, { map: { ...MAP, l2: 0.3, temperature: 0.1 } },
    ],
  },
];

export interface Trial {
  setting: string;
  settings: ComposeSettings;
  objective: number;
  bytes: number;
  dev: RetrievalReport;
}

export const objectiveOf = (r: RetrievalReport) => Math.round(((r.vector.mrr + r.hybrid.mrr) / 2) * 10000) / 10000;

export function scoreModel(model: LiteEmbedModel, data: RetrievalDataset, opts: EvaluateOptions = {}): RetrievalReport {
  const vectors = { memories: data.memories.map((m) => model.embed(m.text)), queries: data.queries.map((q) => model.embed(q.query)) };
  return evaluateRetrieval(data, vectors, opts);
}

export function trial(inputs: ComposeInputs, settings: ComposeSettings, dev: RetrievalDataset, setting: string): Trial {
  const { parts } = compose(inputs, settings);
  const bytes = encodeEmbedLite(parts, {}).byteLength;
  const report = scoreModel(new LiteEmbedModel(parts), dev);
  return { setting, settings, objective: objectiveOf(report), bytes, dev: report };
}

export function coordinateSearch(inputs: ComposeInputs, dev: RetrievalDataset, log: (t: Trial, chosen: boolean) => void): { best: ComposeSettings; trials: Trial[] } {
  let best = START;
  let bestTrial: Trial | null = null;
  const trials: Trial[] = [];
  const seen = new Map<string, Trial>();
  for (const { name, values } of SEARCH_SPACE) {
    const round: Trial[] = [];
    for (const v of values) {
      const settings = { ...best, ...v };
      const key = JSON.stringify(settings);
      const t = seen.get(key) ?? trial(inputs, settings, dev, name);
      seen.set(key, t);
      round.push({ ...t, setting: name });
    }
    const fits = round.filter((t) => t.bytes <= SIZE_BUDGET_BYTES);
    const winner = fits.reduce((a, b) => (b.objective > a.objective ? b : a), fits[0]);
    for (const t of round) { trials.push(t); log(t, t === winner); }
    if (winner && (!bestTrial || winner.objective >= bestTrial.objective)) { best = winner.settings; bestTrial = winner; }
  }
  return { best, trials };
}
