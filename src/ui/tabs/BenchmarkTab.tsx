import { Notice } from '../shell/Notice';

/** The Benchmark tab: routing benchmark, then retrieval on the user's own store. */
export function BenchmarkTab() {
  return (
    <section aria-labelledby="bench-title">
      <h1 id="bench-title">Benchmark</h1>
      <Notice kind="info">The routing benchmark page is not part of this build yet.</Notice>
    </section>
  );
}
