/**
 * STAND-IN LLM — FOR END-TO-END TESTS ONLY. Machines without a GPU (CI, development) cannot run
 * WebLLM, so e2e tests of the LLM paths (Models tab, Benchmark tab, ensemble) use this instead.
 *
 * It is the real WebLLMEngine (same request building, grammar, parsing, progress tracking and error
 * mapping) with only the lowest layer replaced: instead of a worker running a model on the GPU, a
 * deterministic keyword-rule "model" answers the chat-completion request. Token counts are
 * estimated (characters / 4) and labelled as such. It is only added to the app when the page is
 * opened with ?llm=stand-in, and its label says "stand-in (test only)" everywhere it appears.
 */
import type {
  AppConfig, ChatCompletion, ChatCompletionChunk, ChatCompletionRequestNonStreaming, ChatCompletionRequestStreaming, MLCEngineConfig,
} from '@mlc-ai/web-llm';
import { RouterError } from '../core/errors';
import { CATEGORY_NAMES, type CategoryName } from '../core/taxonomy';
import { WebLLMEngine, type MLCClient, type WorkerLike } from './webllm/webllm-engine';
import type { Catalog } from './webllm/registry';
import { maxTokensForSchema } from './webllm/token-budget';

export const STAND_IN_ID = 'stand-in';
export const STAND_IN_LABEL = 'stand-in (test only)';
export const STAND_IN_QUERY = 'llm=stand-in';
/**
 * Dispatched on the page (e2e only) to rehearse a GPU lost after loading. The stand-in client
 * then answers as WebLLM's MLCEngine does once it has unloaded the model on a device loss: every
 * request meets the real MLCEngine with no model loaded, and its own ModelNotLoadedError.
 */
export const STAND_IN_DEVICE_LOST_EVENT = 'memory-router:stand-in-device-lost';

/** Keyword rules: a category is answered when any of its patterns occurs in the conversation. */
export const STAND_IN_RULES: ReadonlyArray<{ category: CategoryName; patterns: RegExp[] }> = [
  { category: 'company.brand_core', patterns: [/\bbrand (voice|values|identity|positioning)\b/i, /\bour (values|mission)\b/i] },
  { category: 'company.strategic_signatures', patterns: [/\bdecision framework\b/i, /\bwe always\b/i, /\brule of thumb\b/i] },
  { category: 'company.knowledge_artifacts', patterns: [/\b(style guide|playbook|documentation|template)\b/i] },
  { category: 'company.business_priorities', patterns: [/\b(this quarter|q[1-4]\b|quarterly|okr|launch)\b/i] },
  { category: 'company.tools_config', patterns: [/\b(integration|api key|hubspot|salesforce|zapier|crm)\b/i] },
  { category: 'company.performance_context', patterns: [/\b(ctr|conversion rate|roas|open rate|metrics|retrospective)\b/i] },
  { category: 'user.communication_style', patterns: [/\b(bullet points|keep it short|concise|tone)\b/i] },
  { category: 'user.strategic_approach', patterns: [/\bi (prioritize|believe|focus on)\b/i] },
  { category: 'user.role_context', patterns: [/\b(i'm|i am) (the |a )?(cmo|vp|director|head|manager|lead)\b/i] },
  { category: 'user.workflow_patterns', patterns: [/\b(every (monday|week|morning)|weekly review|my process)\b/i] },
  { category: 'user.session_history', patterns: [/\b(earlier today|as we discussed|yesterday)\b/i] },
  { category: 'user.interaction_preferences', patterns: [/\b(push back|challenge me|coach|feedback)\b/i] },
];

/** The stand-in's answer: matched categories in taxonomy order, at most three, else `none`. */
export function standInAnswer(conversationText: string): string {
  const hits = new Set(STAND_IN_RULES.filter((r) => r.patterns.some((p) => p.test(conversationText))).map((r) => r.category));
  const picked = CATEGORY_NAMES.filter((c) => hits.has(c)).slice(0, 3);
  return picked.length ? picked.join(', ') : 'none';
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Refuses requests the real engine would never send, so the e2e tests check the request too. */
function checkRequest(request: ChatCompletionRequestNonStreaming): 'classify' | 'facts' {
  if (request.temperature !== 0) throw new Error('stand-in: constrained requests must use temperature 0');
  const format = request.response_format;
  if (format?.type === 'json_object' && format.schema) {
    const schema = typeof format.schema === 'string' ? (JSON.parse(format.schema) as object) : format.schema;
    if (!request.max_tokens || request.max_tokens < maxTokensForSchema(schema)) throw new Error('stand-in: schema requests must leave max_tokens room for the longest answer the schema admits');
    return 'facts';
  }
  if (format?.type !== 'grammar' || !format.grammar) throw new Error('stand-in: classification requests must carry the routing grammar');
  if (!request.max_tokens || request.max_tokens > 256) throw new Error('stand-in: classification requests must set a small max_tokens');
  return 'classify';
}

/** Fact extraction by the same rules: each USER line that matches a rule is one fact. */
export function standInFacts(conversationText: string): string {
  const facts: { category: CategoryName; text: string }[] = [];
  for (const line of conversationText.split('\n')) {
    const m = /^USER:\s*(.+)$/.exec(line.trim());
    if (!m) continue;
    const rule = STAND_IN_RULES.find((r) => r.patterns.some((p) => p.test(m[1])));
    if (rule) facts.push({ category: rule.category, text: m[1].slice(0, 300) });
  }
  return JSON.stringify({ facts });
}

/** The stand-in's chat reply: says what it is and echoes the start of the last message. */
export function standInReply(lastUserMessage: string): string {
  const gist = lastUserMessage.trim().replace(/\s+/g, ' ').slice(0, 80);
  return `Stand-in reply (test only, no model ran): you said "${gist}".`;
}

/** What WebLLM's engine answers after a device loss: the real MLCEngine, with nothing loaded. */
async function afterDeviceLoss(request: ChatCompletionRequestNonStreaming | ChatCompletionRequestStreaming): Promise<never> {
  const { MLCEngine } = await import('@mlc-ai/web-llm');
  await new MLCEngine().chatCompletion(request);
  throw new Error('stand-in: WebLLM answered a request with no model loaded');
}

class StandInClient implements MLCClient {
  chat = {
    completions: {
      create: ((request: ChatCompletionRequestNonStreaming | ChatCompletionRequestStreaming) =>
        this.deviceLost ? afterDeviceLoss(request) : request.stream ? this.stream(request) : this.create(request)) as MLCClient['chat']['completions']['create'],
    },
  };
  private interrupted = false;
  deviceLost = false;

  private async stream(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>> {
    const last = [...request.messages].reverse().find((m) => m.role === 'user');
    const words = standInReply(typeof last?.content === 'string' ? last.content : '').split(/(?<= )/);
    const prompt = request.messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
    this.interrupted = false;
    const self = this;
    const base = { id: 'stand-in-chat', created: Math.floor(Date.now() / 1000), model: STAND_IN_ID, object: 'chat.completion.chunk' as const };
    return (async function* () {
      const t0 = performance.now();
      let sent = 0;
      for (const w of words) {
        if (self.interrupted) break;
        await new Promise((r) => setTimeout(r, 2));
        sent++;
        yield { ...base, choices: [{ index: 0, finish_reason: null, logprobs: null, delta: { role: 'assistant' as const, content: w } }] };
      }
      const seconds = Math.max((performance.now() - t0) / 1000, 1e-3);
      const promptTokens = estimateTokens(prompt);
      yield { ...base, choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: sent, total_tokens: promptTokens + sent, extra: { e2e_latency_s: seconds, prefill_tokens_per_s: promptTokens / seconds, decode_tokens_per_s: sent / seconds, time_to_first_token_s: 0.002, time_per_output_token_s: seconds / Math.max(1, sent) } } };
    })();
  }

  private async create(request: ChatCompletionRequestNonStreaming): Promise<ChatCompletion> {
    const task = checkRequest(request);
    this.interrupted = false;
    const t0 = performance.now();
    const last = request.messages[request.messages.length - 1];
    const prompt = request.messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
    const conversation = typeof last?.content === 'string' ? last.content : '';
    await new Promise((r) => setTimeout(r, 5));
    const content = this.interrupted ? '' : task === 'facts' ? standInFacts(conversation) : standInAnswer(conversation);
    const seconds = Math.max((performance.now() - t0) / 1000, 1e-3);
    const promptTokens = estimateTokens(prompt);
    const completionTokens = estimateTokens(content);
    return {
      id: `stand-in-${Math.round(t0)}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: STAND_IN_ID,
      choices: [{ index: 0, finish_reason: this.interrupted ? 'abort' : 'stop', logprobs: null, message: { role: 'assistant', content } }],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        extra: {
          e2e_latency_s: seconds,
          prefill_tokens_per_s: promptTokens / (seconds / 2),
          decode_tokens_per_s: completionTokens / (seconds / 2),
          time_to_first_token_s: seconds / 2,
          time_per_output_token_s: seconds / 2 / completionTokens,
        },
      },
    };
  }

  interruptGenerate(): void {
    this.interrupted = true;
  }

  async unload(): Promise<void> {}
}

const STAND_IN_APP_CONFIG: AppConfig = {
  model_list: [{ model: 'https://stand-in.invalid/', model_id: STAND_IN_ID, model_lib: 'https://stand-in.invalid/none.wasm' }],
};

const STAND_IN_CATALOG: Catalog = {
  entries: [{
    id: STAND_IN_ID,
    kind: 'prebuilt',
    label: STAND_IN_LABEL,
    params: 'keyword rules',
    quantization: 'q4f32_1',
    promptStyle: 'fine-tuned',
    preference: 99,
    note: 'Deterministic keyword rules behind the WebLLM engine interface; for tests only.',
    record: STAND_IN_APP_CONFIG.model_list[0],
  }],
  appConfig: STAND_IN_APP_CONFIG,
  config: { fineTune: null, cacheBackend: 'cache', warnings: [] },
  defaultId: STAND_IN_ID,
};

/** Progress reports in WebLLM's own wording, so the real progress tracker is exercised too. */
async function simulateLoad(config: MLCEngineConfig): Promise<void> {
  const shards = 4;
  for (let i = 1; i <= shards; i++) {
    await new Promise((r) => setTimeout(r, 20));
    config.initProgressCallback?.({ progress: i / shards, timeElapsed: 0, text: `Fetching param cache[${i}/${shards}]: ${i * 8}MB fetched. ${(i * 100) / shards}% completed, 0 secs elapsed.` });
  }
  config.initProgressCallback?.({ progress: 1, timeElapsed: 0, text: 'Finish loading on stand-in (no GPU)' });
}

const inertWorker: WorkerLike = { terminate() {}, addEventListener() {} };

export function createStandInEngine(params: URLSearchParams, events: Partial<Pick<EventTarget, 'addEventListener'>> = globalThis): WebLLMEngine {
  if (params.get('llm') !== 'stand-in') {
    throw new RouterError('INTERNAL', `The stand-in LLM is for tests only: it is enabled by the ?${STAND_IN_QUERY} page parameter.`);
  }
  let current: StandInClient | null = null;
  events.addEventListener?.(STAND_IN_DEVICE_LOST_EVENT, () => { if (current) current.deviceLost = true; });
  return new WebLLMEngine(
    {
      loadCatalog: async () => STAND_IN_CATALOG,
      createWorker: () => inertWorker,
      createClient: async (_worker, _modelId, config) => {
        await simulateLoad(config);
        current = new StandInClient();
        return current;
      },
      fetch: async () => ({ ok: true, status: 200 }),
      baseUrl: 'https://stand-in.invalid/',
    },
    { id: STAND_IN_ID, kind: 'scripted', label: STAND_IN_LABEL },
  );
}
