/**
 * npm run bench:memory -- [--json OUT] [--sizes 1000,10000,100000] [--store-sizes 1000,10000,100000]
 *                         [--dim 384] [--queries N] [--bandwidth-mb 256]
 *
 * Memory-layer figures on this machine:
 *  1. read bandwidth of a plain JS sum over a big Float32Array (the bound for brute-force search);
 *  2. brute-force vector search (VectorIndex) p50/p95 at each size, beside bytes scanned / bandwidth;
 *     (no HNSW index is built in this project: brute force is exact and meets the target at 100k);
 *  3. the int8 copy of the vectors (Int8VectorIndex, what the store's index holds): scan latency,
 *     bytes per 100k memories beside float32, and recall@10 of int8 + exact re-rank against exact;
 *  4. the whole MemoryStore in Node on fake-indexeddb: bulk insert rate (raw bulkAdd in one
 *     transaction, importAll end to end, and one add() per memory) and search latency per mode.
 * Texts come from the benchmarks' generator (scripts/lib/bench-corpus.ts, the same as bench:app),
 * vectors are random unit vectors: latency does not depend on meaning. fake-indexeddb is an
 * in-memory IndexedDB written in JS; Chrome's IndexedDB (LevelDB on disk) has different costs, so
 * the insert rates are Node figures, not browser figures (bench:app measures the browser).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { parseFlags } from './lib/data-paths';
import { fnv1a, mulberry32 } from '../src/core/util/random';
import { percentile } from '../src/core/metrics';
import type { Embedder } from '../src/core/contracts';
import { Int8VectorIndex, VectorIndex } from '../src/memory/search';
import { DotKernel } from '../src/memory/search/wasm-dot';
import { MemoryStore } from '../src/memory/memory-store';
import { buildExport } from '../src/memory/export-import';
import { RERANK_FACTOR, MIN_RERANK_POOL } from '../src/memory/memory-index';
import { createMemoryDb, type MemoryRecord } from '../src/memory/db';
import { benchRecords, generateMemories, generateQueries, randomUnitVector } from './lib/bench-corpus';

const flags = parseFlags(process.argv.slice(2));
const str = (v: string | true | undefined) => (typeof v === 'string' ? v : undefined);
const list = (v: string | true | undefined, dflt: number[]) => (str(v) ? str(v)!.split(',').map((x) => Number(x.trim())).filter((n) => n > 0) : dflt);

const DIM = Number(str(flags.dim) ?? 384);
const SIZES = list(flags.sizes, [1_000, 10_000, 100_000]);
const STORE_SIZES = list(flags['store-sizes'], [1_000, 10_000, 100_000]);
const BANDWIDTH_MB = Number(str(flags['bandwidth-mb']) ?? 256);
const K = 10;

// ---------------------------------------------------------------- data

/** Seeded, so every run scans the same data. */
const rng = mulberry32;

const unitVector = (rand: () => number, dim: number) => randomUnitVector(rand, dim);

/** Bench stand-in for an embedder: a seeded random unit vector per text (latency, not meaning). */
class RandomBenchEmbedder implements Embedder {
  readonly id = `bench-random@${DIM}`;
  readonly dimension = DIM;
  async load(): Promise<void> {}
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((t) => unitVector(rng(fnv1a(t)), DIM));
  }
}

// ---------------------------------------------------------------- timing helpers

interface Latency { p50: number; p95: number; mean: number; runs: number }

function summarize(times: number[]): Latency {
  return { p50: percentile(times, 50), p95: percentile(times, 95), mean: times.reduce((a, b) => a + b, 0) / times.length, runs: times.length };
}

function queriesFor(n: number): number {
  const asked = Number(str(flags.queries) ?? 0);
  if (asked > 0) return asked;
  return n >= 100_000 ? 60 : n >= 10_000 ? 200 : 500;
}

async function timeAsync(runs: number, fn: (i: number) => Promise<unknown>): Promise<Latency> {
  for (let i = 0; i < Math.min(5, runs); i++) await fn(i); // warm-up: JIT and caches
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  return summarize(times);
}

// ---------------------------------------------------------------- 1. bandwidth

interface Bandwidth { gbPerS: number; bytes: number; reps: number; bestMs: number }

function bestOf(reps: number, bytes: number, pass: () => number): Bandwidth {
  let best = Infinity;
  let sink = 0;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    sink += pass();
    best = Math.min(best, performance.now() - t);
  }
  if (sink === -1) console.log(''); // keep the sum observable so it is not optimised away
  return { gbPerS: bytes / (best / 1000) / 1e9, bytes, reps, bestMs: best };
}

/**
 * Read bandwidth two ways over the same amount of data: a plain JS sum (what a scalar JS scan can
 * read) and a WebAssembly SIMD sum (close to what the memory system delivers to one core). The
 * brute-force bound uses the SIMD figure: no scan of these bytes can be faster than reading them.
 */
function measureBandwidth(mb: number): { js: Bandwidth; simd: Bandwidth | null } {
  const n = (mb * 1024 * 1024) / 4;
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = i & 7;
  const js = bestOf(7, n * 4, () => {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let i = 0; i < n; i += 4) {
      s0 += data[i]; s1 += data[i + 1]; s2 += data[i + 2]; s3 += data[i + 3];
    }
    return s0 + s1 + s2 + s3;
  });
  const kernel = DotKernel.create(16, n / 16);
  if (!kernel) return { js, simd: null };
  kernel.rows.set(data);
  return { js, simd: bestOf(7, n * 4, () => kernel.sumRows(n)) };
}

// ---------------------------------------------------------------- 2. index search

async function benchIndex(n: number, bandwidth: number) {
  const rand = rng(n);
  const index = new VectorIndex(DIM, n);
  for (let i = 0; i < n; i++) index.add(`m${i}`, unitVector(rand, DIM));
  const queries = Array.from({ length: 64 }, () => unitVector(rand, DIM));
  const runs = queriesFor(n);
  const plain = await timeAsync(runs, async (i) => index.search(queries[i % queries.length], K));
  // The store's searches always pass a filter (user, category, expiry); it runs only for top-k entrants.
  const keep = (id: string) => id.charCodeAt(id.length - 1) !== 0x37; // drops ids ending in 7
  const filtered = await timeAsync(runs, async (i) => index.search(queries[i % queries.length], K, keep));
  const bytes = n * DIM * 4;
  return { n, dim: DIM, k: K, bytesScannedPerQuery: bytes, bandwidthBoundMs: (bytes / (bandwidth * 1e9)) * 1000, bruteForce: plain, bruteForceFiltered: filtered };
}

// ---------------------------------------------------------------- 3. int8 copy

/**
 * The store's index holds int8 rows and re-ranks the best RERANK_FACTOR x k (at least
 * MIN_RERANK_POOL) with the exact vectors. Queries are stored vectors plus noise (a re-phrased fact
 * is near its memory); recall@10 is the share of the exact top 10 in the re-ranked top 10.
 */
async function benchInt8(n: number) {
  const rand = rng(n + 17);
  const exact = new VectorIndex(DIM, n);
  const int8 = new Int8VectorIndex(DIM, n);
  const rows: Float32Array[] = [];
  for (let i = 0; i < n; i++) {
    const v = unitVector(rand, DIM);
    rows.push(v);
    exact.add(`m${i}`, v);
    int8.add(`m${i}`, v);
  }
  const queries = Array.from({ length: 64 }, () => {
    const base = rows[Math.floor(rand() * n)];
    const noise = unitVector(rand, DIM);
    return Float32Array.from(base, (x, j) => x + 0.6 * noise[j]);
  });
  const pool = Math.max(MIN_RERANK_POOL, RERANK_FACTOR * K);
  const runs = queriesFor(n);
  const scan = await timeAsync(runs, async (i) => int8.search(queries[i % queries.length], pool));
  let found = 0;
  for (const q of queries) {
    const want = new Set(exact.search(q, K).map((h) => h.id));
    const sub = new VectorIndex(DIM, pool, false);
    for (const h of int8.search(q, pool)) sub.add(h.id, rows[Number(h.id.slice(1))]);
    found += sub.search(q, K).filter((h) => want.has(h.id)).length;
  }
  return { n, pool, int8Scan: scan, recallAt10: found / (queries.length * K), bytesF32: n * DIM * 4, bytesInt8: n * (Math.ceil(DIM / 16) * 16 + 4) };
}

// ---------------------------------------------------------------- 4. store

async function records(n: number, seed: number): Promise<MemoryRecord[]> {
  return benchRecords(generateMemories(n, seed, ['ann', 'bob']), { seed, randomVectors: { id: `bench-random@${DIM}`, dimension: DIM } });
}

let dbSeq = 0;
const openStore = (embedder: Embedder | null) =>
  MemoryStore.open({ dbName: `bench-memory-${process.pid}-${++dbSeq}`, dbOptions: { indexedDB, IDBKeyRange }, embedder, syncAcrossTabs: false });

async function benchStore(n: number) {
  const rows = await records(n, 1000 + n);
  const embedder = new RandomBenchEmbedder();

  // Raw IndexedDB write: one rw transaction, relaxed durability, bulkAdd.
  const raw = createMemoryDb(`bench-memory-${process.pid}-${++dbSeq}`, { indexedDB, IDBKeyRange });
  await raw.open();
  let t = performance.now();
  await raw.transaction('rw', raw.memories, () => raw.memories.bulkAdd(rows));
  const rawMs = performance.now() - t;
  raw.close();

  // End to end: export JSON text -> importAll (validate, re-hash, one transaction, index build).
  const exportText = JSON.stringify(buildExport({ memories: rows, history: [], conversations: [] }, new Date()));
  const store = await openStore(embedder);
  t = performance.now();
  await store.importAll(exportText, { mode: 'replace', all: true });
  const importMs = performance.now() - t;

  const queryTexts = generateQueries(generateMemories(Math.min(n, 5_000), 1000 + n, ['ann', 'bob']), 64, 7);
  const runs = queriesFor(n);
  const search: Record<string, Latency> = {};
  for (const mode of ['keyword', 'vector', 'hybrid'] as const) {
    search[mode] = await timeAsync(runs, (i) => store.search(queryTexts[i % queryTexts.length], { mode, limit: K, userId: 'ann' }));
  }
  store.close();

  // One transaction per memory (what a person adding memories one by one costs), on a small store.
  const single = await openStore(embedder);
  const adds = Math.min(n, 300);
  t = performance.now();
  for (let i = 0; i < adds; i++) await single.add(rows[i].text, { infer: false, category: rows[i].category });
  const addMs = performance.now() - t;
  single.close();

  return {
    n,
    bulkAddPerSec: n / (rawMs / 1000),
    bulkAddMs: rawMs,
    importAllPerSec: n / (importMs / 1000),
    importAllMs: importMs,
    exportMB: exportText.length / 1e6,
    singleAddPerSec: adds / (addMs / 1000),
    singleAdds: adds,
    search,
  };
}

// ---------------------------------------------------------------- main

const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;

async function main(): Promise<void> {
  console.log(`bench:memory on Node ${process.version}, ${DIM} dimensions, k=${K}`);
  const bw = measureBandwidth(BANDWIDTH_MB);
  const line = (what: string, b: Bandwidth) => console.log(`  ${what.padEnd(24)} ${b.gbPerS.toFixed(2)} GB/s (${ms(b.bestMs)} per pass, best of ${b.reps})`);
  console.log(`\nread bandwidth, sum over a ${BANDWIDTH_MB} MB Float32Array:`);
  line('plain JS loop', bw.js);
  if (bw.simd) line('WebAssembly SIMD', bw.simd);
  const bound = (bw.simd ?? bw.js).gbPerS;

  console.log(`\nvector search (VectorIndex, exact brute force, ${DotKernel.create(DIM) ? 'WebAssembly SIMD kernel' : 'JS loop'}; no HNSW is built in this project); bound = bytes / ${bound.toFixed(2)} GB/s:`);
  console.log(`${'memories'.padStart(9)} ${'MB/query'.padStart(9)} ${'bound'.padStart(10)} ${'p50'.padStart(10)} ${'p95'.padStart(10)} ${'p50 filt.'.padStart(10)} ${'p50/bound'.padStart(9)}`);
  const index = [];
  for (const n of SIZES) {
    const r = await benchIndex(n, bound);
    index.push(r);
    console.log(`${String(n).padStart(9)} ${(r.bytesScannedPerQuery / 1e6).toFixed(1).padStart(9)} ${ms(r.bandwidthBoundMs).padStart(10)} ${ms(r.bruteForce.p50).padStart(10)} ${ms(r.bruteForce.p95).padStart(10)} ${ms(r.bruteForceFiltered.p50).padStart(10)} ${(r.bruteForce.p50 / r.bandwidthBoundMs).toFixed(2).padStart(9)}`);
  }

  console.log(`\nint8 copy (Int8VectorIndex, the store's index): scan for the best ${Math.max(MIN_RERANK_POOL, RERANK_FACTOR * K)}, re-ranked exactly; recall@10 against exact search:`);
  console.log(`${'memories'.padStart(9)} ${'f32 MB'.padStart(8)} ${'int8 MB'.padStart(8)} ${'scan p50'.padStart(10)} ${'scan p95'.padStart(10)} ${'recall@10'.padStart(10)}`);
  const int8 = [];
  for (const n of SIZES) {
    const r = await benchInt8(n);
    int8.push(r);
    console.log(`${String(n).padStart(9)} ${(r.bytesF32 / 1e6).toFixed(1).padStart(8)} ${(r.bytesInt8 / 1e6).toFixed(1).padStart(8)} ${ms(r.int8Scan.p50).padStart(10)} ${ms(r.int8Scan.p95).padStart(10)} ${r.recallAt10.toFixed(3).padStart(10)}`);
  }

  console.log('\nMemoryStore in Node on fake-indexeddb (in-memory JS IndexedDB, not Chrome\'s):');
  const store = [];
  for (const n of STORE_SIZES) {
    const r = await benchStore(n);
    store.push(r);
    const s = r.search;
    console.log(`  ${n} memories: bulkAdd ${Math.round(r.bulkAddPerSec)}/s, importAll ${Math.round(r.importAllPerSec)}/s (${r.exportMB.toFixed(1)} MB JSON), add() one by one ${Math.round(r.singleAddPerSec)}/s;` +
      ` search p50/p95 keyword ${ms(s.keyword.p50)}/${ms(s.keyword.p95)}, vector ${ms(s.vector.p50)}/${ms(s.vector.p95)}, hybrid ${ms(s.hybrid.p50)}/${ms(s.hybrid.p95)}`);
  }

  const at100k = index.find((r) => r.n === 100_000);
  if (at100k) console.log(`\ntarget: brute force over 100k x ${DIM} p50 < 40 ms: ${ms(at100k.bruteForce.p50)} -> ${at100k.bruteForce.p50 < 40 ? 'met' : 'NOT met'}`);

  const out = str(flags.json);
  if (out) {
    const path = resolve(out);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify({
      node: process.version, platform: `${process.platform}-${process.arch}`, dimension: DIM, k: K,
      bandwidth: bw, boundGbPerS: bound, kernel: DotKernel.create(DIM) ? 'wasm-simd' : 'js', hnsw: null, index, int8, store,
      notes: 'Generated texts (scripts/lib/bench-corpus.ts), random unit vectors. Store figures use fake-indexeddb in Node (in-memory), not a browser IndexedDB.',
    }, null, 2));
    console.log(`\nwrote ${path}`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
