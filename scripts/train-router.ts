/**
 * npm run train -- [--data-dir DIR] [--cv] [--cross-writer] [--out public/models/router.bin]
 *
 * Trains router-lite, the segment router, on the project's segment corpus (data/segments, train
 * split) and the 2,001 long training conversations (../shared/data), chooses its decoding policy
 * on the corpus's dev split, and writes the binary model plus a report of the figures. Never reads
 * the 50-scenario benchmark or the extraction set. --cv adds 5-fold CV on the long conversations,
 * --cross-writer trains on three writers' files and scores the fourth (each takes a few minutes).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { dataDir, loadTraining, parseFlags, TRAIN_FILES } from './lib/data-paths';
import { storableCategories } from '../src/core/taxonomy';
import { encodeRouterFile } from '../src/core/router/model-format';
import { loadCorpus, loadExtractionDev } from '../training/segment-router/corpus';
import { buildRouter } from '../training/segment-router/pipeline';
import { DEFAULT_CONFIG, LONG_F1_FLOOR, type TrainConfig } from '../training/segment-router/train';
import { crossWriter, devExtraction, longConversationCv, type GroupedLong } from '../training/segment-router/evaluate';

const flags = parseFlags(process.argv.slice(2));
const str = (v: string | true | undefined) => (typeof v === 'string' ? v : undefined);
const dir = dataDir(str(flags['data-dir']));
const out = resolve(str(flags.out) ?? 'public/models/router.bin');
const f3 = (x: number) => x.toFixed(3);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

const config: TrainConfig = DEFAULT_CONFIG;
const corpus = loadCorpus();
const train = corpus.filter((c) => c.split === 'train');
const dev = corpus.filter((c) => c.split === 'dev');
const extractionDev = loadExtractionDev();
const records = loadTraining(dir).records;
const long: GroupedLong[] = records.map((r) => ({
  turns: r.conversation, categories: storableCategories(r.categories), part: r.source.file.includes('part1') ? 1 : 2, group: r.scenarioId,
}));

const hash = createHash('sha256');
for (const f of TRAIN_FILES) hash.update(readFileSync(resolve(dir, f)));
for (const c of corpus) hash.update(JSON.stringify([c.id, c.turns, c.spans]));
const dataHash = hash.digest('hex').slice(0, 16);

console.log(`router-lite (segment router): ${train.length} corpus items (train) + ${long.length} long conversations; dev ${dev.length} items`);
let t = performance.now();
const built = buildRouter(train, dev, long, config, extractionDev);
const trainMs = performance.now() - t;
const model = built.model;
model.header.training = { ...model.header.training, dataHash, trainedOn: 'data/segments (train split) + routing_train_part1/2.jsonl' };
// Shipped gzip-compressed: hosts serve a .bin as it is (src/core/util/gzip.ts inflates it).
const bytes = gzipSync(encodeRouterFile(model), { level: 9 });
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, bytes);

const extraction = await devExtraction(built.router, dev);
const report: Record<string, unknown> = { config, dataHash, fileBytes: bytes.byteLength, features: model.vocabulary.length, dev: built.dev, devExtraction: extraction, decoding: model.header.decoding, head: model.header.head };
console.log(`trained in ${(trainMs / 1000).toFixed(1)} s; ${model.vocabulary.length} features; file ${(statSync(out).size / 1024).toFixed(0)} KB (gzip) -> ${out}`);
console.log(`decoding: threshold ${model.header.decoding.thresholds.join('/')}, at most ${model.header.decoding.maxCategories}, ratio to top ${model.header.decoding.minRatioToTop}, segment threshold ${model.header.decoding.segmentThreshold} (+${model.header.decoding.segmentThresholdGrowth} per doubling past 8 segments), memory ratio ${model.header.decoding.memoryRatio}`);
if (built.longOutOfFoldF1 !== undefined) console.log(`long conversations, out-of-fold scores under this policy: F1 ${f3(built.longOutOfFoldF1)} (floor ${LONG_F1_FLOOR})`);
console.log(`dev routing    F1 ${f3(built.dev.f1)}  exact ${pct(built.dev.exact)}  any ${pct(built.dev.any)}  categories ${built.dev.meanPredicted.toFixed(2)} (gold ${built.dev.meanGold.toFixed(2)})`);
console.log(`dev extraction P ${f3(extraction.precision)}  R ${f3(extraction.recall)}  F1 ${f3(extraction.f1)}  disagreements ${extraction.disagreements}  (corpus dev items)`);
if (extractionDev.length) {
  const xd = await devExtraction(built.router, extractionDev);
  report.extractionDev = xd;
  console.log(`extraction dev P ${f3(xd.precision)}  R ${f3(xd.recall)}  F1 ${f3(xd.f1)}  disagreements ${xd.disagreements}  (${extractionDev.length} conversations of data/extraction-dev)`);
}

if (flags['cross-writer']) {
  t = performance.now();
  const cw = crossWriter(corpus, long, config, extractionDev);
  report.crossWriter = cw;
  console.log(`cross-writer   F1 ${f3(cw.f1)}  exact ${pct(cw.exact)}  (${Object.entries(cw.byWriter).map(([w, r]) => `${w} ${f3(r.f1)}`).join(', ')}) in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
if (flags.cv) {
  t = performance.now();
  const cv = longConversationCv(corpus, long, config, extractionDev);
  report.longCv = cv;
  console.log(`long CV        F1 ${f3(cv.all.f1)}  exact ${pct(cv.all.exact)}  any ${pct(cv.all.any)}  part 1 ${f3(cv.part1.f1)}  part 2 ${f3(cv.part2.f1)}  in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
const reportPath = out.replace(/\.bin$/, '.report.json');
writeFileSync(reportPath, `${JSON.stringify(report, null, 1)}\n`);
console.log(`report -> ${reportPath}`);
