/**
 * npm run bench:retrieval -- [--split dev|test|both | --data FILE] [--embedder lite|MODEL_DIR|HUB_ID]
 *                            [--lite-model public/models/embed-lite.bin] [--prior-weight W] [--json OUT]
 *                            [--device cpu|wasm]
 *
 * precision@1, precision@5 (a relevant memory in the top 5) and MRR for keyword (BM25), vector and
 * hybrid search, and hybrid with the category prior (router-lite routes each query; the committed
 * public/models/router.bin). Without --data it scores the project's own sets side by side:
 * the dev split of data/retrieval-dev (4 companies, each its own store) and the test set
 * bench/retrieval-dataset.json. --data FILE scores any file of the same format instead.
 * --embedder lite uses embed-lite; a folder (e.g. e2e/fixtures/models/fixture-embed) is loaded
 * through transformers.js with remote models disabled; anything else is a model id on the hub.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseFlags, RETRIEVAL_TEST_FILE } from './lib/data-paths';
import { makeEmbedder, DEFAULT_LITE_MODEL } from './lib/embedders';
import { RouterError, toRouterError } from '../src/core/errors';
import type { Embedder } from '../src/core/contracts';
import type { EmbedDevice } from '../src/embed/transformers-embedder';
import { LiteEngine } from '../src/engines/lite-engine';
import { categoryPriorOf, DEFAULT_CATEGORY_PRIOR_WEIGHT, type CategoryPrior } from '../src/memory/search/category-prior';
import { SEARCH_MODES } from '../src/memory/search/hybrid';
import { evaluateRetrieval, parseRetrievalDataset, storesOf, type RetrievalDataset, type RetrievalScores } from '../src/memory/search/retrieval-eval';
import { devSplit, loadDevSet } from '../training/embed-lite/dev-set';

interface Column {
  name: string;
  dataset: RetrievalDataset;
  rows: Record<string, RetrievalScores>;
  about: string;
}

async function score(name: string, dataset: RetrievalDataset, embedder: Embedder, router: LiteEngine, priorWeight: number): Promise<Column> {
  const t0 = performance.now();
  const memories = await embedder.embed(dataset.memories.map((m) => m.text));
  const queries = await embedder.embed(dataset.queries.map((q) => q.query));
  const ms = (performance.now() - t0) / (memories.length + queries.length);
  const priors: Array<CategoryPrior | null> = [];
  for (const q of dataset.queries) priors.push(categoryPriorOf((await router.classify(q.query)).scores));
  const plain = evaluateRetrieval(dataset, { memories, queries });
  const withPrior = evaluateRetrieval(dataset, { memories, queries }, { prior: { weight: priorWeight, probabilities: (i) => priors[i] } });
  const stores = storesOf(dataset).length;
  return {
    name,
    dataset,
    rows: { ...plain, [`hybrid + prior ${priorWeight}`]: withPrior.hybrid },
    about: `${name}: ${stores} store${stores > 1 ? 's' : ''}, ${dataset.memories.length} memories, ${dataset.queries.length} queries (${ms.toFixed(2)} ms/text)`,
  };
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const str = (v: string | true | undefined) => (typeof v === 'string' ? v : undefined);
  const split = str(flags.split) ?? 'both';
  if (!['dev', 'test', 'both'].includes(split)) throw new RouterError('WRONG_SCHEMA', `--split ${split}: use dev, test or both.`);
  const priorWeight = Number(str(flags['prior-weight']) ?? DEFAULT_CATEGORY_PRIOR_WEIGHT);
  if (!(priorWeight >= 0)) throw new RouterError('WRONG_SCHEMA', '--prior-weight must be a number >= 0.');

  const sets: Array<{ name: string; dataset: RetrievalDataset }> = [];
  const dataFlag = str(flags.data);
  if (dataFlag) {
    const path = resolve(dataFlag);
    if (!existsSync(path)) throw new RouterError('NOT_FOUND', `Dataset ${path} does not exist: pass --data FILE.`);
    const dataset = parseRetrievalDataset(readFileSync(path, 'utf8'), basename(path));
    for (const w of dataset.warnings) console.warn(`note: ${w}`);
    sets.push({ name: basename(path), dataset });
  } else {
    if (split !== 'test') sets.push({ name: 'dev', dataset: devSplit(loadDevSet(), 'dev') });
    if (split !== 'dev') sets.push({ name: 'test', dataset: parseRetrievalDataset(readFileSync(RETRIEVAL_TEST_FILE, 'utf8'), basename(RETRIEVAL_TEST_FILE)) });
  }

  const embedder = makeEmbedder(str(flags.embedder) ?? 'lite', str(flags['lite-model']) ?? DEFAULT_LITE_MODEL, (str(flags.device) ?? 'auto') as EmbedDevice);
  const t0 = performance.now();
  await embedder.load();
  const loadMs = performance.now() - t0;
  const router = new LiteEngine({ model: readFileSync('public/models/router.bin') });
  await router.load();
  const columns: Column[] = [];
  for (const s of sets) columns.push(await score(s.name, s.dataset, embedder, router, priorWeight));
  const { id, dimension } = embedder;
  await embedder.dispose?.();

  console.log(`embedder ${id} (dimension ${dimension}), loaded in ${loadMs.toFixed(0)} ms`);
  for (const c of columns) console.log(c.about);
  console.log('');
  const names = Object.keys(columns[0].rows);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  console.log(' '.repeat(width) + columns.map((c) => c.name.padEnd(24)).join(''));
  console.log('mode'.padEnd(width) + columns.map(() => 'p@1    p@5    MRR     ').join(''));
  for (const n of names) {
    console.log(n.padEnd(width) + columns.map((c) => `${c.rows[n].p_at_1.toFixed(3)}  ${c.rows[n].p_at_5.toFixed(3)}  ${c.rows[n].mrr.toFixed(3)}   `).join(''));
  }
  const jsonOut = str(flags.json);
  if (jsonOut) {
    const out = Object.fromEntries(columns.map((c) => [c.name, { ...c.rows, meta: { memories: c.dataset.memories.length, queries: c.dataset.queries.length, stores: storesOf(c.dataset).length } }]));
    // A single --data file keeps the old shape: {"keyword","vector","hybrid",...,"meta"} at the top.
    const body = dataFlag ? { ...columns[0].rows, meta: { dataset: columns[0].name, memories: columns[0].dataset.memories.length, queries: columns[0].dataset.queries.length, embedder: id, dimension } } : { ...out, meta: { embedder: id, dimension, priorWeight, modes: SEARCH_MODES } };
    writeFileSync(resolve(jsonOut), JSON.stringify(body, null, 2) + '\n');
    console.log(`\nwrote ${resolve(jsonOut)}`);
  }
}

main().catch((err: unknown) => {
  const e = toRouterError(err);
  console.error(`bench:retrieval failed (${e.code}): ${e.message}`);
  process.exit(e.code === 'WRONG_SCHEMA' || e.code === 'MALFORMED_JSON' || e.code === 'EMPTY_INPUT' || e.code === 'BINARY_INPUT' ? 2 : 1);
});
