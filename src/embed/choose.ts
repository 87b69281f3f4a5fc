/**
 * "Keep the better embedder per device": embed-lite is always there; a neural model may load on
 * some devices (WebGPU, or WASM fast enough). Which one serves search is decided by measurement on
 * that device (the retrieval benchmark, e.g. the app's Benchmark page or `npm run bench:retrieval`),
 * not by assumption: the neural model wins only if it retrieves better.
 */
import type { RetrievalReport } from '../memory/search/retrieval-eval';

export interface EmbedderMeasurement {
  id: string;
  report: RetrievalReport;
  /** Median time to embed one text on this device, ms (breaks near-ties toward the faster one). */
  msPerText?: number;
}

/** Hybrid MRR decides; within `tie` of each other, the faster embedder is kept. */
export function chooseEmbedder(measured: readonly EmbedderMeasurement[], tie = 0.01): EmbedderMeasurement | null {
  if (measured.length === 0) return null;
  const best = Math.max(...measured.map((m) => m.report.hybrid.mrr));
  const close = measured.filter((m) => m.report.hybrid.mrr >= best - tie);
  return close.reduce((a, b) => ((b.msPerText ?? Infinity) < (a.msPerText ?? Infinity) ? b : a));
}
