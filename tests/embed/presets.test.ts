import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureEmbedderOptions, localModelsPath, neuralEmbedderOptions } from '../../src/embed/presets';
import { ORT_WASM_FILES, ortWasmPaths } from '../../src/embed/wasm-paths';
import { ortDistDir } from '../../scripts/vite-plugin-ort-wasm';

describe('browser presets', () => {
  it.each([
    ['/', '/models/'],
    ['/app/', '/app/models/'],
    ['/app', '/app/models/'],
  ])('models live at a root-relative path (base %s -> %s), never an absolute URL', (base, expected) => {
    // transformers.js skips its local-file probe for http(s) URLs and would load no tokenizer
    expect(localModelsPath(base)).toBe(expected);
  });

  it('points the fixture at local files only, WASM, with app-served ORT files', () => {
    const o = fixtureEmbedderOptions('http://localhost:4173', '/');
    expect(o).toMatchObject({ model: 'fixture-embed', localModelPath: '/models/', allowRemoteModels: false, device: 'wasm' });
    expect(o.wasmPaths).toEqual({
      mjs: 'http://localhost:4173/ort/ort-wasm-simd-threaded.asyncify.mjs',
      wasm: 'http://localhost:4173/ort/ort-wasm-simd-threaded.asyncify.wasm',
    });
  });

  it('lets the neural preset be pointed at another host', () => {
    const o = neuralEmbedderOptions('https://app.example', '/', { remoteHost: 'https://mirror.example/', allowRemoteModels: true });
    expect(o).toMatchObject({ model: 'Xenova/all-MiniLM-L6-v2', dimension: 384, remoteHost: 'https://mirror.example/', device: 'auto' });
  });

  it('serves ORT files that exist in the installed onnxruntime-web', () => {
    const dist = ortDistDir(process.cwd());
    for (const f of ORT_WASM_FILES) expect(existsSync(join(dist, f)), f).toBe(true);
    expect(ortWasmPaths('http://x', '/b/', 'plain').wasm).toBe('http://x/b/ort/ort-wasm-simd-threaded.wasm');
  });
});
