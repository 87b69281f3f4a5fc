import { Notice } from '../shell/Notice';

export function MemoriesPage() {
  return (
    <section aria-labelledby="memories-title">
      <h1 id="memories-title">Memories</h1>
      <Notice kind="info">The memory store is not part of this build yet.</Notice>
    </section>
  );
}
