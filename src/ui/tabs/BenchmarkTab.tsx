import { BenchmarkPage } from '../benchmark/BenchmarkPage';
import { RetrievalBench } from '../retrieval/RetrievalBench';

/** The Benchmark tab: routing benchmark, then retrieval on the user's own store. */
export function BenchmarkTab() {
  return (
    <>
      <h1>Benchmark</h1>
      <BenchmarkPage />
      <RetrievalBench />
    </>
  );
}
