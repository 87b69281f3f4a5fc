/** An accessible progress bar; `value` in 0..1, or undefined when the total is unknown. */
export function ProgressBar({ value, label }: { value?: number; label: string }) {
  const pct = value === undefined ? undefined : Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div className="progress">
      <progress max={100} value={pct} aria-label={label} />
      <span className="progress-text">{label}{pct !== undefined ? ` · ${pct}%` : ''}</span>
    </div>
  );
}
