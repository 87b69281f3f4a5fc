/**
 * The LLM classifier: a ClassifierEngine over WebLLM's WebWorkerMLCEngine. The model, its download
 * and every GPU call live in webllm.worker.ts; this side builds the request, reads the
 * answer, reports progress and turns every failure into a RouterError that says what to do.
 * Only the worker and the client factory are injected, so tests run all of this in Node.
 */
import type {
  AppConfig, ChatCompletion, ChatCompletionChunk, ChatCompletionRequestNonStreaming, ChatCompletionRequestStreaming,
  InitProgressReport, MLCEngineConfig,
} from '@mlc-ai/web-llm';
import type { Conversation } from '../../core/conversation';
import { RouterError } from '../../core/errors';
import { Emitter } from '../emitter';
import type { ChatEngine, ChatOptions, ChatReply, ChatTurn, ClassifyOptions, EngineEvents, EngineStatus } from '../types';
import type { ClassifyResult } from '../../core/contracts';
import type { Catalog, CatalogEntry } from './registry';
import { catalogEntry } from './registry';
import { buildClassifyRequest, readClassifyResponse, timingsFromUsage } from './request';
import { mapWebLLMError } from './errors';
import { diagnoseModelFolder, modelFolderUrl, type FetchLike } from './model-files';
import { LoadProgressTracker } from './model-manager';
import { maxTokensForSchema } from './token-budget';

/** The slice of WebLLM's WebWorkerMLCEngine this engine uses. */
export interface MLCClient {
  chat: {
    completions: {
      create(request: ChatCompletionRequestNonStreaming): Promise<ChatCompletion>;
      create(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>>;
    };
  };
  interruptGenerate(): void;
  unload(): Promise<void>;
}

export interface WorkerLike {
  terminate(): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: { message?: string }) => void): void;
}

export interface WebLLMEngineDeps {
  /**
   * The model catalog. Async because building it needs WebLLM's prebuiltAppConfig, and the page
   * imports @mlc-ai/web-llm (several MB) only when an LLM is actually wanted.
   */
  loadCatalog(): Promise<Catalog>;
  createWorker(): WorkerLike;
  /** WebLLM's CreateWebWorkerMLCEngine (or a stand-in with the same contract). */
  createClient(worker: WorkerLike, modelId: string, config: MLCEngineConfig): Promise<MLCClient>;
  /** For diagnosing failed downloads (which file, which HTTP status). */
  fetch: FetchLike;
  baseUrl: string;
  now?: () => number;
}

export interface WebLLMEngineOptions {
  id?: string;
  kind?: 'webllm' | 'scripted';
  /** Fixed label; by default the selected model's name. */
  label?: string;
}

function abortError(what: string): RouterError {
  return new RouterError('CANCELLED', what);
}

export class WebLLMEngine implements ChatEngine {
  readonly id: string;
  readonly kind: 'webllm' | 'scripted';
  private readonly fixedLabel?: string;
  private readonly events = new Emitter<EngineEvents>();
  private readonly now: () => number;
  private _status: EngineStatus = 'idle';
  private _error: RouterError | null = null;
  private catalog: Catalog | null = null;
  private catalogLoading: Promise<Catalog> | null = null;
  private catalogGeneration = 0;
  private selectedId: string | null = null;
  private loaded: CatalogEntry | null = null;
  private client: MLCClient | null = null;
  private worker: WorkerLike | null = null;
  private loading: { id: string; promise: Promise<void>; abort: AbortController } | null = null;
  /** Bumped by unload() so a load that finishes afterwards is discarded. */
  private generation = 0;

  constructor(private readonly deps: WebLLMEngineDeps, opts: WebLLMEngineOptions = {}) {
    this.id = opts.id ?? 'webllm';
    this.kind = opts.kind ?? 'webllm';
    this.fixedLabel = opts.label;
    this.now = deps.now ?? (() => performance.now());
  }

  get status(): EngineStatus {
    return this._status;
  }

  /** Why the engine is in 'error' (e.g. DEVICE_LOST: the page offers to load the model again). */
  get error(): RouterError | null {
    return this._status === 'error' ? this._error : null;
  }

  get label(): string {
    if (this.fixedLabel) return this.fixedLabel;
    const e = this.loaded ?? this.selectedEntry;
    return e ? `WebLLM · ${e.label} ${e.quantization}` : 'WebLLM (GPU)';
  }

  /** The model the next load() loads; null until the catalog is known. */
  get selectedEntry(): CatalogEntry | null {
    if (!this.catalog) return null;
    return catalogEntry(this.catalog, this.selectedId ?? this.catalog.defaultId);
  }

  /** The model now in the worker, if any. */
  get loadedModelId(): string | null {
    return this.loaded?.id ?? null;
  }

  /** The catalog, built once (and again after setCatalog(null), e.g. when settings change). */
  getCatalog(): Promise<Catalog> {
    if (this.catalog) return Promise.resolve(this.catalog);
    if (!this.catalogLoading) {
      const generation = this.catalogGeneration;
      this.catalogLoading = this.deps.loadCatalog().then(
        (c) => {
          // Settings changed while this was being built: build again from the new ones.
          if (generation !== this.catalogGeneration) return this.getCatalog();
          this.catalogLoading = null;
          this.setCatalog(c);
          return c;
        },
        (err: unknown) => {
          if (generation === this.catalogGeneration) this.catalogLoading = null;
          throw mapWebLLMError(err, 'load');
        },
      );
    }
    return this.catalogLoading;
  }

  /** New settings (e.g. a fine-tune URL) take effect at the next load; null rebuilds on demand. */
  setCatalog(catalog: Catalog | null): void {
    this.catalogGeneration++;
    this.catalogLoading = null;
    this.catalog = catalog;
    if (catalog && this.selectedId && !catalog.entries.some((e) => e.id === this.selectedId)) this.selectedId = null;
    this.events.emit('status', this._status);
  }

  /** Chooses the model the next load() loads; a different loaded model stays until then. */
  async selectModel(id: string): Promise<void> {
    catalogEntry(await this.getCatalog(), id);
    this.selectedId = id;
    this.events.emit('status', this._status);
  }

  on<E extends keyof EngineEvents>(event: E, listener: EngineEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  private setStatus(s: EngineStatus, error?: RouterError): void {
    this._status = s;
    this._error = error ?? null;
    this.events.emit('status', s, error);
  }

  async load(opts: { signal?: AbortSignal } = {}): Promise<void> {
    await this.getCatalog();
    const entry = this.selectedEntry!;
    const id = entry.id;
    if (this._status === 'ready' && this.loaded?.id === id) return;
    if (this.loading?.id === id) return this.loading.promise;
    // A load of another model is superseded: its worker stops and its promise rejects CANCELLED.
    this.loading?.abort.abort();
    const abort = new AbortController();
    opts.signal?.addEventListener('abort', () => abort.abort(), { once: true });
    if (opts.signal?.aborted) abort.abort();
    const promise = this.loadModel(entry, abort.signal).finally(() => {
      if (this.loading?.promise === promise) this.loading = null;
    });
    this.loading = { id, promise, abort };
    return promise;
  }

  private async loadModel(entry: CatalogEntry, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortError('Loading was cancelled before it started.');
    await this.release();
    const generation = ++this.generation;
    this.setStatus('loading');
    const tracker = new LoadProgressTracker(this.now);
    const appConfig: AppConfig = this.catalog!.appConfig;
    let worker: WorkerLike;
    try {
      worker = this.deps.createWorker();
    } catch (err) {
      const error = new RouterError('MODEL_LOAD_FAILED', `The model worker could not start (${(err as Error)?.message ?? err}): reload the page; if it repeats, this browser cannot run module workers.`);
      this.setStatus('error', error);
      throw error;
    }
    const stopped = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (e) => reject(new RouterError('MODEL_LOAD_FAILED', `The model worker stopped${e?.message ? ` (${e.message})` : ''}: reload the page and try again.`)));
      worker.addEventListener('messageerror', () => reject(new RouterError('MODEL_LOAD_FAILED', 'The model worker sent a message the page could not read: reload the page and try again.')));
    });
    const cancelled = new Promise<never>((_, reject) => {
      const onAbort = () => reject(abortError('Loading was cancelled; files already downloaded stay cached for next time.'));
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
    // Either may reject after the race is settled (a late abort, a worker error after success).
    stopped.catch(() => undefined);
    cancelled.catch(() => undefined);
    const onProgress = (report: InitProgressReport) => {
      if (generation === this.generation) this.events.emit('progress', tracker.update(report));
    };
    try {
      const client = await Promise.race([this.deps.createClient(worker, entry.id, { appConfig, initProgressCallback: onProgress }), stopped, cancelled]);
      if (generation !== this.generation) throw abortError('Loading was superseded by another load or an unload.');
      this.client = client;
      this.worker = worker;
      this.loaded = entry;
      this.setStatus('ready');
    } catch (err) {
      // Terminating the worker stops its downloads at once; finished shards stay in WebLLM's cache.
      worker.terminate();
      let error = mapWebLLMError(err, 'load');
      if (error.details?.fetchFailure) {
        error = (await diagnoseModelFolder(modelFolderUrl(entry.record.model, this.deps.baseUrl), this.deps.fetch, entry.record.model_lib)) ?? error;
      }
      if (generation === this.generation) {
        if (error.code === 'CANCELLED') this.setStatus('idle');
        else this.setStatus('error', error);
      }
      throw error;
    }
  }

  private readyClient(): MLCClient {
    if (this._status !== 'ready' || !this.client) {
      throw new RouterError('ENGINE_NOT_READY', `${this.label} is not loaded: load it on the Models tab first.`);
    }
    return this.client;
  }

  /**
   * Runs one request against the loaded model: an abort interrupts generation, and a lost device
   * (during the request, or earlier: WebLLM then answers that no model is loaded) releases the
   * model and puts the engine in 'error', so the page offers to load it again; load() reloads
   * the same model, from the browser cache.
   */
  private async run<T>(signal: AbortSignal | undefined, what: string, call: (client: MLCClient) => Promise<T>): Promise<T> {
    const client = this.readyClient();
    if (signal?.aborted) throw abortError(`${what} was cancelled.`);
    const onAbort = () => client.interruptGenerate();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const out = await call(client);
      if (signal?.aborted) throw abortError(`${what} was cancelled.`);
      return out;
    } catch (err) {
      const error = mapWebLLMError(err, 'request');
      if (error.code === 'DEVICE_LOST') {
        await this.release();
        this.setStatus('error', error);
      }
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async classify(conversation: Conversation | string, opts: ClassifyOptions = {}): Promise<ClassifyResult> {
    this.readyClient();
    const { request } = buildClassifyRequest(conversation, this.loaded!.promptStyle);
    const t0 = this.now();
    const response = await this.run(opts.signal, 'Classification', (c) => c.chat.completions.create(request));
    return readClassifyResponse(response, this.id, this.now() - t0);
  }

  /** Free-text chat with streaming (the Chat page); timings from the final usage chunk. */
  async chat(messages: readonly ChatTurn[], opts: ChatOptions = {}): Promise<ChatReply> {
    const request: ChatCompletionRequestStreaming = {
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      stream: true,
      stream_options: { include_usage: true },
      temperature: opts.temperature ?? 0.6,
      max_tokens: opts.maxTokens ?? 512,
    };
    const t0 = this.now();
    return this.run(opts.signal, 'The reply', async (client) => {
      let text = '';
      let usage: ChatCompletion['usage'];
      for await (const chunk of await client.chat.completions.create(request)) {
        const delta = chunk.choices[0]?.delta?.content ?? '';
        if (delta) {
          text += delta;
          opts.onToken?.(delta);
        }
        if (chunk.usage) usage = chunk.usage;
      }
      return { text, timings: timingsFromUsage(usage, this.now() - t0), engine: this.loaded?.id ?? this.id };
    });
  }

  /**
   * One constrained completion returning JSON text (response_format json_object with a schema):
   * the LLM fact extractor's call. Temperature 0 so the same conversation gives the same facts;
   * max_tokens from the schema, so the longest answer it admits is never cut.
   */
  async completeJson(messages: readonly ChatTurn[], schema: object, opts: { signal?: AbortSignal; maxTokens?: number } = {}): Promise<{ text: string; finish?: string }> {
    const request: ChatCompletionRequestNonStreaming = {
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      stream: false,
      temperature: 0,
      max_tokens: opts.maxTokens ?? maxTokensForSchema(schema),
      response_format: { type: 'json_object', schema: JSON.stringify(schema) },
    };
    const response = await this.run(opts.signal, 'Fact extraction', (c) => c.chat.completions.create(request));
    return { text: response.choices[0]?.message?.content ?? '', finish: response.choices[0]?.finish_reason };
  }

  /** Frees the GPU and the worker; the engine can be loaded again afterwards. */
  async unload(): Promise<void> {
    this.generation++;
    this.loading?.abort.abort();
    this.loading = null;
    await this.release();
    this.setStatus('unloaded');
  }

  private async release(): Promise<void> {
    const { client, worker } = this;
    this.client = null;
    this.worker = null;
    this.loaded = null;
    if (client) await client.unload().catch(() => undefined);
    worker?.terminate();
  }
}
