import { BenchmarkPage } from '../benchmark/BenchmarkPage';

/** The Benchmark tab: routing benchmark, then retrieval on the user's own store. */
export function BenchmarkTab() {
  return (
    <>
      <h1>Benchmark</h1>
      <BenchmarkPage />
    </>
  );
}
