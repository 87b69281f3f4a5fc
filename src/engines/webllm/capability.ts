/**
 * Can this browser's GPU run a model, and which one should it use? Decided before any download,
 * from a plain snapshot of the WebGPU adapter (so the logic is a pure, unit-tested function), with
 * the same limits WebLLM itself requests when it creates its device (detectGPUDevice in
 * @mlc-ai/web-llm): a model that passes here is not refused by WebLLM for features or limits.
 * WebGPU does not report GPU memory, so VRAM is advice, not a verdict.
 */
import type { Catalog, CatalogEntry } from './registry';
import { variantOf } from './registry';

export type WebGPUState = 'available' | 'no-api' | 'no-adapter' | 'insecure-context' | 'error';

export interface AdapterSnapshot {
  state: WebGPUState;
  /** Why the probe failed, when it did. */
  error?: string;
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** Software or otherwise degraded adapter (e.g. SwiftShader). */
  isFallbackAdapter: boolean;
  features: string[];
  limits: {
    maxStorageBufferBindingSize: number;
    maxBufferSize: number;
    maxComputeWorkgroupStorageSize: number;
    maxStorageBuffersPerShaderStage: number;
    maxComputeInvocationsPerWorkgroup: number;
  };
  /** navigator.deviceMemory (GB of RAM, rounded and capped by the browser), where exposed. */
  deviceMemoryGB?: number;
}

const MB = 1 << 20;

/** The floors below which WebLLM's detectGPUDevice refuses to create its device at all. */
export const WEBLLM_MIN_LIMITS = {
  maxStorageBufferBindingSize: 128 * MB,
  maxBufferSize: 256 * MB,
  maxComputeWorkgroupStorageSize: 32 << 10,
  maxStorageBuffersPerShaderStage: 10,
  maxComputeInvocationsPerWorkgroup: 256,
} as const;

export interface ModelVerdict {
  id: string;
  runnable: boolean;
  /** Why it cannot run (empty when runnable). */
  blockers: string[];
  /** Caveats for a runnable model (speed, memory). */
  cautions: string[];
  /** False when the device reports less memory than the model needs (advice: WebGPU hides VRAM). */
  fitsMemory?: boolean;
}

export interface CapabilityReport {
  snapshot: AdapterSnapshot;
  /** One line a person can read: what this GPU is and what it can do. */
  summary: string;
  verdicts: ModelVerdict[];
  /** The model to use, or null: keep router-lite (CPU). */
  recommendedId: string | null;
  recommendation: string;
}

function fmtMB(bytes: number): string {
  return `${Math.round(bytes / MB)} MB`;
}

function adapterName(s: AdapterSnapshot): string {
  const parts = [s.vendor, s.architecture, s.device, s.description].filter((x) => x && x.trim());
  return parts.length ? [...new Set(parts)].join(' ') : 'unknown adapter';
}

const NO_WEBGPU_REASON: Record<Exclude<WebGPUState, 'available'>, string> = {
  'no-api': 'This browser has no WebGPU (navigator.gpu is missing). Use a recent Chrome or Edge, or Safari 26+, to run an LLM here.',
  'no-adapter': 'WebGPU is present but found no usable GPU adapter (no GPU, a blocklisted driver, or WebGPU disabled in the browser settings).',
  'insecure-context': 'WebGPU needs a secure page (https:// or localhost); open the app over https.',
  error: 'Asking the browser for a GPU adapter failed.',
};

/** Limits WebLLM needs for any model: a shortfall blocks every model. */
function limitBlockers(s: AdapterSnapshot): string[] {
  const out: string[] = [];
  for (const [name, min] of Object.entries(WEBLLM_MIN_LIMITS) as [keyof AdapterSnapshot['limits'], number][]) {
    const have = s.limits[name];
    if (have < min) out.push(`GPU limit ${name} is ${have}, below the ${min} WebLLM needs.`);
  }
  return out;
}

export function assessModel(entry: CatalogEntry, s: AdapterSnapshot, catalog?: Catalog): ModelVerdict {
  const blockers: string[] = [];
  const cautions: string[] = [];
  let fitsMemory: boolean | undefined;
  if (s.state !== 'available') {
    blockers.push(NO_WEBGPU_REASON[s.state]);
    return { id: entry.id, runnable: false, blockers, cautions };
  }
  blockers.push(...limitBlockers(s));
  for (const feature of entry.record.required_features ?? []) {
    if (!s.features.includes(feature)) {
      const alt = catalog && entry.quantization !== 'q4f32_1' ? variantOf(catalog, entry, 'q4f32_1') : undefined;
      blockers.push(
        feature === 'shader-f16'
          ? `Needs the WebGPU feature shader-f16 (16-bit float shaders), which this adapter does not offer${alt ? `; use the q4f32_1 variant instead` : ''}.`
          : `Needs the WebGPU feature ${feature}, which this adapter does not offer.`,
      );
    }
  }
  const needBuffer = entry.record.buffer_size_required_bytes;
  if (needBuffer && needBuffer > s.limits.maxStorageBufferBindingSize) {
    blockers.push(`Needs maxStorageBufferBindingSize ${fmtMB(needBuffer)}; this adapter allows ${fmtMB(s.limits.maxStorageBufferBindingSize)}.`);
  }
  const vram = entry.record.vram_required_MB;
  if (vram) {
    const gb = (vram / 1024).toFixed(1);
    if (s.deviceMemoryGB !== undefined && s.deviceMemoryGB * 1024 < vram) {
      // Not a blocker: a discrete GPU has its own memory, which the browser does not report.
      fitsMemory = false;
      cautions.push(`Needs about ${gb} GB of GPU memory, but this device reports only ${s.deviceMemoryGB} GB of memory in total: loading will likely fail unless the GPU has its own memory.`);
    } else {
      cautions.push(`Needs about ${gb} GB of free GPU memory (browsers do not report it; if loading stops with "device lost", pick a smaller model).`);
    }
  }
  if (s.isFallbackAdapter) {
    cautions.unshift('This adapter is a software renderer (no GPU acceleration): a model would run, but extremely slowly.');
  }
  return { id: entry.id, runnable: blockers.length === 0, blockers, cautions, fitsMemory };
}

export function assessCatalog(catalog: Catalog, s: AdapterSnapshot): CapabilityReport {
  const verdicts = catalog.entries.map((e) => assessModel(e, s, catalog));
  let summary: string;
  if (s.state !== 'available') {
    summary = `${NO_WEBGPU_REASON[s.state]}${s.error ? ` (${s.error})` : ''} router-lite keeps working on the CPU.`;
  } else {
    const f16 = s.features.includes('shader-f16') ? 'shader-f16 yes' : 'shader-f16 no';
    summary = `WebGPU adapter: ${adapterName(s)}${s.isFallbackAdapter ? ' (software fallback)' : ''}; ${f16}; max storage buffer ${fmtMB(s.limits.maxStorageBufferBindingSize)}.`;
  }
  const runnable = catalog.entries
    .filter((_, i) => verdicts[i].runnable && verdicts[i].fitsMemory !== false)
    .sort((a, b) => a.preference - b.preference);
  let recommendedId: string | null = null;
  let recommendation: string;
  if (s.state !== 'available') {
    recommendation = 'No model can run in this browser: use router-lite (CPU).';
  } else if (s.isFallbackAdapter) {
    recommendation = 'This adapter is a software renderer: even the smallest model would take minutes per answer. Use router-lite (CPU).';
  } else if (runnable.length === 0) {
    recommendation = 'No model in the catalog fits this GPU: use router-lite (CPU).';
  } else {
    const pick = runnable[0];
    recommendedId = pick.id;
    recommendation = `Recommended: ${pick.label} ${pick.quantization}${pick.kind === 'fine-tune' ? ' (the memory-routing fine-tune)' : ''}.`;
  }
  return { snapshot: s, summary, verdicts, recommendedId, recommendation };
}

const EMPTY_LIMITS: AdapterSnapshot['limits'] = {
  maxStorageBufferBindingSize: 0,
  maxBufferSize: 0,
  maxComputeWorkgroupStorageSize: 0,
  maxStorageBuffersPerShaderStage: 0,
  maxComputeInvocationsPerWorkgroup: 0,
};

function emptySnapshot(state: WebGPUState, error?: string): AdapterSnapshot {
  return { state, error, vendor: '', architecture: '', device: '', description: '', isFallbackAdapter: false, features: [], limits: { ...EMPTY_LIMITS } };
}

/** Minimal shape of the browser objects the probe reads (lets tests pass fakes). */
interface ProbeEnv {
  isSecureContext?: boolean;
  navigator: { gpu?: { requestAdapter(opts?: { powerPreference?: string }): Promise<unknown> }; deviceMemory?: number };
}

interface AdapterLike {
  features: Iterable<string>;
  limits: Record<string, number>;
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

/** The thin browser probe: reads the same adapter WebLLM will ask for (high-performance). */
export async function probeAdapter(env: ProbeEnv = globalThis as unknown as ProbeEnv): Promise<AdapterSnapshot> {
  const deviceMemoryGB = typeof env.navigator?.deviceMemory === 'number' ? env.navigator.deviceMemory : undefined;
  if (env.isSecureContext === false) return { ...emptySnapshot('insecure-context'), deviceMemoryGB };
  const gpu = env.navigator?.gpu;
  if (!gpu) return { ...emptySnapshot('no-api'), deviceMemoryGB };
  let adapter: AdapterLike | null;
  try {
    adapter = (await gpu.requestAdapter({ powerPreference: 'high-performance' })) as AdapterLike | null;
  } catch (e) {
    return { ...emptySnapshot('error', (e as Error)?.message ?? String(e)), deviceMemoryGB };
  }
  if (!adapter) return { ...emptySnapshot('no-adapter'), deviceMemoryGB };
  const info = adapter.info ?? {};
  const limits = { ...EMPTY_LIMITS };
  for (const k of Object.keys(limits) as (keyof typeof limits)[]) limits[k] = Number(adapter.limits[k] ?? 0);
  return {
    state: 'available',
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
    features: [...adapter.features].sort(),
    limits,
    deviceMemoryGB,
  };
}
