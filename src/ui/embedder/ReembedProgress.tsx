import { useAppState, useEmbedderChoice } from '../app-state/AppState';
import { Notice } from '../shell/Notice';
import { ProgressBar } from '../shell/ProgressBar';

/**
 * Vectors being made for the stored memories after an embedder switch (or for memories imported
 * without vectors): progress and Stop, then what stopping left. Shown wherever the wait matters.
 */
export function ReembedProgress() {
  const { embedders } = useAppState();
  const choice = useEmbedderChoice();
  if (choice.switching && choice.reembed && choice.reembed.total > 0) {
    const { done, total } = choice.reembed;
    return (
      <div className="row" data-testid="reembed-progress">
        <ProgressBar value={done / total} label={`Re-embedding memories: ${done} of ${total}`} />
        <button type="button" onClick={() => embedders.stopReembedding()} data-testid="reembed-stop">Stop</button>
      </div>
    );
  }
  if (choice.stopped) {
    return (
      <Notice kind="info" testId="reembed-stopped">
        Re-embedding stopped after {choice.stopped.done} of {choice.stopped.total} memories. Search uses the new vectors where they exist and keywords for the rest; the rest are embedded the next time the page opens.
      </Notice>
    );
  }
  return null;
}
