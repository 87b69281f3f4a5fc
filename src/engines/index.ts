/** The engines' public surface, for the UI and for other apps: every classifier behind one interface. */
export {
  canChat,
  type ClassifierEngine, type ChatEngine, type ChatTurn, type ChatOptions, type ChatReply, type ClassifyOptions,
  type EngineStatus, type EngineEvents,
} from './types';
export { LiteEngine, ROUTER_FILE, type LiteEngineOptions } from './lite-engine';
export { proposeMemories, proposerId, type MemorySources } from './propose-memories';
export { EnsembleEngine } from './ensemble';
export { WebLLMEngine } from './webllm/webllm-engine';
export { LlmFactExtractor, type JsonCompleter } from './webllm/llm-fact-extractor';
export {
  createBrowserWebLLMEngine, createBrowserModelManager, loadBrowserCatalog, validateSettings, buildTimeSettings, settingsStorage,
  previewFineTuneUrl, checkBrowserModelFiles,
} from './webllm/browser';
export { plannedModelFiles, type FolderCheck, type FileCheck } from './webllm/model-files';
export { buildModelOrigins, loadSettings, saveSettings, CACHE_BACKENDS, FINE_TUNE_QUANTIZATIONS, type WebLLMSettings } from './webllm/config';
export { type Catalog, type CatalogEntry } from './webllm/registry';
export { assessCatalog, probeAdapter, type AdapterSnapshot, type CapabilityReport, type ModelVerdict } from './webllm/capability';
export { ModelManager, fmtDuration, fmtMB, type ModelCacheStatus, type StorageStatus } from './webllm/model-manager';
