import { EmbedderPanel } from '../embedder/EmbedderPanel';
import { ModelsPage } from '../models/ModelsPage';

/** The Models tab: the WebLLM capability panel and model manager, then the embedding model. */
export function ModelsTab() {
  return (
    <>
      <h1>Models</h1>
      <ModelsPage />
      <EmbedderPanel />
    </>
  );
}
