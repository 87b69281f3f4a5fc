/**
 * The two kinds of progress the app reports. Downloads and model loads know bytes and a fraction;
 * long work over items (a batch, an import, re-embedding) knows how many of how many are done.
 */
export interface LoadProgress {
  /** 0..1, or undefined when the total size is unknown. */
  progress?: number;
  text: string;
  /** The file being fetched, where there are several. */
  file?: string;
  loadedBytes?: number;
  totalBytes?: number;
  elapsedMs?: number;
  etaMs?: number;
}

export interface WorkProgress {
  done: number;
  total: number;
  /** What is being done, e.g. "Embedding memories". */
  phase?: string;
}
