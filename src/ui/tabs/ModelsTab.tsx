import { EmbedderPanel } from '../embedder/EmbedderPanel';
import { Notice } from '../shell/Notice';

/** The Models tab: the WebLLM capability panel and model manager, then the embedding model. */
export function ModelsTab() {
  return (
    <>
      <section aria-labelledby="models-title">
        <h1 id="models-title">Models</h1>
        <Notice kind="info">The WebLLM capability panel and model manager are not part of this build yet.</Notice>
      </section>
      <EmbedderPanel />
    </>
  );
}
