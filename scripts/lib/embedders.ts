/** The --embedder flag of the Node CLIs: "lite" (embed-lite file), a local model folder, or a hub id. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { RouterError } from '../../src/core/errors';
import { EmbedLiteEmbedder } from '../../src/embed/embed-lite';
import { TransformersEmbedder, type EmbedDevice } from '../../src/embed/transformers-embedder';
import type { Embedder } from '../../src/core/contracts';

export const DEFAULT_LITE_MODEL = 'public/models/embed-lite.bin';

export function makeEmbedder(spec: string, liteModel = DEFAULT_LITE_MODEL, device: EmbedDevice = 'cpu'): Embedder {
  if (spec === 'lite') {
    const path = resolve(liteModel);
    if (!existsSync(path)) throw new RouterError('MODEL_NOT_FOUND', `No embed-lite model at ${path}: run \`npm run train:embed\` or pass its path.`);
    return new EmbedLiteEmbedder(async () => new Uint8Array(readFileSync(path)));
  }
  const path = resolve(spec);
  if (existsSync(path) && statSync(path).isDirectory()) {
    return new TransformersEmbedder({ model: basename(path), localModelPath: dirname(path), allowRemoteModels: false, device });
  }
  if (existsSync(path)) throw new RouterError('MODEL_NOT_FOUND', `--embedder ${spec} is a file; pass "lite", a model folder (with config.json, tokenizer.json, onnx/) or a model id.`);
  return new TransformersEmbedder({ model: spec, allowRemoteModels: true, device });
}
