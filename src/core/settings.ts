/**
 * The one settings module: every key the app keeps in localStorage, read and written through one
 * guarded storage (private windows and blocked storage throw on access), and the URLs of the
 * app's own model files. Plain TS: the browser's localStorage is reached through globalThis, and
 * tests pass a Map-backed storage.
 */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem?(key: string): void;
}

/** Every key the app writes; nothing else in the code names a localStorage key. */
export const SETTINGS_KEYS = {
  /** Id of the classifier engine the Classify page uses. */
  engine: 'memory-router.engine',
  /** 'lite' or 'neural': the embedder search uses. */
  embedder: 'memory-router.embedder',
  /** JSON of the WebLLM settings (fine-tune URL, quantization, integrity, cache backend). */
  webllm: 'memory-router.webllm-settings',
  /** 'granted' | 'denied' | 'asked': the answer to the persistent-storage request. */
  persistence: 'memory-router.persistence',
} as const;

export type SettingKey = keyof typeof SETTINGS_KEYS;

/** The page's localStorage, or null where the browser blocks it (then settings last one visit). */
export function browserStorage(): KeyValueStorage | null {
  try {
    const s = (globalThis as { localStorage?: KeyValueStorage }).localStorage;
    if (!s) return null;
    s.getItem(SETTINGS_KEYS.engine);
    return s;
  } catch {
    return null;
  }
}

export function readSetting(key: SettingKey, storage: KeyValueStorage | null = browserStorage()): string | null {
  try {
    return storage?.getItem(SETTINGS_KEYS[key]) ?? null;
  } catch {
    return null;
  }
}

/** Returns false when the value could not be kept (storage blocked or full). */
export function writeSetting(key: SettingKey, value: string | null, storage: KeyValueStorage | null = browserStorage()): boolean {
  if (!storage) return false;
  try {
    if (value === null) storage.removeItem?.(SETTINGS_KEYS[key]);
    else storage.setItem(SETTINGS_KEYS[key], value);
    return true;
  } catch {
    return false;
  }
}

/** The app's base path as Vite sets it ("/" by default), always with a trailing slash. */
export function appBase(): string {
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  return base.endsWith('/') ? base : `${base}/`;
}

/** Root-relative URL of a file the app serves under public/models/, e.g. modelUrl('router-lite.bin'). */
export function modelUrl(file: string, base = appBase()): string {
  return `${base.endsWith('/') ? base : `${base}/`}models/${file}`;
}
