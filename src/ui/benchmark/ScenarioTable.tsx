import type { RoutingBenchReport } from '../../core/routing-bench';
import type { ClassifyTimings } from '../../core/contracts';

const fmt = (n: number | undefined, digits = 0) => (n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(digits));

/** One row per scenario: gold, this engine's answer, its timings, and the published answers. */
export function ScenarioTable({ report, timings }: { report: RoutingBenchReport; timings: ReadonlyMap<string, ClassifyTimings> }) {
  const published = report.published;
  return (
    <div className="table-wrap">
      <table className="bench-table" data-testid="bench-scenarios">
        <caption className="muted">Per scenario ({report.rows.length}); rows this engine got wrong are marked ✗.</caption>
        <thead>
          <tr>
            <th scope="col">Scenario</th><th scope="col">Difficulty</th><th scope="col">Expected</th><th scope="col">Predicted</th>
            <th scope="col">F1</th><th scope="col">ms</th><th scope="col">Prefill tok</th><th scope="col">Decode tok</th><th scope="col">Decode tok/s</th>
            {published.map((p) => <th key={p.key} scope="col">{p.name}</th>)}
          </tr>
        </thead>
        <tbody>
          {report.rows.map((r) => {
            const t = timings.get(r.id);
            return (
              <tr key={r.id} data-testid={`bench-row-${r.id}`} data-exact={String(r.exact)}>
                <th scope="row">{r.exact ? '' : '✗ '}{r.id}</th>
                <td>{r.difficulty}</td>
                <td>{r.gold.join(', ')}</td>
                <td>{r.error ? <span className="badge badge-bad" title={r.error}>error</span> : r.predicted.join(', ') || '—'}</td>
                <td>{r.f1.toFixed(2)}</td>
                <td>{fmt(r.latency_ms)}</td>
                <td>{fmt(t?.prefillTokens)}</td>
                <td>{fmt(t?.decodeTokens)}</td>
                <td>{fmt(t?.decodeTokensPerSec, 1)}</td>
                {published.map((p) => <td key={p.key}>{r.published?.[p.key]?.join(', ') ?? '—'}</td>)}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
