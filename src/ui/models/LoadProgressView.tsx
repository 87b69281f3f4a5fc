import type { LoadProgress } from '../../core/contracts';
import { fmtDuration, fmtMB } from '../../engines';
import { ProgressBar } from '../shell/ProgressBar';

/** Percent, MB, elapsed and time left of a model load, from WebLLM's own progress reports. */
export function LoadProgressView({ progress, onCancel }: { progress: LoadProgress | null; onCancel?: () => void }) {
  const facts: string[] = [];
  if (progress?.elapsedMs !== undefined) facts.push(`${fmtDuration(progress.elapsedMs)} elapsed`);
  if (progress?.etaMs !== undefined) facts.push(`about ${fmtDuration(progress.etaMs)} left in this step`);
  if (progress?.loadedBytes !== undefined && progress.totalBytes === undefined) facts.push(fmtMB(progress.loadedBytes));
  return (
    <div data-testid="model-load-progress">
      <ProgressBar value={progress?.progress} label={progress?.text ?? 'Starting…'} />
      <div className="row">
        {facts.length > 0 && <span className="muted" data-testid="model-load-timing">{facts.join(' · ')}</span>}
        {onCancel && <button type="button" onClick={onCancel} data-testid="model-load-cancel">Cancel</button>}
      </div>
    </div>
  );
}
