/**
 * The WebLLM model catalog as data. Stock models are WebLLM's own prebuilt records (taken from
 * `prebuiltAppConfig`, never re-typed); the memory-routing fine-tune is a custom ModelRecord whose
 * weights URL comes from configuration and whose model library is the prebuilt Llama-3.1-8B one of
 * the same quantization (same architecture, same quantization: the compiled library fits).
 */
import type { AppConfig, ChatOptions, ModelRecord } from '@mlc-ai/web-llm';
import type { FineTuneQuantization, WebLLMConfig } from './config';
import { RouterError } from '../../core/errors';

export type Quantization = 'q4f16_1' | 'q4f32_1';
/** `fine-tuned`: the exact training prompt, no examples. `few-shot`: training examples first. */
export type PromptStyle = 'fine-tuned' | 'few-shot';

/** WebGPU features a quantization's shaders need. f16 kernels fail to compile without shader-f16. */
export const QUANTIZATION_FEATURES: Record<Quantization, readonly string[]> = {
  q4f16_1: ['shader-f16'],
  q4f32_1: [],
};

interface SpecBase {
  label: string;
  params: string;
  quantization: Quantization;
  promptStyle: PromptStyle;
  /** Lower is preferred when recommending among models this GPU can run. */
  preference: number;
  note?: string;
}

interface PrebuiltSpec extends SpecBase {
  kind: 'prebuilt';
  /** model_id in WebLLM's prebuiltAppConfig. */
  prebuiltId: string;
}

interface FineTuneSpec extends SpecBase {
  kind: 'fine-tune';
  id: string;
  /** The prebuilt record whose model_lib, VRAM figure and overrides the fine-tune reuses. */
  libraryOf: string;
}

export type ModelSpec = PrebuiltSpec | FineTuneSpec;

/**
 * Chat format of the fine-tune: Llama 3.1 headers, as MLC-LLM's `llama-3_1` conversation template
 * and as the training renderer (Tinker's `llama3`) wrote every example. The base model's own
 * generation config ends turns with <|end_of_text|> only, but the fine-tune ends them with
 * <|eot_id|>: without 128009 as a stop token it would never stop (and the grammar would then
 * force it to keep listing categories).
 */
export const LLAMA_3_1_CHAT_FORMAT: NonNullable<ChatOptions['conv_config']> = {
  system_template: '<|start_header_id|>system<|end_header_id|>\n\n{system_message}<|eot_id|>',
  roles: { user: '<|start_header_id|>user', assistant: '<|start_header_id|>assistant', tool: '<|start_header_id|>ipython' },
  seps: ['<|eot_id|>'],
  role_content_sep: '<|end_header_id|>\n\n',
  role_empty_sep: '<|end_header_id|>\n\n',
  stop_str: ['<|eot_id|>', '<|end_of_text|>', '<|eom_id|>'],
  // <|end_of_text|>, <|eom_id|>, <|eot_id|>
  stop_token_ids: [128001, 128008, 128009],
  // <|begin_of_text|>
  system_prefix_token_ids: [128000],
  add_role_after_system_message: true,
};

export const FINE_TUNE_IDS: Record<FineTuneQuantization, string> = {
  q4f16_1: 'memory-router-llama-3.1-8b-q4f16_1',
  q4f32_1: 'memory-router-llama-3.1-8b-q4f32_1',
};

export const MODEL_SPECS: readonly ModelSpec[] = [
  { kind: 'fine-tune', id: FINE_TUNE_IDS.q4f16_1, libraryOf: 'Llama-3.1-8B-Instruct-q4f16_1-MLC', label: 'Memory-router fine-tune (Llama-3.1-8B, LoRA merged)', params: '8B', quantization: 'q4f16_1', promptStyle: 'fine-tuned', preference: 0 },
  { kind: 'fine-tune', id: FINE_TUNE_IDS.q4f32_1, libraryOf: 'Llama-3.1-8B-Instruct-q4f32_1-MLC', label: 'Memory-router fine-tune (Llama-3.1-8B, LoRA merged)', params: '8B', quantization: 'q4f32_1', promptStyle: 'fine-tuned', preference: 1 },
  { kind: 'prebuilt', prebuiltId: 'Llama-3.1-8B-Instruct-q4f16_1-MLC', label: 'Llama-3.1-8B-Instruct', params: '8B', quantization: 'q4f16_1', promptStyle: 'few-shot', preference: 10, note: 'Default when no fine-tune is configured: the fine-tune\'s base architecture, prompted with training examples.' },
  { kind: 'prebuilt', prebuiltId: 'Llama-3.1-8B-Instruct-q4f32_1-MLC', label: 'Llama-3.1-8B-Instruct', params: '8B', quantization: 'q4f32_1', promptStyle: 'few-shot', preference: 11 },
  { kind: 'prebuilt', prebuiltId: 'Llama-3.2-3B-Instruct-q4f16_1-MLC', label: 'Llama-3.2-3B-Instruct', params: '3B', quantization: 'q4f16_1', promptStyle: 'few-shot', preference: 20, note: 'For GPUs with about 3 GB free.' },
  { kind: 'prebuilt', prebuiltId: 'Llama-3.2-3B-Instruct-q4f32_1-MLC', label: 'Llama-3.2-3B-Instruct', params: '3B', quantization: 'q4f32_1', promptStyle: 'few-shot', preference: 21 },
  { kind: 'prebuilt', prebuiltId: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC', label: 'Qwen2.5-1.5B-Instruct', params: '1.5B', quantization: 'q4f16_1', promptStyle: 'few-shot', preference: 30, note: 'For small GPUs (about 2 GB).' },
  { kind: 'prebuilt', prebuiltId: 'Qwen2.5-1.5B-Instruct-q4f32_1-MLC', label: 'Qwen2.5-1.5B-Instruct', params: '1.5B', quantization: 'q4f32_1', promptStyle: 'few-shot', preference: 31 },
  { kind: 'prebuilt', prebuiltId: 'Llama-3.2-1B-Instruct-q4f16_1-MLC', label: 'Llama-3.2-1B-Instruct', params: '1B', quantization: 'q4f16_1', promptStyle: 'few-shot', preference: 40, note: 'Smallest; expect weaker routing.' },
  { kind: 'prebuilt', prebuiltId: 'Llama-3.2-1B-Instruct-q4f32_1-MLC', label: 'Llama-3.2-1B-Instruct', params: '1B', quantization: 'q4f32_1', promptStyle: 'few-shot', preference: 41 },
];

export interface CatalogEntry extends SpecBase {
  id: string;
  kind: ModelSpec['kind'];
  record: ModelRecord;
}

export interface Catalog {
  entries: CatalogEntry[];
  appConfig: AppConfig;
  /** The configuration it was built from (fine-tune URL, cache backend, advice). */
  config: WebLLMConfig;
  /** Why the user's saved settings were not used, when they were invalid. */
  settingsError?: string;
  /** The LLM to use when the user has not chosen: the fine-tune if configured, else stock 8B q4f16_1. */
  defaultId: string;
}

function findPrebuilt(prebuilt: AppConfig, id: string): ModelRecord {
  const r = prebuilt.model_list.find((m) => m.model_id === id);
  if (!r) {
    throw new RouterError('MODEL_NOT_FOUND', `WebLLM's prebuilt model list has no "${id}": this app's catalog does not match the installed @mlc-ai/web-llm version; update src/engines/webllm/registry.ts.`);
  }
  return r;
}

/** Declares the features the quantization needs, so WebLLM refuses early with ShaderF16SupportError. */
function withFeatures(record: ModelRecord, quantization: Quantization): ModelRecord {
  const needed = QUANTIZATION_FEATURES[quantization];
  const features = [...new Set([...(record.required_features ?? []), ...needed])];
  return features.length ? { ...record, required_features: features } : { ...record };
}

export function buildFineTuneRecord(spec: FineTuneSpec, config: NonNullable<WebLLMConfig['fineTune']>, prebuilt: AppConfig): ModelRecord {
  const base = findPrebuilt(prebuilt, spec.libraryOf);
  const record: ModelRecord = {
    model: config.url,
    model_id: spec.id,
    model_lib: base.model_lib,
    vram_required_MB: base.vram_required_MB,
    low_resource_required: base.low_resource_required,
    overrides: { ...base.overrides, conv_config: LLAMA_3_1_CHAT_FORMAT },
  };
  if (config.integrity) record.integrity = { ...config.integrity };
  return withFeatures(record, spec.quantization);
}

export function buildCatalog(config: WebLLMConfig, prebuilt: AppConfig): Catalog {
  const entries: CatalogEntry[] = [];
  for (const spec of MODEL_SPECS) {
    const { label, params, quantization, promptStyle, preference, note } = spec;
    if (spec.kind === 'fine-tune') {
      // One fine-tune folder holds one quantization: only that record exists.
      if (!config.fineTune || config.fineTune.quantization !== quantization) continue;
      entries.push({ id: spec.id, kind: spec.kind, label, params, quantization, promptStyle, preference, note, record: buildFineTuneRecord(spec, config.fineTune, prebuilt) });
    } else {
      const record = withFeatures(findPrebuilt(prebuilt, spec.prebuiltId), quantization);
      entries.push({ id: spec.prebuiltId, kind: spec.kind, label, params, quantization, promptStyle, preference, note, record });
    }
  }
  const fineTune = entries.find((e) => e.kind === 'fine-tune');
  return {
    entries,
    appConfig: { model_list: entries.map((e) => e.record), cacheBackend: config.cacheBackend },
    config,
    defaultId: fineTune?.id ?? 'Llama-3.1-8B-Instruct-q4f16_1-MLC',
  };
}

export function catalogEntry(catalog: Catalog, id: string): CatalogEntry {
  const e = catalog.entries.find((x) => x.id === id);
  if (!e) throw new RouterError('MODEL_NOT_FOUND', `No model "${id}" in this app's catalog: choose one listed on the Models tab.`);
  return e;
}

/** The model that is the same except for the quantization (to suggest q4f32 when f16 is missing). */
export function variantOf(catalog: Catalog, entry: CatalogEntry, quantization: Quantization): CatalogEntry | undefined {
  return catalog.entries.find((e) => e.label === entry.label && e.params === entry.params && e.quantization === quantization);
}
