/**
 * npm run train:embed -- [--data-dir DIR] [--out public/models/embed-lite.json] [--search]
 *
 * Trains embed-lite (PPMI + randomized SVD word vectors, SIF sentence vectors) on the training
 * conversations in ../shared/data only; the retrieval dataset (bench/) is never read here.
 * Hyper-parameters are chosen on a grouped held-out split of the training conversations (see
 * src/embed/lite/proxy.ts); --search prints that comparison, whose winner is DEFAULTS below.
 * Deterministic: same data, same bytes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { dataDir, loadTraining, parseFlags, TRAIN_FILES } from './lib/data-paths';
import { tokenize } from '../src/core/tokenize';
import { LiteEmbedModel } from '../src/embed/lite/model';
import { fromFile, parseEmbedLiteFile, toFile } from '../src/embed/lite/model-format';
import { disjointPairs, proxyPairs, scoreProxy, splitByGroup, type ProxyScores } from '../training/embed-lite/proxy';
import type { FusionMethod } from '../src/memory/search/hybrid';
import {
  buildWordSpace, DEFAULT_HYPERPARAMETERS, trainFromWordSpace, type LiteHyperparameters, type WordSpace,
} from '../training/embed-lite/train';

/** The --search winner (objective: hybrid MRR on the plain proxy + vector MRR on the paraphrase proxy). */
const DEFAULTS: LiteHyperparameters = { ...DEFAULT_HYPERPARAMETERS };

function candidates(): { name: string; hp: LiteHyperparameters }[] {
  const c = (name: string, over: Partial<LiteHyperparameters>) => ({ name, hp: { ...DEFAULTS, ...over } });
  return [
    c('default', {}),
    c('context=turn,window=30', { context: 'turn', window: 30 }),
    c('window=30', { window: 30 }),
    c('window=60', { window: 60 }),
    c('window=300', { window: 300 }),
    c('harmonic-window', { harmonicWindow: true }),
    c('eigen=0', { eigenPower: 0 }),
    c('eigen=0.5', { eigenPower: 0.5 }),
    c('sif=3e-4', { sifA: 3e-4 }),
    c('sif=3e-3', { sifA: 3e-3 }),
    c('dim=128', { dimension: 128 }),
    c('dim=200', { dimension: 200 }),
    c('mincount=3', { minCount: 3 }),
    c('no-ngrams', { ngramWeight: 0 }),
    c('no-common-component', { removeCommonComponent: false }),
  ];
}

const f3 = (x: number) => x.toFixed(3);
const objective = (plain: ProxyScores, para: ProxyScores) => plain.hybrid.mrr + para.vector.mrr;

function main(): void {
  const flags = parseFlags(process.argv.slice(2));
  const dir = dataDir(typeof flags['data-dir'] === 'string' ? flags['data-dir'] : undefined);
  const out = resolve(typeof flags.out === 'string' ? flags.out : 'public/models/embed-lite.json');
  const report = loadTraining(dir);
  const hash = createHash('sha256');
  for (const f of TRAIN_FILES) hash.update(readFileSync(resolve(dir, f)));
  const dataHash = `sha256:${hash.digest('hex')}`;
  const records = report.records;
  console.log(`training conversations: ${records.length} (skipped ${report.skipped.length}, repaired ${report.repaired.length})`);

  const turnsOf = (rs: typeof records) => rs.flatMap((r) => r.conversation.map((t) => tokenize(t.content))).filter((d) => d.length > 0);
  const contextsOf = (rs: typeof records, hp: LiteHyperparameters) =>
    hp.context === 'turn' ? turnsOf(rs) : rs.map((r) => r.conversation.flatMap((t) => tokenize(t.content))).filter((d) => d.length > 0);
  const { train, heldOut } = splitByGroup(records, (r) => r.scenarioId, 5);
  const trainDocs = turnsOf(train);
  const plain = proxyPairs(heldOut.map((r) => r.conversation));
  const para = disjointPairs(plain);
  console.log(`held-out split: ${train.length} train / ${heldOut.length} held-out conversations (grouped by scenario id); proxy pairs ${plain.length} plain, ${para.length} paraphrase`);

  const spaces = new Map<string, WordSpace>();
  const modelFor = (hp: LiteHyperparameters): LiteEmbedModel => {
    const key = [hp.context, hp.minCount, hp.window, hp.harmonicWindow, hp.contextAlpha].join('/');
    let space = spaces.get(key);
    if (!space) spaces.set(key, (space = buildWordSpace(contextsOf(train, hp), hp)));
    return new LiteEmbedModel(trainFromWordSpace(space, trainDocs, hp).parts);
  };
  const evaluate = (hp: LiteHyperparameters) => {
    const model = modelFor(hp);
    const embed = (t: string) => model.embed(t);
    return { plain: scoreProxy(plain, embed, model.dimension), para: scoreProxy(para, embed, model.dimension) };
  };

  const rows: Record<string, unknown>[] = [];
  const list = flags.search ? candidates() : [{ name: 'default', hp: DEFAULTS }];
  for (const { name, hp } of list) {
    const t0 = Date.now();
    const s = evaluate(hp);
    const row = {
      name,
      objective: Number(f3(objective(s.plain, s.para))),
      plain_keyword_mrr: Number(f3(s.plain.keyword.mrr)),
      plain_vector_mrr: Number(f3(s.plain.vector.mrr)),
      plain_hybrid_mrr: Number(f3(s.plain.hybrid.mrr)),
      para_vector_mrr: Number(f3(s.para.vector.mrr)),
      para_vector_p1: Number(f3(s.para.vector.p_at_1)),
    };
    rows.push(row);
    console.log(`${name.padEnd(22)} objective ${f3(row.objective)} | plain MRR keyword ${f3(row.plain_keyword_mrr)} vector ${f3(row.plain_vector_mrr)} hybrid ${f3(row.plain_hybrid_mrr)} | paraphrase vector MRR ${f3(row.para_vector_mrr)} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  const fusionRows: Record<string, unknown>[] = [];
  if (flags.search) {
    // Fusion is chosen on the plain variant only: in the paraphrase variant every keyword hit is
    // wrong by construction, so it would always ask for no keyword weight at all.
    console.log('\nfusion (DEFAULTS model, plain proxy):');
    const model = modelFor(DEFAULTS);
    const embed = (t: string) => model.embed(t);
    const fusions: { name: string; fusion: FusionMethod }[] = [
      { name: 'rrf k=60', fusion: { method: 'rrf', k: 60 } },
      { name: 'rrf k=60 vector x2', fusion: { method: 'rrf', k: 60, weights: [1, 2] } },
      { name: 'rrf k=20', fusion: { method: 'rrf', k: 20 } },
      { name: 'weighted 0.5', fusion: { method: 'weighted', keywordWeight: 0.5 } },
      { name: 'weighted 1', fusion: { method: 'weighted', keywordWeight: 1 } },
      { name: 'weighted 2', fusion: { method: 'weighted', keywordWeight: 2 } },
    ];
    for (const { name, fusion } of fusions) {
      const s = scoreProxy(plain, embed, model.dimension, fusion);
      fusionRows.push({ name, hybrid_mrr: Number(f3(s.hybrid.mrr)), hybrid_p1: Number(f3(s.hybrid.p_at_1)), keyword_mrr: Number(f3(s.keyword.mrr)), vector_mrr: Number(f3(s.vector.mrr)) });
      console.log(`${name.padEnd(22)} hybrid MRR ${f3(s.hybrid.mrr)} p@1 ${f3(s.hybrid.p_at_1)} (keyword ${f3(s.keyword.mrr)}, vector ${f3(s.vector.mrr)})`);
    }
  }
  if (flags.search && typeof flags['search-out'] === 'string') {
    writeFileSync(flags['search-out'], JSON.stringify({ hyperparameters: rows, fusion: fusionRows }, null, 1) + '\n');
  }

  // Final model: the chosen hyper-parameters on all training conversations.
  const allDocs = turnsOf(records);
  const trained = trainFromWordSpace(buildWordSpace(contextsOf(records, DEFAULTS), DEFAULTS), allDocs, DEFAULTS);
  const file = toFile(trained.parts, {
    dataHash,
    documents: allDocs.length,
    tokens: trained.counts.total,
    hyperparameters: { ...DEFAULTS },
    selection: { split: '5 grouped folds by scenario id, fold 0 held out', heldOutConversations: heldOut.length, ...rows[0] },
  });
  const text = JSON.stringify(file) + '\n';
  const check = new LiteEmbedModel(fromFile(parseEmbedLiteFile(text)));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`wrote ${out}: ${(text.length / 1024).toFixed(0)} KiB, vocabulary ${check.vocabularySize}, dimension ${check.dimension}, ${allDocs.length} turns, ${trained.counts.total} tokens`);
}

main();
