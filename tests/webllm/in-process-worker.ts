/**
 * A Web Worker stand-in for Node: the real RouterWorkerHandler (WebLLM's WebWorkerMLCEngineHandler)
 * runs in-process, and every message crosses a structuredClone in both directions, as between a
 * page and a real worker (so a non-cloneable message, e.g. a function, fails here too).
 * Optionally the handler's MLCEngine (the layer that needs a compiled model and a GPU) is replaced.
 */
import { MLCEngine, type ChatCompletion, type ChatCompletionChunk, type ChatCompletionRequest, type InitProgressCallback } from '@mlc-ai/web-llm';
import { RouterWorkerHandler } from '../../src/engines/webllm/worker-handler';
import type { WorkerLike } from '../../src/engines/webllm/webllm-engine';

type Listener = (event: { message?: string }) => void;

export class InProcessWorker implements WorkerLike {
  onmessage: ((e: MessageEvent) => void) | null = null;
  readonly handler: RouterWorkerHandler;
  /** Everything the worker side posted, before cloning. */
  readonly posted: { kind: string; uuid: string; content: unknown }[] = [];
  terminated = false;
  private listeners = new Map<string, Set<Listener>>();

  constructor(engine?: FakeGpuEngine) {
    this.handler = new RouterWorkerHandler((msg) => {
      this.posted.push(msg as InProcessWorker['posted'][number]);
      const data = structuredClone(msg);
      setTimeout(() => { if (!this.terminated) this.onmessage?.(new MessageEvent('message', { data })); });
    });
    if (engine) {
      engine.setInitProgressCallback(this.handler.engine.getInitProgressCallback()!);
      (this.handler as unknown as { engine: FakeGpuEngine }).engine = engine;
    }
  }

  postMessage(msg: unknown): void {
    const data = structuredClone(msg);
    setTimeout(() => { if (!this.terminated) this.handler.onmessage(new MessageEvent('message', { data })); });
  }

  terminate(): void {
    this.terminated = true;
  }

  addEventListener(type: 'error' | 'messageerror', listener: Listener): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }

  fire(type: 'error' | 'messageerror', event: { message?: string }): void {
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
}

const tick = () => new Promise((r) => setTimeout(r, 1));

/**
 * Replaces WebLLM's MLCEngine inside the worker: reports progress in WebLLM's own wording and
 * answers requests from a function, with usage figures shaped like WebLLM's. `tokensOf` makes it
 * stop at max_tokens as WebLLM does (finish_reason 'length'); `loseDevice()` puts it in the state
 * WebLLM's MLCEngine is in after a device loss past loading (it unloads itself, so every request
 * meets the real MLCEngine with no model loaded).
 */
export class FakeGpuEngine {
  progress?: InitProgressCallback;
  appConfig: unknown;
  readonly requests: ChatCompletionRequest[] = [];
  reloads: string[] = [];
  unloads = 0;
  interrupts = 0;
  /** Resolves a pending generation early when interruptGenerate arrives. */
  private interruptWaiter: (() => void) | null = null;

  private deviceLost = false;

  constructor(
    public answer: (request: ChatCompletionRequest) => string = () => 'none',
    public opts: {
      reloadFails?: Error; reloadHangs?: boolean; generationWaitsForInterrupt?: boolean; chatFails?: Error;
      /** Token count of a text; with it, answers longer than max_tokens are cut with finish 'length'. */
      tokensOf?: (text: string) => number;
    } = {},
  ) {}

  /** What WebLLM's device.lost handler does after loading: the model is unloaded. */
  loseDevice(): void {
    this.deviceLost = true;
  }

  setInitProgressCallback(cb: InitProgressCallback): void { this.progress = cb; }
  getInitProgressCallback(): InitProgressCallback | undefined { return this.progress; }
  setAppConfig(c: unknown): void { this.appConfig = c; }
  setLogLevel(): void {}

  /** WebLLM's handler passes the model id as a one-element list. */
  async reload(modelId: string | string[]): Promise<void> {
    this.deviceLost = false;
    this.reloads.push(Array.isArray(modelId) ? modelId[0] : modelId);
    this.progress?.({ progress: 0, timeElapsed: 0, text: 'Start to fetch params' });
    await tick();
    this.progress?.({ progress: 0.5, timeElapsed: 1, text: 'Fetching param cache[1/2]: 2048MB fetched. 50% completed, 1 secs elapsed. It can take a while...' });
    if (this.opts.reloadHangs) await new Promise(() => undefined);
    await tick();
    if (this.opts.reloadFails) throw this.opts.reloadFails;
    this.progress?.({ progress: 1, timeElapsed: 2, text: 'Fetching param cache[2/2]: 4096MB fetched. 100% completed, 2 secs elapsed.' });
    this.progress?.({ progress: 1, timeElapsed: 3, text: 'Loading model from cache[2/2]: 4096MB loaded. 100% completed, 3 secs elapsed.' });
    this.progress?.({ progress: 1, timeElapsed: 3, text: 'Finish loading on WebGPU - fake' });
  }

  async chatCompletion(request: ChatCompletionRequest): Promise<ChatCompletion | AsyncIterable<ChatCompletionChunk>> {
    this.requests.push(request);
    // The real engine with nothing loaded: its own ModelNotLoadedError, word for word.
    if (this.deviceLost) return new MLCEngine().chatCompletion(request);
    if (this.opts.chatFails) throw this.opts.chatFails;
    if (this.opts.generationWaitsForInterrupt) await new Promise<void>((r) => { this.interruptWaiter = r; });
    let content = this.answer(request);
    let finish: 'stop' | 'length' = 'stop';
    const { tokensOf } = this.opts;
    if (tokensOf && request.max_tokens && tokensOf(content) > request.max_tokens) {
      let keep = content.length;
      while (keep > 0 && tokensOf(content.slice(0, keep)) > request.max_tokens) keep--;
      content = content.slice(0, keep);
      finish = 'length';
    }
    const usage = { prompt_tokens: 700, completion_tokens: 6, total_tokens: 706, extra: { e2e_latency_s: 1, prefill_tokens_per_s: 1400, decode_tokens_per_s: 30, time_to_first_token_s: 0.5, time_per_output_token_s: 0.033 } };
    const base = { id: 'c1', created: 0, model: this.reloads.at(-1) ?? 'm' };
    if (request.stream) {
      const words = content.split(/(?<= )/);
      return (async function* () {
        for (const w of words) yield { ...base, object: 'chat.completion.chunk' as const, choices: [{ index: 0, finish_reason: null, delta: { role: 'assistant' as const, content: w } }] };
        yield { ...base, object: 'chat.completion.chunk' as const, choices: [], usage };
      })();
    }
    return { ...base, object: 'chat.completion', choices: [{ index: 0, finish_reason: finish, logprobs: null, message: { role: 'assistant', content } }], usage };
  }

  interruptGenerate(): void {
    this.interrupts++;
    this.interruptWaiter?.();
  }

  async unload(): Promise<void> { this.unloads++; }
}
