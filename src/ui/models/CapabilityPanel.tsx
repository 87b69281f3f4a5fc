import type { AdapterSnapshot, CapabilityReport } from '../../engines';
import { Notice } from '../shell/Notice';

const MB = 1 << 20;

/** Term and value side by side; the shared stylesheet has no rule for definition lists. */
export const FACTS_GRID = { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '0.2rem 1rem', margin: '0.4rem 0' } as const;

function yesNo(v: boolean): string {
  return v ? 'yes' : 'no';
}

/** What this browser's GPU is, what it can run, and which model to use — before any download. */
export function CapabilityPanel({ snapshot, report }: { snapshot: AdapterSnapshot | null; report: CapabilityReport | null }) {
  return (
    <section className="card" aria-labelledby="capability-title" data-testid="capability-panel">
      <h2 id="capability-title">Your GPU</h2>
      {!snapshot && <Notice kind="loading">Asking the browser about WebGPU…</Notice>}
      {snapshot && snapshot.state !== 'available' && (
        <Notice kind="warning" title="No WebGPU in this browser" testId="capability-no-webgpu">
          <p>{report?.summary ?? 'WebGPU is not available.'}</p>
        </Notice>
      )}
      {snapshot && snapshot.state === 'available' && (
        <dl className="capability-facts" data-testid="capability-facts" style={FACTS_GRID}>
          <dt>Adapter</dt>
          <dd data-testid="capability-adapter">{[snapshot.vendor, snapshot.architecture, snapshot.device, snapshot.description].filter(Boolean).join(' ') || 'unknown'}{snapshot.isFallbackAdapter ? ' (software fallback)' : ''}</dd>
          <dt>shader-f16 (16-bit shaders, needed by q4f16 models)</dt>
          <dd data-testid="capability-f16">{yesNo(snapshot.features.includes('shader-f16'))}</dd>
          <dt>Largest storage buffer</dt>
          <dd data-testid="capability-buffer">{Math.round(snapshot.limits.maxStorageBufferBindingSize / MB)} MB</dd>
          {snapshot.deviceMemoryGB !== undefined && (<><dt>Device memory (reported)</dt><dd>{snapshot.deviceMemoryGB} GB</dd></>)}
        </dl>
      )}
      {report && snapshot?.state === 'available' && <p className="muted" data-testid="capability-summary">{report.summary}</p>}
      {report && (
        <Notice kind={report.recommendedId ? 'success' : 'info'} title="Recommendation" testId="capability-recommendation">
          <p>{report.recommendation}</p>
        </Notice>
      )}
    </section>
  );
}
