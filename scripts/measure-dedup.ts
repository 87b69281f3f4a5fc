/**
 * npx tsx scripts/measure-dedup.ts -- [--embedder lite|MODEL_DIR] [--pairs FILE] [--min-precision 0.95] [--json OUT]
 *
 * Measures the near-duplicate threshold of an embedder: cosine similarity of hand-written pairs
 * of memories in one category (scripts/data/dedup-pairs.json), "same" pairs restating or updating
 * a fact and "different" pairs holding two facts. A false UPDATE overwrites a distinct fact (data
 * lost), a missed one adds a duplicate (clutter), so the threshold is the one with the best F1
 * among those whose precision is at least --min-precision. A two-fold split (even/odd pairs)
 * reports how a threshold chosen on half does on the other half. The result goes into
 * DEDUP_THRESHOLDS (src/memory/dedup.ts) by hand, with this command beside it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseFlags } from './lib/data-paths';
import { makeEmbedder } from './lib/embedders';
import { cosineOfUnit as cosine } from '../src/core/util/vector-math';

interface Pair { category: string; same: boolean; a: string; b: string }
interface Scored extends Pair { cosine: number }
interface Quality { threshold: number; precision: number; recall: number; f1: number }

function quality(pairs: Scored[], threshold: number): Quality {
  let tp = 0, fp = 0, fn = 0;
  for (const p of pairs) {
    const predicted = p.cosine >= threshold;
    if (predicted && p.same) tp++;
    else if (predicted) fp++;
    else if (p.same) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { threshold, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** Candidates are midpoints between neighbouring scores, so the choice does not sit on a pair. */
function choose(pairs: Scored[], minPrecision: number): Quality {
  const scores = [...new Set(pairs.map((p) => p.cosine))].sort((x, y) => x - y);
  const candidates = scores.map((s, i) => (i + 1 < scores.length ? (s + scores[i + 1]) / 2 : s + 1e-6));
  const all = candidates.map((t) => quality(pairs, t));
  const ok = all.filter((q) => q.precision >= minPrecision);
  const pool = ok.length ? ok : all;
  return pool.reduce((best, q) => (q.f1 > best.f1 || (q.f1 === best.f1 && q.threshold > best.threshold) ? q : best));
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: round(s[0]), median: round(s[Math.floor(s.length / 2)]), max: round(s[s.length - 1]), mean: round(s.reduce((a, b) => a + b, 0) / s.length) };
};

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const str = (v: string | true | undefined) => (typeof v === 'string' ? v : undefined);
  const pairs = (JSON.parse(readFileSync(resolve(str(flags.pairs) ?? 'scripts/data/dedup-pairs.json'), 'utf8')) as { pairs: Pair[] }).pairs;
  const minPrecision = Number(str(flags['min-precision']) ?? 0.95);
  const embedder = makeEmbedder(str(flags.embedder) ?? 'lite');
  await embedder.load();
  const va = await embedder.embed(pairs.map((p) => p.a));
  const vb = await embedder.embed(pairs.map((p) => p.b));
  const scored: Scored[] = pairs.map((p, i) => ({ ...p, cosine: cosine(va[i], vb[i]) }));

  const same = scored.filter((p) => p.same).map((p) => p.cosine);
  const diff = scored.filter((p) => !p.same).map((p) => p.cosine);
  const chosen = choose(scored, minPrecision);
  const folds = [0, 1].map((f) => {
    const train = scored.filter((_, i) => i % 2 === f);
    const test = scored.filter((_, i) => i % 2 !== f);
    const t = choose(train, minPrecision).threshold;
    return { chosenOnFold: f, threshold: round(t), heldOut: quality(test, t) };
  });

  console.log(`embedder ${embedder.id} (dimension ${embedder.dimension}); ${scored.length} pairs (${same.length} same, ${diff.length} different)`);
  console.log(`cosine, same-fact pairs:      ${JSON.stringify(stats(same))}`);
  console.log(`cosine, different-fact pairs: ${JSON.stringify(stats(diff))}`);
  console.log(`chosen threshold (best F1 with precision >= ${minPrecision}): ${round(chosen.threshold)}  precision ${round(chosen.precision)} recall ${round(chosen.recall)} F1 ${round(chosen.f1)}`);
  for (const f of folds) {
    console.log(`  two-fold check: chosen on fold ${f.chosenOnFold} -> ${f.threshold}; on the other half precision ${round(f.heldOut.precision)} recall ${round(f.heldOut.recall)} F1 ${round(f.heldOut.f1)}`);
  }
  const misses = scored.filter((p) => (p.cosine >= chosen.threshold) !== p.same).sort((x, y) => y.cosine - x.cosine);
  if (misses.length) {
    console.log('pairs on the wrong side:');
    for (const p of misses) console.log(`  ${p.same ? 'missed dup ' : 'false dup  '} ${p.cosine.toFixed(3)}  "${p.a}" / "${p.b}"`);
  }
  const out = str(flags.json);
  if (out) {
    writeFileSync(resolve(out), JSON.stringify({ embedder: embedder.id, dimension: embedder.dimension, minPrecision, same: stats(same), different: stats(diff), chosen, folds, pairs: scored.map((p) => ({ ...p, cosine: round(p.cosine) })) }, null, 2));
    console.log(`wrote ${out}`);
  }
  await embedder.dispose?.();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
