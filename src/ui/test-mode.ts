/**
 * E2E BUILDS ONLY (`vite build --mode e2e`, what Playwright serves). main.tsx imports this module
 * behind `import.meta.env.MODE === 'e2e'`, which is false in a production build, so neither the
 * scripted LLM nor the fixture embedding model is in `npm run build`'s dist/.
 *
 * URL switches: ?llm=stand-in adds the scripted LLM engine (the real WebLLM engine code over
 * keyword rules, labelled "stand-in (test only)"); ?embed=fixture makes the "neural" embedder the
 * project's own tiny fixture model (copied into the e2e build's models/), so the
 * download-and-switch path runs without the network. ?embed-model=<id> keeps the neural preset
 * as shipped (local copy if the app serves one, else the model host) with another model id, on
 * WASM: the e2e tests serve the fixture's files as if from the host, or rely on the local copy.
 */
import { createStandInEngine, STAND_IN_ID } from '../engines/stand-in-llm';
import { fixtureEmbedderOptions, neuralEmbedderOptions, WorkerEmbedder } from '../embed';
import type { TestParts } from './app-state/services';

export function testParts(params: URLSearchParams): TestParts {
  return {
    engines: params.get('llm') === STAND_IN_ID ? [createStandInEngine(params)] : [],
    neuralEmbedder: neuralEmbedderFor(params),
  };
}

function neuralEmbedderFor(params: URLSearchParams): WorkerEmbedder | undefined {
  const base = import.meta.env.BASE_URL;
  if (params.get('embed') === 'fixture') return new WorkerEmbedder(fixtureEmbedderOptions(location.origin, base));
  const model = params.get('embed-model');
  if (model) return new WorkerEmbedder(neuralEmbedderOptions(location.origin, base, { model, dimension: undefined, device: 'wasm' }));
  return undefined;
}
