import type { SaveSummary } from '../../memory';
import { Notice } from '../shell/Notice';

const SHOWN = 20;

/** A save's result line, and which facts were merged into which memory (one click away). */
export function SaveResult({ summary, text, testId }: { summary: SaveSummary; text: string; testId: string }) {
  const { merged } = summary;
  return (
    <Notice kind="success" testId={testId}>
      <p>{text} <a href="#/memories">See your memories</a></p>
      {merged.length > 0 && (
        <details data-testid="save-merges">
          <summary>Which facts were merged ({merged.length} memor{merged.length === 1 ? 'y' : 'ies'})</summary>
          <ul>
            {merged.slice(0, SHOWN).map((m) => (
              <li key={m.id}>
                “{m.memory}” ({m.isNew ? 'new' : 'already stored'})
                {m.facts.length > 0 && <> took in {m.facts.length} fact{m.facts.length === 1 ? '' : 's'} of this save</>}
                {m.replaced.length > 0 && <>; replaced “{m.replaced[m.replaced.length - 1]}”</>}
              </li>
            ))}
            {merged.length > SHOWN && <li>… and {merged.length - SHOWN} more</li>}
          </ul>
        </details>
      )}
    </Notice>
  );
}
