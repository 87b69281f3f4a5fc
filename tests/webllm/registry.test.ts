import { describe, expect, it } from 'vitest';
import { isValidSRI, modelLibURLPrefix, modelVersion, prebuiltAppConfig } from '@mlc-ai/web-llm';
import { buildCatalog, catalogEntry, FINE_TUNE_IDS, LLAMA_3_1_CHAT_FORMAT, MODEL_SPECS, variantOf } from '../../src/engines/webllm/registry';
import { resolveConfig, type WebLLMConfig } from '../../src/engines/webllm/config';

const ORIGIN = 'https://app.example';
const PINNED = 'https://huggingface.co/acme/memory-router-8b-q4f16_1-MLC/resolve/0123456789abcdef0123456789abcdef01234567/';

function config(user: Record<string, string> = {}): WebLLMConfig {
  return resolveConfig({}, user, { origin: ORIGIN, isValidSri: isValidSRI, extraOrigins: ['https://huggingface.co/acme/memory-router-8b-q4f16_1-MLC/'] });
}

const prebuilt = (id: string) => prebuiltAppConfig.model_list.find((m) => m.model_id === id)!;

describe('model catalog', () => {
  it('takes every stock record from prebuiltAppConfig unchanged except declared features', () => {
    const catalog = buildCatalog(config(), prebuiltAppConfig);
    const stock = catalog.entries.filter((e) => e.kind === 'prebuilt');
    expect(stock.map((e) => e.id)).toEqual(MODEL_SPECS.filter((s) => s.kind === 'prebuilt').map((s) => (s as { prebuiltId: string }).prebuiltId));
    for (const e of stock) {
      const p = prebuilt(e.id);
      expect(e.record.model).toBe(p.model);
      expect(e.record.model_lib).toBe(p.model_lib);
      expect(e.record.vram_required_MB).toBe(p.vram_required_MB);
      expect(e.record.overrides).toEqual(p.overrides);
    }
  });

  it('without a fine-tune URL the default is stock Llama-3.1-8B-Instruct q4f16_1, prompted few-shot', () => {
    const catalog = buildCatalog(config(), prebuiltAppConfig);
    expect(catalog.defaultId).toBe('Llama-3.1-8B-Instruct-q4f16_1-MLC');
    expect(catalogEntry(catalog, catalog.defaultId).promptStyle).toBe('few-shot');
    expect(catalog.entries.some((e) => e.kind === 'fine-tune')).toBe(false);
  });

  it('builds the fine-tune record from the configured URL and the prebuilt 8B library of its quantization', () => {
    for (const quant of ['q4f16_1', 'q4f32_1'] as const) {
      const catalog = buildCatalog(config({ fineTuneUrl: PINNED, fineTuneQuantization: quant }), prebuiltAppConfig);
      const ft = catalog.entries.filter((e) => e.kind === 'fine-tune');
      expect(ft).toHaveLength(1);
      const base = prebuilt(`Llama-3.1-8B-Instruct-${quant}-MLC`);
      expect(catalog.defaultId).toBe(FINE_TUNE_IDS[quant]);
      expect(ft[0].promptStyle).toBe('fine-tuned');
      expect(ft[0].record.model).toBe(PINNED);
      expect(ft[0].record.model_lib).toBe(base.model_lib);
      // The library comes from the installed package, never a hard-coded version string.
      expect(ft[0].record.model_lib.startsWith(`${modelLibURLPrefix}${modelVersion}/`)).toBe(true);
      expect(ft[0].record.vram_required_MB).toBe(base.vram_required_MB);
      expect(ft[0].record.overrides?.context_window_size).toBe(base.overrides?.context_window_size);
      expect(ft[0].record.required_features ?? []).toEqual(quant === 'q4f16_1' ? ['shader-f16'] : []);
      expect(catalog.appConfig.model_list).toContain(ft[0].record);
    }
  });

  it('gives the fine-tune the Llama 3.1 chat format and its three stop tokens', () => {
    const catalog = buildCatalog(config({ fineTuneUrl: PINNED }), prebuiltAppConfig);
    const conv = catalog.entries[0].record.overrides?.conv_config;
    expect(conv).toBe(LLAMA_3_1_CHAT_FORMAT);
    expect(conv?.stop_token_ids).toEqual([128001, 128008, 128009]);
    expect(conv?.stop_str).toContain('<|eot_id|>');
    expect(conv?.system_prefix_token_ids).toEqual([128000]);
    expect(conv?.roles?.assistant).toBe('<|start_header_id|>assistant');
  });

  it('passes SRI integrity fields through to the record (WebLLM verifies them)', () => {
    const sri = 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';
    const catalog = buildCatalog(config({ fineTuneUrl: PINNED, fineTuneIntegrity: JSON.stringify({ config: sri, model_lib: sri, tokenizer: { 'tokenizer.json': sri }, onFailure: 'error' }) }), prebuiltAppConfig);
    expect(catalog.entries[0].record.integrity).toEqual({ config: sri, model_lib: sri, tokenizer: { 'tokenizer.json': sri }, onFailure: 'error' });
    const stock = buildCatalog(config(), prebuiltAppConfig);
    expect(stock.entries.every((e) => e.record.integrity === undefined)).toBe(true);
  });

  it('declares shader-f16 on every q4f16 record and on no q4f32 one; pairs each with its q4f32 variant', () => {
    const catalog = buildCatalog(config(), prebuiltAppConfig);
    for (const e of catalog.entries) {
      expect(e.record.required_features?.includes('shader-f16') ?? false).toBe(e.quantization === 'q4f16_1');
      if (e.quantization === 'q4f16_1') expect(variantOf(catalog, e, 'q4f32_1')?.record.model_id).toContain('q4f32_1');
    }
    // Small models for small GPUs are present.
    for (const id of ['Llama-3.2-1B-Instruct-q4f16_1-MLC', 'Llama-3.2-3B-Instruct-q4f16_1-MLC', 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC']) expect(catalogEntry(catalog, id)).toBeTruthy();
  });

  it('passes the cache backend choice into the AppConfig', () => {
    expect(buildCatalog(config(), prebuiltAppConfig).appConfig.cacheBackend).toBe('cache');
    expect(buildCatalog(config({ cacheBackend: 'indexeddb' }), prebuiltAppConfig).appConfig.cacheBackend).toBe('indexeddb');
  });

  it('says clearly when the installed WebLLM lacks a catalogued model', () => {
    expect(() => buildCatalog(config(), { model_list: [] })).toThrow(/prebuilt model list has no "Llama-3.1-8B-Instruct-q4f16_1-MLC"/);
    expect(() => catalogEntry(buildCatalog(config(), prebuiltAppConfig), 'nope')).toThrow(/No model "nope"/);
  });
});
