import type { Conversation } from '../../core/conversation';
import type { ClassifyResult } from '../../engines/types';
import { Notice } from '../shell/Notice';

/** The memories a routed conversation would store, editable before saving. */
export function MemoryDrafts(_props: { conversation: Conversation; routing: ClassifyResult }) {
  return (
    <section className="card" aria-labelledby="drafts-title">
      <h2 id="drafts-title">Memories to keep</h2>
      <Notice kind="info">Saving needs the memory store, which is not part of this build yet.</Notice>
    </section>
  );
}
