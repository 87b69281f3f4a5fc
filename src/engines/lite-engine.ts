/**
 * router-lite as a ClassifierEngine: a CPU linear classifier that needs no GPU and no download
 * beyond its ~1 MB model file. In the browser it fetches the model; Node and tests pass it in.
 */
import { RouterError, toRouterError } from '../core/errors';
import type { Conversation } from '../core/conversation';
import { CATEGORY_NAMES } from '../core/taxonomy';
import { LiteClassifier, toConversation } from '../core/lite/classifier';
import { LiteFactExtractor } from './lite-memories';
import { parseModelFile } from '../core/lite/model-format';
import { Emitter } from './emitter';
import type { ClassifierEngine, ClassifyOptions, EngineEvents, EngineStatus } from './types';
import type { ClassifyResult } from '../core/contracts';

export interface LiteEngineOptions {
  /** A parsed model file (Node CLI, tests). When given, nothing is fetched. */
  model?: unknown;
  /** Where to fetch the model in the browser; defaults to models/router-lite.json under the app's base. */
  url?: string;
  fetchImpl?: typeof fetch;
}

function defaultModelUrl(): string {
  // import.meta.env exists under Vite only; Node callers pass the model in.
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  return `${base.endsWith('/') ? base : `${base}/`}models/router-lite.json`;
}

export class LiteEngine implements ClassifierEngine {
  readonly id = 'router-lite';
  readonly label = 'router-lite (CPU, linear)';
  readonly kind = 'lite' as const;
  private state: EngineStatus = 'idle';
  private classifier: LiteClassifier | null = null;
  private readonly events = new Emitter<EngineEvents>();
  private readonly opts: LiteEngineOptions;

  /** Proposes memories sentence by sentence with the same model. */
  private readonly sentences = new LiteFactExtractor({ classify: (text, o) => this.classifySentence(text, o), engineId: this.id });

  constructor(opts: LiteEngineOptions = {}) {
    this.opts = opts;
  }

  private async classifySentence(text: string | Conversation, opts: ClassifyOptions = {}): Promise<ClassifyResult> {
    if (opts.signal?.aborted) throw new RouterError('CANCELLED', 'Classification was cancelled.');
    if (!this.classifier) throw new RouterError('ENGINE_NOT_READY', 'router-lite is not loaded yet.');
    const p = this.classifier.predict(text);
    return { categories: p.categories, scores: p.scores, raw: '', timings: { totalMs: 0 }, engine: this.id };
  }

  get status(): EngineStatus {
    return this.state;
  }

  /** The loaded model's training record (CV figures, data hash), for display. */
  get modelInfo(): LiteClassifier['model']['training'] | null {
    return this.classifier?.model.training ?? null;
  }

  on<E extends keyof EngineEvents>(event: E, listener: EngineEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  private setStatus(s: EngineStatus, error?: RouterError): void {
    this.state = s;
    this.events.emit('status', s, error);
  }

  async load(opts: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.state === 'ready') return;
    this.setStatus('loading');
    const started = Date.now();
    try {
      const model = this.opts.model !== undefined ? this.opts.model : await this.fetchModel(opts.signal, started);
      this.classifier = LiteClassifier.fromModel(model);
      this.events.emit('progress', { progress: 1, text: 'router-lite ready', elapsedMs: Date.now() - started });
      this.setStatus('ready');
    } catch (e) {
      const err = toRouterError(e, 'MODEL_LOAD_FAILED');
      this.classifier = null;
      this.setStatus('error', err);
      throw err;
    }
  }

  private async fetchModel(signal: AbortSignal | undefined, started: number): Promise<unknown> {
    const url = this.opts.url ?? defaultModelUrl();
    const doFetch = this.opts.fetchImpl ?? globalThis.fetch;
    let res: Response;
    try {
      res = await doFetch(url, { signal });
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') throw new RouterError('CANCELLED', 'Loading router-lite was cancelled.');
      throw new RouterError('MODEL_LOAD_FAILED', `Could not fetch the router-lite model from ${url}: ${(e as Error)?.message ?? e}. Check that the app is served with its public/models folder.`);
    }
    if (res.status === 404) throw new RouterError('MODEL_NOT_FOUND', `The router-lite model is missing at ${url}: run \`npm run train\` or restore public/models/router-lite.json.`);
    if (!res.ok) throw new RouterError('MODEL_LOAD_FAILED', `Fetching ${url} failed with HTTP ${res.status}: reload the page to try again.`);
    const total = Number(res.headers.get('content-length')) || undefined;
    if (!res.body) return parseModelFile(await res.text());
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      this.events.emit('progress', {
        progress: total ? Math.min(0.99, loaded / total) : 0, text: 'Downloading router-lite model',
        loadedBytes: loaded, totalBytes: total, elapsedMs: Date.now() - started,
      });
    }
    const bytes = new Uint8Array(loaded);
    let at = 0;
    for (const c of chunks) { bytes.set(c, at); at += c.length; }
    return parseModelFile(new TextDecoder().decode(bytes));
  }

  async unload(): Promise<void> {
    this.classifier = null;
    this.setStatus('unloaded');
  }

  async classify(conversation: Conversation | string, opts: ClassifyOptions = {}): Promise<ClassifyResult> {
    if (opts.signal?.aborted) throw new RouterError('CANCELLED', 'Classification was cancelled.');
    if (!this.classifier) throw new RouterError('ENGINE_NOT_READY', 'router-lite is not loaded yet: call load() (or pick the engine again) first.');
    const t0 = performance.now();
    const p = this.classifier.predict(conversation);
    const totalMs = performance.now() - t0;
    const top = CATEGORY_NAMES.map((c) => [c, p.scores[c]] as const).sort((a, b) => b[1] - a[1]).slice(0, 3);
    const raw = `router-lite: ${top.map(([c, s]) => `${c} ${s.toFixed(2)}`).join(', ')}`
      + (p.truncated ? ` (input cut to the first ${this.classifier.model.features.maxChars} characters)` : '')
      + (p.knownFeatures === 0 ? ' (no known words: scores are the model\'s priors)' : '');
    const result: ClassifyResult = { categories: p.categories, scores: p.scores, raw, timings: { totalMs }, engine: this.id };
    if (typeof conversation !== 'string' || conversation.length > 0) {
      result.memories = await this.sentences.extract(toConversation(conversation, this.classifier.model.features.maxChars), opts);
    }
    return result;
  }
}
