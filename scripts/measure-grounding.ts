/**
 * npx tsx scripts/measure-grounding.ts [--embedder lite|MODEL_DIR] [--split dev|test] [--tolerance 0.02]
 *
 * How many memories the chat should give the model per message (GROUNDING_LIMIT in
 * src/ui/chat/chat-memory.ts), measured the way the chat retrieves: hybrid search with the category
 * prior, each dev company its own store. For k = 1..10 it prints how often the memory a question
 * asks about is among the first k (the model cannot use what it is not given) and what those k
 * memories cost in prompt characters. Rule: the smallest k within `tolerance` of the hit rate at 10:
 * past it, more memories add prompt and distraction without finding the answer more often.
 * Chosen on the dev split; --split test only reports.
 */
import { readFileSync } from 'node:fs';
import { parseFlags, RETRIEVAL_TEST_FILE } from './lib/data-paths';
import { makeEmbedder } from './lib/embedders';
import { LiteEngine } from '../src/engines/lite-engine';
import { Bm25Index } from '../src/memory/search/bm25';
import { categoryPriorOf, DEFAULT_CATEGORY_PRIOR_WEIGHT } from '../src/memory/search/category-prior';
import { HybridSearcher } from '../src/memory/search/hybrid';
import { parseRetrievalDataset, storesOf, type RetrievalDataset } from '../src/memory/search/retrieval-eval';
import { VectorIndex } from '../src/memory/search/vector';
import { devSplit, loadDevSet } from '../training/embed-lite/dev-set';

const K = 10;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const str = (v: string | true | undefined) => (typeof v === 'string' ? v : undefined);
  const split = str(flags.split) ?? 'dev';
  const tolerance = Number(str(flags.tolerance) ?? 0.02);
  const data: RetrievalDataset = split === 'test' ? parseRetrievalDataset(readFileSync(RETRIEVAL_TEST_FILE, 'utf8'), RETRIEVAL_TEST_FILE) : devSplit(loadDevSet(), 'dev');
  const embedder = makeEmbedder(str(flags.embedder) ?? 'lite');
  await embedder.load();
  const router = new LiteEngine({ model: readFileSync('public/models/router.bin') });
  await router.load();
  const mv = await embedder.embed(data.memories.map((m) => m.text));
  const qv = await embedder.embed(data.queries.map((q) => q.query));
  const hits = new Array(K + 1).fill(0);
  const chars = new Array(K + 1).fill(0);
  for (const store of storesOf(data)) {
    const keyword = new Bm25Index();
    const vectors = new VectorIndex(embedder.dimension);
    for (const i of store.memories) { keyword.add(data.memories[i].id, data.memories[i].text); vectors.add(data.memories[i].id, mv[i]); }
    const text = new Map(store.memories.map((i) => [data.memories[i].id, data.memories[i].text]));
    const category = new Map(store.memories.map((i) => [data.memories[i].id, data.memories[i].category]));
    const searcher = new HybridSearcher(keyword, vectors);
    for (const qi of store.queries) {
      const q = data.queries[qi];
      const p = categoryPriorOf((await router.classify(q.query)).scores);
      const ranked = searcher.search({
        text: q.query, vector: qv[qi], mode: 'hybrid', limit: K,
        prior: p ? { weight: DEFAULT_CATEGORY_PRIOR_WEIGHT, of: (id) => p[category.get(id) as string] ?? 0 } : undefined,
      });
      const rank = ranked.findIndex((h) => q.relevant.includes(h.id));
      let c = 0;
      for (let k = 1; k <= K; k++) {
        if (rank >= 0 && rank < k) hits[k]++;
        c += ranked[k - 1] ? (text.get(ranked[k - 1].id) as string).length : 0;
        chars[k] += c;
      }
    }
  }
  const n = data.queries.length;
  console.log(`embedder ${embedder.id}; ${split} split: ${n} questions in ${storesOf(data).length} stores; hybrid + category prior ${DEFAULT_CATEGORY_PRIOR_WEIGHT}`);
  console.log('k   hit rate   prompt characters (mean)');
  for (let k = 1; k <= K; k++) console.log(`${String(k).padEnd(3)} ${(hits[k] / n).toFixed(3)}      ${(chars[k] / n).toFixed(0)}`);
  const best = hits[K] / n;
  const chosen = [...Array(K).keys()].map((i) => i + 1).find((k) => hits[k] / n >= best - tolerance) ?? K;
  console.log(`smallest k within ${tolerance} of the hit rate at ${K} (${best.toFixed(3)}): ${chosen}`);
  await embedder.dispose?.();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
