/**
 * router-lite as a ClassifierEngine: the segment router (src/core/router), a CPU model that needs
 * no GPU and no download beyond its small binary file. One call answers both questions of the
 * page: the categories, and the memories (segments) that carry them.
 */
import { RouterError, toRouterError } from '../core/errors';
import { parseTranscript, type Conversation } from '../core/conversation';
import type { ClassifyResult } from '../core/contracts';
import { MEMORY_CATEGORIES, type CategoryName, type MemoryCategory } from '../core/taxonomy';
import { modelUrl } from '../core/settings';
import { SegmentRouter, type RouteDecision } from '../core/router/router';
import { inputNotice } from '../core/router/notice';
import { inflateIfGzip } from '../core/util/gzip';
import { parseRouterFile } from '../core/router/model-format';
import { Emitter } from './emitter';
import type { ClassifierEngine, ClassifyOptions, EngineEvents, EngineStatus } from './types';

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The model file the app serves (public/models/router.bin). */
export const ROUTER_FILE = 'router.bin';

/** Longest text the router reads; the rest of a huge paste is cut (and the answer says so). */
export const MAX_ROUTER_CHARS = 100_000;

export interface LiteEngineOptions {
  /** The model file's bytes (Node CLI, tests). When given, nothing is fetched. */
  model?: Uint8Array | ArrayBuffer;
  /** Where to fetch the model in the browser; defaults to models/router.bin under the app's base. */
  url?: string;
  fetchImpl?: typeof fetch;
}

/** Checks and normalises the input; a RouterError tells the caller what to fix. */
export function toConversation(input: unknown): Conversation {
  if (typeof input === 'string') {
    if (input.trim() === '') throw new RouterError('EMPTY_INPUT', 'The conversation is empty: paste or type some text to route.');
    const sample = input.slice(0, 4096);
    let bad = 0;
    for (let i = 0; i < sample.length; i++) {
      const c = sample.charCodeAt(i);
      if (c === 0) throw new RouterError('BINARY_INPUT', 'The conversation looks like binary data, not text: paste the text of a conversation.');
      if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13)) bad++;
    }
    if (bad > sample.length * 0.1) throw new RouterError('BINARY_INPUT', 'The conversation looks like binary data, not text: paste the text of a conversation.');
    const turns = parseTranscript(input.length > MAX_ROUTER_CHARS ? input.slice(0, MAX_ROUTER_CHARS) : input);
    if (turns.length === 0) throw new RouterError('EMPTY_INPUT', 'The conversation has no text: paste or type some text to route.');
    return turns;
  }
  if (!Array.isArray(input)) {
    throw new RouterError('WRONG_SCHEMA', `Expected a conversation (text or a list of {role, content} turns), got ${input === null ? 'null' : typeof input}.`);
  }
  const turns = input.filter((t): t is Conversation[number] => !!t && typeof t === 'object' && typeof (t as { content?: unknown }).content === 'string');
  if (turns.length !== input.length) throw new RouterError('WRONG_SCHEMA', 'Every turn must be an object with a text "content": fix or remove the other entries.');
  if (!turns.some((t) => t.content.trim())) throw new RouterError('EMPTY_INPUT', 'The conversation has no text: paste or type some text to route.');
  // Cut a huge conversation the same way as a huge paste.
  let budget = MAX_ROUTER_CHARS;
  const out: Conversation = [];
  for (const t of turns) {
    if (budget <= 0) break;
    out.push(t.content.length > budget ? { ...t, content: t.content.slice(0, budget) } : t);
    budget -= t.content.length;
  }
  return out;
}

function totalChars(input: Conversation | string): number {
  return typeof input === 'string' ? input.length : input.reduce((n, t) => n + (typeof t?.content === 'string' ? t.content.length : 0), 0);
}

export class LiteEngine implements ClassifierEngine {
  readonly id = 'router-lite';
  readonly label = 'router-lite (CPU, segment router)';
  readonly kind = 'lite' as const;
  private state: EngineStatus = 'idle';
  private router: SegmentRouter | null = null;
  private readonly events = new Emitter<EngineEvents>();
  private readonly opts: LiteEngineOptions;

  constructor(opts: LiteEngineOptions = {}) {
    this.opts = opts;
  }

  get status(): EngineStatus {
    return this.state;
  }

  /** The loaded model's training record, for display. */
  get modelInfo(): Record<string, unknown> | null {
    return this.router?.model.header.training ?? null;
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
      const bytes = this.opts.model ?? (await this.fetchModel(opts.signal, started));
      const raw = await inflateIfGzip(bytes, 'The router model file', 'reload the page; if it persists, re-run `npm run train`');
      // Parsing (~2.3 MB) and indexing the vocabulary are separate tasks, so a page that loads
      // the router while it draws never holds the main thread for both at once.
      await nextTask();
      const model = parseRouterFile(raw);
      await nextTask();
      this.router = new SegmentRouter(model);
      this.events.emit('progress', { progress: 1, text: 'router-lite ready', elapsedMs: Date.now() - started });
      this.setStatus('ready');
    } catch (e) {
      const err = toRouterError(e, 'MODEL_LOAD_FAILED');
      this.router = null;
      this.setStatus('error', err);
      throw err;
    }
  }

  private async fetchModel(signal: AbortSignal | undefined, started: number): Promise<ArrayBuffer> {
    const url = this.opts.url ?? modelUrl(ROUTER_FILE);
    const doFetch = this.opts.fetchImpl ?? globalThis.fetch;
    let res: Response;
    try {
      res = await doFetch(url, { signal });
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') throw new RouterError('CANCELLED', 'Loading router-lite was cancelled.');
      throw new RouterError('MODEL_LOAD_FAILED', `Could not fetch the router-lite model from ${url}: ${(e as Error)?.message ?? e}. Check that the app is served with its public/models folder.`);
    }
    if (res.status === 404) throw new RouterError('MODEL_NOT_FOUND', `The router-lite model is missing at ${url}: run \`npm run train\` or restore public/models/${ROUTER_FILE}.`);
    if (!res.ok) throw new RouterError('MODEL_LOAD_FAILED', `Fetching ${url} failed with HTTP ${res.status}: reload the page to try again.`);
    const bytes = await res.arrayBuffer();
    this.events.emit('progress', { progress: 0.99, text: 'router-lite downloaded', loadedBytes: bytes.byteLength, totalBytes: bytes.byteLength, elapsedMs: Date.now() - started });
    return bytes;
  }

  async unload(): Promise<void> {
    this.router = null;
    this.setStatus('unloaded');
  }

  private ready(opts: ClassifyOptions): SegmentRouter {
    if (opts.signal?.aborted) throw new RouterError('CANCELLED', 'Classification was cancelled.');
    if (!this.router) throw new RouterError('ENGINE_NOT_READY', 'router-lite is not loaded yet: call load() (or pick the engine again) first.');
    return this.router;
  }

  async classify(input: Conversation | string, opts: ClassifyOptions = {}): Promise<ClassifyResult> {
    const router = this.ready(opts);
    const t0 = performance.now();
    const conversation = toConversation(input);
    const d = router.route(conversation);
    const totalMs = performance.now() - t0;
    return this.result(d, conversation, totalMs, totalChars(input) > MAX_ROUTER_CHARS);
  }

  /**
   * Memories for categories decided by another engine (an LLM, the ensemble): the segments that
   * carry those categories best, so its answer shows memories for exactly its categories.
   */
  async memoriesFor(input: Conversation | string, categories: readonly CategoryName[], opts: ClassifyOptions = {}): Promise<ClassifyResult['memories']> {
    const router = this.ready(opts);
    const storable = categories.filter((c): c is MemoryCategory => c !== 'none');
    return router.route(toConversation(input), { categories: storable }).memories;
  }

  private result(d: RouteDecision, conversation: Conversation, totalMs: number, truncated: boolean): ClassifyResult {
    const scores: Partial<Record<CategoryName, number>> = {};
    MEMORY_CATEGORIES.forEach((c, i) => { scores[c] = d.confidence[i]; });
    const top = MEMORY_CATEGORIES.map((c, i) => [c, d.confidence[i]] as const).sort((a, b) => b[1] - a[1]).slice(0, 3);
    const raw = `router-lite: ${d.segments.length} segment${d.segments.length === 1 ? '' : 's'}; ${top.map(([c, s]) => `${c} ${s.toFixed(2)}`).join(', ')}`
      + (truncated ? ` (input cut to the first ${MAX_ROUTER_CHARS.toLocaleString('en-US')} characters)` : '')
      + (d.knownFeatures === 0 ? ' (no known words)' : '');
    const notice = inputNotice(conversation.map((t) => t.content).join('\n'));
    return {
      categories: d.categories.length ? d.categories : ['none'],
      scores, memories: d.memories, raw, timings: { totalMs }, engine: this.id,
      ...(notice ? { notice: notice.message } : {}),
    };
  }
}
