/**
 * What the two scan kernels (wasm-dot.ts, wasm-dot-i8.ts) share around their modules: compiling
 * once, and one memory layout, [query | rows (capacity) | scores (capacity, 4 bytes each)]. The
 * query is padded to 64 bytes so every row starts aligned; growing moves only the scores, so rows
 * already written stay where they are.
 */

export const PAGE = 65_536;
/** wasm32 memories stop at 4 GiB; leave room for the query and the scores. */
export const MAX_PAGES = 65_536;

/** The module from `bytes`, compiled on first call; null where WebAssembly SIMD is unavailable. */
export function compiledOnce(bytes: () => Uint8Array<ArrayBuffer>): () => WebAssembly.Module | null {
  let compiled: WebAssembly.Module | null | undefined;
  return () => {
    if (compiled !== undefined) return compiled;
    try {
      const b = bytes();
      compiled = typeof WebAssembly === 'object' && WebAssembly.validate(b) ? new WebAssembly.Module(b) : null;
    } catch {
      compiled = null; // CSP without 'wasm-unsafe-eval', or an engine without SIMD
    }
    return compiled;
  };
}

/** The capacity after doubling `capacity` until it holds `rows`. */
export function doubledFor(capacity: number, rows: number): number {
  let cap = capacity;
  while (cap < rows) cap *= 2;
  return cap;
}

export class KernelLayout {
  /** Byte offset of row 0. */
  readonly rowsAt: number;

  constructor(queryBytes: number, readonly rowBytes: number) {
    this.rowsAt = Math.ceil(queryBytes / 64) * 64;
  }

  /** Byte offset of the scores when `capacity` rows fit. */
  scoresAt(capacity: number): number {
    return this.rowsAt + capacity * this.rowBytes;
  }

  pages(capacity: number): number {
    return Math.ceil((this.scoresAt(capacity) + capacity * 4) / PAGE);
  }

  /** A memory for `capacity` rows and `module` instantiated over it (imported as env.mem). */
  instantiate<E>(module: WebAssembly.Module, capacity: number): { memory: WebAssembly.Memory; exports: E } {
    const memory = new WebAssembly.Memory({ initial: this.pages(capacity) });
    const exports = new WebAssembly.Instance(module, { env: { mem: memory } }).exports as unknown as E;
    return { memory, exports };
  }

  /** Grows `memory` to hold `capacity` rows; false, and nothing changed, past what a wasm32 memory holds. */
  grow(memory: WebAssembly.Memory, capacity: number): boolean {
    const need = this.pages(capacity);
    if (need > MAX_PAGES) return false;
    const have = memory.buffer.byteLength / PAGE;
    if (need > have) memory.grow(need - have);
    return true;
  }
}
