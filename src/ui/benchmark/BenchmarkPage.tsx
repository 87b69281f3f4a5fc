/**
 * The Benchmark tab: runs the routing benchmark (a file the user picks, or the bundled default on
 * the development server) on any engine, through the shared runner (src/core/routing-bench.ts),
 * and shows any/exact/F1 by difficulty, the reward components, latency and tokens/s beside the
 * published 8B and 104B figures, as a bar chart and a per-scenario table; results download as JSON.
 */
import { useId, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { parseBenchmark, parsePublishedResults, type Benchmark, type PublishedResults } from '../../core/loaders';
import { runRoutingBenchmark, type RoutingBenchReport } from '../../core/routing-bench';
import { RouterError, toRouterError } from '../../core/errors';
import type { ClassifierEngine } from '../../engines';
import type { ClassifyTimings } from '../../core/contracts';
import { useAppState } from '../app-state/AppState';
import { ensureEngineReady } from '../app-state/engine-ready';
import { ErrorNotice, Notice } from '../shell/Notice';
import { ProgressBar } from '../shell/ProgressBar';
import { readFileText } from '../classify/read-file';
import { BarChart } from './BarChart';
import { ScenarioTable } from './ScenarioTable';
import { FACTS_GRID } from '../models/CapabilityPanel';
import { benchmarkDownload, difficultyChart, downloadName, overallChart, summarizeTimings } from './bench-results';

/** Served by the development server only (see the vite.config.ts note in docs/engines.md). */
export const DEV_DATA_BASE = '/__data/';
const DEV_FILES = { benchmark: 'marketing_routing_benchmark.json', published: 'published_results_rl8b_vs_cohere104b.json' };

interface RunResult {
  report: RoutingBenchReport;
  timings: Map<string, ClassifyTimings>;
  engine: { id: string; label: string; kind: ClassifierEngine['kind']; model?: string | null };
}

/** Published figures belong to one benchmark: shown only when its scenario ids match this one's. */
export function publishedMatches(bench: Benchmark, published: PublishedResults): boolean {
  const ids = new Set(Object.values(published.detailed).flatMap((rows) => (Array.isArray(rows) ? rows.map((r) => r.id) : [])));
  const hits = bench.scenarios.filter((s) => ids.has(s.id)).length;
  return hits >= Math.ceil(bench.scenarios.length * 0.9);
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const f2 = (x: number) => x.toFixed(2);
const num = (x: number | undefined, d = 0) => (x === undefined ? '—' : x.toFixed(d));

export function BenchmarkPage() {
  const { engines, engine: appEngine } = useAppState();
  const [engineId, setEngineId] = useState<string | null>(appEngine?.id ?? null);
  const engine: ClassifierEngine | null = engines.find((e) => e.id === engineId) ?? appEngine;
  const [bench, setBench] = useState<{ data: Benchmark; source: string } | null>(null);
  const [published, setPublished] = useState<{ data: PublishedResults; source: string } | null>(null);
  const [error, setError] = useState<RouterError | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<RunResult | null>(null);
  const [warmup, setWarmup] = useState(1);
  const [repeats, setRepeats] = useState(1);
  const abortRef = useRef<AbortController | null>(null);
  const ids = { engine: useId(), bench: useId(), pub: useId(), warm: useId(), rep: useId() };

  const readInto = async (file: File, kind: 'benchmark' | 'published') => {
    setError(null);
    try {
      const text = await readFileText(file);
      if (kind === 'benchmark') setBench({ data: parseBenchmark(text, file.name), source: file.name });
      else setPublished({ data: parsePublishedResults(text, file.name), source: file.name });
    } catch (e) {
      setError(toRouterError(e, 'WRONG_SCHEMA'));
    }
  };
  const onFile = (kind: 'benchmark' | 'published') => (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) void readInto(file, kind);
    e.target.value = '';
  };

  const loadBundled = async () => {
    setError(null);
    try {
      const get = async (name: string) => {
        const res = await fetch(`${DEV_DATA_BASE}${name}`);
        if (!res.ok) throw new RouterError('NOT_FOUND', `${DEV_DATA_BASE}${name} answered HTTP ${res.status}: the development server does not serve ../shared/data; pick the file instead.`);
        return res.text();
      };
      setBench({ data: parseBenchmark(await get(DEV_FILES.benchmark), DEV_FILES.benchmark), source: `${DEV_DATA_BASE}${DEV_FILES.benchmark}` });
      setPublished({ data: parsePublishedResults(await get(DEV_FILES.published), DEV_FILES.published), source: `${DEV_DATA_BASE}${DEV_FILES.published}` });
    } catch (e) {
      setError(toRouterError(e, 'NOT_FOUND'));
    }
  };

  const run = async () => {
    if (!bench || !engine) return;
    const ctrl = new AbortController();
    abortRef.current = ctrl;
    setError(null);
    setResult(null);
    setProgress({ done: 0, total: bench.data.scenarios.length });
    const timings = new Map<string, ClassifyTimings>();
    try {
      const ready = await ensureEngineReady(engine, ctrl.signal);
      const pub = published && publishedMatches(bench.data, published.data) ? published.data : null;
      const report = await runRoutingBenchmark(
        bench.data.scenarios,
        async (conversation, scenario) => {
          const r = await ready.classify(conversation, { signal: ctrl.signal });
          // The timed call comes after any warm-up call of the same scenario: last one wins.
          timings.set(scenario.id, r.timings);
          return { categories: r.categories, scores: r.scores };
        },
        { benchmark: bench.data.name, engine: ready.label, warmup, repeats, published: pub, signal: ctrl.signal, onProgress: (done, total) => setProgress({ done, total }) },
      );
      const model = (ready as { loadedModelId?: string | null }).loadedModelId;
      setResult({ report, timings, engine: { id: ready.id, label: ready.label, kind: ready.kind, model } });
    } catch (e) {
      setError(toRouterError(e));
    } finally {
      setProgress(null);
      abortRef.current = null;
    }
  };

  const download = () => {
    if (!result) return;
    const payload = benchmarkDownload(result.report, result.timings, result.engine, new Date(), navigator.userAgent);
    const url = URL.createObjectURL(new Blob([JSON.stringify(payload, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = downloadName(result.engine.id);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const timing = useMemo(() => (result ? summarizeTimings(result.timings) : null), [result]);
  const r = result?.report;

  return (
    <section aria-labelledby="routing-bench-title" data-testid="benchmark-page">
      <h2 id="routing-bench-title">Routing benchmark</h2>
      <div className="card stack">
        <div className="field-inline">
          <label htmlFor={ids.engine}>Engine</label>
          <select id={ids.engine} value={engine?.id ?? ''} onChange={(e) => setEngineId(e.target.value)} data-testid="bench-engine">
            {engines.map((e) => <option key={e.id} value={e.id}>{e.label}</option>)}
          </select>
        </div>
        <div className="field-inline">
          <label htmlFor={ids.bench}>Benchmark file</label>
          <input id={ids.bench} type="file" accept=".json,application/json" onChange={onFile('benchmark')} data-testid="bench-file" />
          {import.meta.env.DEV && <button type="button" onClick={() => { void loadBundled(); }} data-testid="bench-default">Use the bundled benchmark (development)</button>}
        </div>
        <div className="field-inline">
          <label htmlFor={ids.pub}>Published results (optional, for the 8B / 104B comparison)</label>
          <input id={ids.pub} type="file" accept=".json,application/json" onChange={onFile('published')} data-testid="bench-published-file" />
        </div>
        {bench && (
          <p className="muted" data-testid="bench-loaded">
            {bench.data.name}: {bench.data.scenarios.length} scenarios from {bench.source}{bench.data.skipped.length ? ` (${bench.data.skipped.length} skipped: ${bench.data.skipped[0].reason})` : ''}.
            {published && <> Published results: {published.source}{publishedMatches(bench.data, published.data) ? '' : ' (not for this benchmark: not shown)'}.</>}
          </p>
        )}
        <div className="field-inline">
          <label htmlFor={ids.warm}>Warm-up calls</label>
          <select id={ids.warm} value={warmup} onChange={(e) => setWarmup(Number(e.target.value))}>{[0, 1, 3].map((n) => <option key={n} value={n}>{n}</option>)}</select>
          <label htmlFor={ids.rep}>Timed runs per scenario</label>
          <select id={ids.rep} value={repeats} onChange={(e) => setRepeats(Number(e.target.value))}>{[1, 3].map((n) => <option key={n} value={n}>{n}</option>)}</select>
        </div>
        <div className="row">
          <button type="button" className="primary" disabled={!bench || !engine || progress !== null} onClick={() => { void run(); }} data-testid="bench-run">Run benchmark</button>
          {progress && <button type="button" onClick={() => abortRef.current?.abort()} data-testid="bench-cancel">Cancel</button>}
        </div>
        {progress && <ProgressBar value={progress.done / Math.max(1, progress.total)} label={`${progress.done} / ${progress.total} scenarios`} />}
        {!bench && <Notice kind="empty">Pick the benchmark JSON (e.g. marketing_routing_benchmark.json) to run it on {engine?.label ?? 'an engine'}.</Notice>}
      </div>
      {error && <ErrorNotice error={error} title="The benchmark did not run" testId="bench-error" />}
      {r && result && (
        <div className="card stack" data-testid="bench-results">
          <h3>Results: {result.engine.label}{result.engine.model && result.engine.model !== result.engine.id ? ` (${result.engine.model})` : ''}</h3>
          {result.engine.kind === 'scripted' && <Notice kind="warning">{result.engine.label}: these figures come from keyword rules, not a model.</Notice>}
          <div className="table-wrap">
            <table className="bench-table" data-testid="bench-summary">
              <thead>
                <tr><th scope="col">Model</th><th scope="col">Any match</th><th scope="col">Exact match</th><th scope="col">Avg F1</th>
                  {Object.keys(r.by_difficulty).map((d) => <th key={d} scope="col">F1 {d}</th>)}</tr>
              </thead>
              <tbody>
                <tr data-testid="bench-summary-ours"><th scope="row">{result.engine.label}</th><td>{pct(r.any_match)}</td><td>{pct(r.exact_match)}</td><td>{f2(r.avg_f1)}</td>
                  {Object.values(r.by_difficulty).map((g, i) => <td key={i}>{f2(g.avg_f1)}</td>)}</tr>
                {r.published.map((p) => (
                  <tr key={p.key} data-testid={`bench-summary-${p.key}`}><th scope="row">{p.name} (published)</th><td>{pct(p.any_match)}</td><td>{pct(p.exact_match)}</td><td>{f2(p.avg_f1)}</td>
                    {Object.keys(r.by_difficulty).map((d) => <td key={d}>{p.by_difficulty[d] ? f2(p.by_difficulty[d].avg_f1) : '—'}</td>)}</tr>
                ))}
              </tbody>
            </table>
          </div>
          {r.published.length === 0 && <p className="muted">Add the published results file to compare with the 8B and 104B models.</p>}
          <BarChart groups={overallChart(r, 'This run')} title="Any match, exact match and average F1" testId="bench-chart" />
          <BarChart groups={difficultyChart(r, 'This run')} title="Average F1 by difficulty" testId="bench-chart-difficulty" />
          <h3>Reward components (RL recipe)</h3>
          <dl className="bench-facts" data-testid="bench-rewards" style={FACTS_GRID}>
            <dt>R_F1</dt><dd>{f2(r.rewards.r_f1)}</dd><dt>R_temp</dt><dd>{f2(r.rewards.r_temp)}</dd>
            <dt>R_parity</dt><dd>{f2(r.rewards.r_parity)}</dd><dt>R_eff</dt><dd>{f2(r.rewards.r_eff)}</dd>
            <dt>R_total</dt><dd>{r.rewards.r_total.toFixed(3)}</dd><dt>Valid answers</dt><dd>{pct(r.rewards.format_valid_rate)}</dd>
          </dl>
          <h3>Inference</h3>
          <dl className="bench-facts" data-testid="bench-latency" style={FACTS_GRID}>
            <dt>Latency p50 / p95 / max</dt><dd>{num(r.latency_ms.p50)} / {num(r.latency_ms.p95)} / {num(r.latency_ms.max)} ms</dd>
            <dt>Prefill tokens (mean)</dt><dd>{num(timing?.meanPrefillTokens)}</dd>
            <dt>Prefill tokens/s (mean)</dt><dd data-testid="bench-prefill-tps">{num(timing?.meanPrefillTokensPerSec, 1)}</dd>
            <dt>Decode tokens (mean)</dt><dd>{num(timing?.meanDecodeTokens, 1)}</dd>
            <dt>Decode tokens/s (mean)</dt><dd data-testid="bench-decode-tps">{num(timing?.meanDecodeTokensPerSec, 1)}</dd>
            <dt>Time to first token (mean)</dt><dd>{num(timing?.meanTimeToFirstTokenMs)} ms</dd>
          </dl>
          {timing?.withTokens === 0 && <p className="muted">This engine reports no token counts (router-lite is not a language model).</p>}
          {r.errors.length > 0 && <Notice kind="warning" title={`${r.errors.length} scenarios failed`}>{r.errors.slice(0, 3).map((e) => <p key={e.id}>{e.id}: {e.message}</p>)}</Notice>}
          <div className="row"><button type="button" onClick={download} data-testid="bench-download">Download results (JSON)</button></div>
          <ScenarioTable report={r} timings={result.timings} />
        </div>
      )}
    </section>
  );
}
