import { describe, expect, it } from 'vitest';
import { isValidSRI, prebuiltAppConfig } from '@mlc-ai/web-llm';
import { assessCatalog, assessModel, probeAdapter, type AdapterSnapshot } from '../../src/engines/webllm/capability';
import { buildCatalog, catalogEntry } from '../../src/engines/webllm/registry';
import { resolveConfig } from '../../src/engines/webllm/config';

const GB = 1 << 30;
const stockCatalog = buildCatalog(resolveConfig({}, {}, { origin: 'https://a.test', isValidSri: isValidSRI }), prebuiltAppConfig);
const ftCatalog = buildCatalog(resolveConfig({}, { fineTuneUrl: '/m/' }, { origin: 'https://a.test', isValidSri: isValidSRI }), prebuiltAppConfig);

/** What headless Chromium's SwiftShader adapter reports (probed in this environment). */
const SWIFTSHADER: AdapterSnapshot = {
  state: 'available', vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true,
  features: ['float32-filterable', 'subgroups', 'timestamp-query'],
  limits: { maxStorageBufferBindingSize: GB, maxBufferSize: GB, maxComputeWorkgroupStorageSize: 32768, maxStorageBuffersPerShaderStage: 10, maxComputeInvocationsPerWorkgroup: 256 },
  deviceMemoryGB: 16,
};

const DISCRETE: AdapterSnapshot = {
  ...SWIFTSHADER, vendor: 'nvidia', architecture: 'ada', isFallbackAdapter: false,
  features: ['shader-f16', 'subgroups'], limits: { ...SWIFTSHADER.limits, maxStorageBufferBindingSize: 2 * GB, maxComputeInvocationsPerWorkgroup: 1024 },
};

const verdict = (r: ReturnType<typeof assessCatalog>, id: string) => r.verdicts.find((v) => v.id === id)!;

describe('capability check', () => {
  it('on SwiftShader: every q4f16 model is unavailable because of shader-f16, q4f32 ones run (slowly), and router-lite is recommended', () => {
    const r = assessCatalog(stockCatalog, SWIFTSHADER);
    for (const e of stockCatalog.entries) {
      const v = verdict(r, e.id);
      if (e.quantization === 'q4f16_1') {
        expect(v.runnable).toBe(false);
        expect(v.blockers.join(' ')).toMatch(/shader-f16.*q4f32_1 variant/);
      } else {
        expect(v.runnable).toBe(true);
        expect(v.cautions[0]).toMatch(/software renderer/);
      }
    }
    expect(r.recommendedId).toBeNull();
    expect(r.recommendation).toMatch(/router-lite/);
    expect(r.summary).toMatch(/google swiftshader \(software fallback\); shader-f16 no/);
  });

  it('on a discrete GPU with shader-f16: recommends the fine-tune when configured, else stock 8B q4f16', () => {
    expect(assessCatalog(ftCatalog, DISCRETE).recommendedId).toBe('memory-router-llama-3.1-8b-q4f16_1');
    const r = assessCatalog(stockCatalog, DISCRETE);
    expect(r.recommendedId).toBe('Llama-3.1-8B-Instruct-q4f16_1-MLC');
    expect(r.verdicts.every((v) => v.runnable)).toBe(true);
    expect(verdict(r, 'Llama-3.1-8B-Instruct-q4f16_1-MLC').cautions[0]).toMatch(/about 4\.9 GB of free GPU memory/);
  });

  it('without shader-f16 on real hardware: recommends the q4f32 8B', () => {
    const r = assessCatalog(stockCatalog, { ...DISCRETE, features: ['subgroups'] });
    expect(r.recommendedId).toBe('Llama-3.1-8B-Instruct-q4f32_1-MLC');
  });

  it('with little device memory: prefers a model that fits, and says why for the rest', () => {
    const r = assessCatalog(stockCatalog, { ...DISCRETE, deviceMemoryGB: 2 });
    expect(r.recommendedId).toBe('Qwen2.5-1.5B-Instruct-q4f16_1-MLC');
    const big = verdict(r, 'Llama-3.1-8B-Instruct-q4f16_1-MLC');
    expect(big.runnable).toBe(true);
    expect(big.fitsMemory).toBe(false);
    expect(big.cautions.join(' ')).toMatch(/reports only 2 GB/);
  });

  it('blocks everything when a WebLLM device limit is too low, naming the limit', () => {
    const r = assessCatalog(stockCatalog, { ...DISCRETE, limits: { ...DISCRETE.limits, maxStorageBufferBindingSize: 64 << 20, maxStorageBuffersPerShaderStage: 8 } });
    expect(r.recommendedId).toBeNull();
    expect(r.verdicts[0].blockers).toEqual([
      expect.stringMatching(/maxStorageBufferBindingSize is 67108864, below the 134217728/),
      expect.stringMatching(/maxStorageBuffersPerShaderStage is 8, below the 10/),
    ]);
  });

  it('honours a record\'s buffer_size_required_bytes', () => {
    const entry = { ...catalogEntry(stockCatalog, 'Llama-3.2-1B-Instruct-q4f32_1-MLC') };
    entry.record = { ...entry.record, buffer_size_required_bytes: 2 * GB };
    expect(assessModel(entry, SWIFTSHADER).blockers[0]).toMatch(/Needs maxStorageBufferBindingSize 2048 MB; this adapter allows 1024 MB/);
  });

  it.each([
    ['no-api', /no WebGPU/],
    ['no-adapter', /no usable GPU adapter/],
    ['insecure-context', /secure page/],
  ] as const)('without WebGPU (%s) says so plainly and keeps router-lite', (state, message) => {
    const r = assessCatalog(stockCatalog, { ...SWIFTSHADER, state, features: [] });
    expect(r.verdicts.every((v) => !v.runnable && message.test(v.blockers[0]))).toBe(true);
    expect(r.summary).toMatch(message);
    expect(r.summary).toMatch(/router-lite keeps working/);
    expect(r.recommendedId).toBeNull();
  });
});

describe('probeAdapter', () => {
  const adapter = {
    features: new Set(['subgroups', 'shader-f16']),
    limits: { maxStorageBufferBindingSize: GB, maxBufferSize: GB, maxComputeWorkgroupStorageSize: 32768, maxStorageBuffersPerShaderStage: 10, maxComputeInvocationsPerWorkgroup: 256, maxBindGroups: 4 },
    info: { vendor: 'apple', architecture: 'metal-3', device: '', description: 'M2', isFallbackAdapter: false },
  };

  it('reads features, limits and info, asking for the high-performance adapter as WebLLM does', async () => {
    let asked: unknown;
    const snap = await probeAdapter({ isSecureContext: true, navigator: { deviceMemory: 8, gpu: { requestAdapter: async (o) => { asked = o; return adapter; } } } });
    expect(asked).toEqual({ powerPreference: 'high-performance' });
    expect(snap).toMatchObject({ state: 'available', vendor: 'apple', description: 'M2', features: ['shader-f16', 'subgroups'], deviceMemoryGB: 8, isFallbackAdapter: false });
    expect(snap.limits).toEqual({ maxStorageBufferBindingSize: GB, maxBufferSize: GB, maxComputeWorkgroupStorageSize: 32768, maxStorageBuffersPerShaderStage: 10, maxComputeInvocationsPerWorkgroup: 256 });
  });

  it('reports each way WebGPU can be missing', async () => {
    expect((await probeAdapter({ isSecureContext: true, navigator: {} })).state).toBe('no-api');
    expect((await probeAdapter({ isSecureContext: false, navigator: {} })).state).toBe('insecure-context');
    expect((await probeAdapter({ navigator: { gpu: { requestAdapter: async () => null } } })).state).toBe('no-adapter');
    const failed = await probeAdapter({ navigator: { gpu: { requestAdapter: async () => { throw new Error('blocked by policy'); } } } });
    expect(failed).toMatchObject({ state: 'error', error: 'blocked by policy' });
  });
});
