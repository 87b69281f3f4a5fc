import { Notice } from '../shell/Notice';

export function ClassifyPage() {
  return (
    <section aria-labelledby="classify-title">
      <h1 id="classify-title">Classify a conversation</h1>
      <Notice kind="info">Coming in this build.</Notice>
    </section>
  );
}
