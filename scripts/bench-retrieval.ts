/**
 * npm run bench:retrieval -- [--data FILE] [--embedder lite|MODEL_DIR|HUB_ID] [--json OUT]
 *                            [--lite-model public/models/embed-lite.json] [--device cpu|wasm]
 *
 * precision@1, precision@5 (a relevant memory in the top 5) and MRR for keyword (BM25), vector
 * and hybrid (reciprocal rank fusion) search over a dataset of memories and queries
 * (default bench/retrieval-dataset.json). --embedder lite uses embed-lite; a folder (e.g.
 * e2e/fixtures/models/fixture-embed) is loaded through transformers.js with remote models disabled;
 * anything else is treated as a model id on the configured hub (needs network).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parseFlags } from './lib/data-paths';
import { RouterError, toRouterError } from '../src/core/errors';
import { EmbedLiteEmbedder } from '../src/embed/embed-lite';
import { TransformersEmbedder, type EmbedDevice } from '../src/embed/transformers-embedder';
import type { Embedder } from '../src/core/contracts';
import { evaluateRetrieval, parseRetrievalDataset } from '../src/memory/search/retrieval-eval';
import { SEARCH_MODES } from '../src/memory/search/hybrid';

function makeEmbedder(spec: string, liteModel: string, device: EmbedDevice): Embedder {
  if (spec === 'lite') return new EmbedLiteEmbedder(async () => readFileSync(liteModel, 'utf8'));
  const path = resolve(spec);
  if (existsSync(path) && statSync(path).isDirectory()) {
    return new TransformersEmbedder({ model: basename(path), localModelPath: dirname(path), allowRemoteModels: false, device });
  }
  if (existsSync(path)) throw new RouterError('MODEL_NOT_FOUND', `--embedder ${spec} is a file; pass "lite", a model folder (with config.json, tokenizer.json, onnx/) or a model id.`);
  return new TransformersEmbedder({ model: spec, allowRemoteModels: true, device });
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const dataPath = resolve(typeof flags.data === 'string' ? flags.data : 'bench/retrieval-dataset.json');
  const spec = typeof flags.embedder === 'string' ? flags.embedder : 'lite';
  const liteModel = resolve(typeof flags['lite-model'] === 'string' ? flags['lite-model'] : 'public/models/embed-lite.json');
  const device = (typeof flags.device === 'string' ? flags.device : 'auto') as EmbedDevice;
  if (!existsSync(dataPath)) throw new RouterError('NOT_FOUND', `Dataset ${dataPath} does not exist: pass --data FILE.`);
  const dataset = parseRetrievalDataset(readFileSync(dataPath, 'utf8'), basename(dataPath));
  for (const w of dataset.warnings) console.warn(`note: ${w}`);

  const embedder = makeEmbedder(spec, liteModel, device);
  const t0 = performance.now();
  await embedder.load();
  const t1 = performance.now();
  const memories = await embedder.embed(dataset.memories.map((m) => m.text));
  const queries = await embedder.embed(dataset.queries.map((q) => q.query));
  const t2 = performance.now();
  const report = evaluateRetrieval(dataset, { memories, queries });
  const { id, dimension } = embedder;
  await embedder.dispose?.();

  const texts = memories.length + queries.length;
  console.log(`dataset ${basename(dataPath)}: ${dataset.memories.length} memories, ${dataset.queries.length} queries`);
  console.log(`embedder ${id} (dimension ${dimension}): load ${(t1 - t0).toFixed(0)} ms, ${texts} texts in ${(t2 - t1).toFixed(0)} ms (${((t2 - t1) / texts).toFixed(2)} ms/text)`);
  console.log('');
  console.log('mode      p@1     p@5     MRR');
  for (const mode of SEARCH_MODES) {
    const r = report[mode];
    console.log(`${mode.padEnd(8)}  ${r.p_at_1.toFixed(3)}   ${r.p_at_5.toFixed(3)}   ${r.mrr.toFixed(3)}`);
  }
  if (typeof flags.json === 'string') {
    const out = resolve(flags.json);
    const meta = { dataset: basename(dataPath), memories: dataset.memories.length, queries: dataset.queries.length, embedder: id, dimension };
    writeFileSync(out, JSON.stringify({ ...report, meta }, null, 2) + '\n');
    console.log(`\nwrote ${out}`);
  }
}

main().catch((err: unknown) => {
  const e = toRouterError(err);
  console.error(`bench:retrieval failed (${e.code}): ${e.message}`);
  process.exit(e.code === 'WRONG_SCHEMA' || e.code === 'MALFORMED_JSON' || e.code === 'EMPTY_INPUT' || e.code === 'BINARY_INPUT' ? 2 : 1);
});
