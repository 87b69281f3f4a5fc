/**
 * The project's retrieval dev set (data/retrieval-dev/) and the guard that keeps the test set out
 * of training. Split by company, fixed: a company is `dev` when fnv1a(company) % 3 == 0, else
 * `train`. Anything fitted (the supervised map) sees `train` only; every setting is chosen on
 * `dev`; bench/retrieval-dataset.json (the test set) is only ever scored by `npm run bench:retrieval`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { RouterError } from '../../src/core/errors';
import { fnv1a } from '../../src/core/util/random';
import { parseRetrievalDataset, type RetrievalDataset } from '../../src/memory/search/retrieval-eval';

export const DEV_SET_FILES = ['data/retrieval-dev/part-a.json', 'data/retrieval-dev/part-b.json'];
export const TEST_SET_FILE = 'bench/retrieval-dataset.json';

export type DevSplit = 'train' | 'dev';

export function splitOfCompany(company: string): DevSplit {
  return fnv1a(company) % 3 === 0 ? 'dev' : 'train';
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Throws when `path` is the test set, by path or by content (a copy under another name), so no
 * training step can read it by accident. `testFile` is where the test set lives (for tests).
 */
export function assertNotTestSet(path: string, bytes: Uint8Array, testFile = TEST_SET_FILE): void {
  const test = resolve(testFile);
  const same = resolve(path) === test
    || (existsSync(test) && statSync(test).size === bytes.byteLength && sha256(readFileSync(test)) === sha256(bytes));
  if (same) {
    throw new RouterError(
      'WRONG_SCHEMA',
      `${path} is the retrieval TEST set (${testFile}): training and setting selection must never read it. Use the dev set (${DEV_SET_FILES.join(', ')}); score the test set with \`npm run bench:retrieval -- --split test\`.`,
    );
  }
}

/** Reads training/selection data through the guard. */
export function readTrainingFile(path: string, testFile = TEST_SET_FILE): string {
  const bytes = readFileSync(path);
  assertNotTestSet(path, bytes, testFile);
  return bytes.toString('utf8');
}

/** One dataset of all dev-set files (memory ids are unique across them), with every memory's company. */
export function loadDevSet(files: readonly string[] = DEV_SET_FILES, testFile = TEST_SET_FILE): RetrievalDataset {
  const all: RetrievalDataset = { memories: [], queries: [], warnings: [] };
  for (const f of files) {
    const d = parseRetrievalDataset(readTrainingFile(f, testFile), f);
    const missing = d.memories.filter((m) => m.company === undefined);
    if (missing.length) throw new RouterError('WRONG_SCHEMA', `${f}: memory "${missing[0].id}" has no "company"; the dev set is split by company.`);
    all.memories.push(...d.memories);
    all.queries.push(...d.queries);
    all.warnings.push(...d.warnings);
  }
  return all;
}

/** The memories and queries of one split (a query goes with its answer's company). */
export function devSplit(data: RetrievalDataset, split: DevSplit): RetrievalDataset {
  const keep = new Set(data.memories.filter((m) => splitOfCompany(m.company ?? '') === split).map((m) => m.id));
  return {
    memories: data.memories.filter((m) => keep.has(m.id)),
    queries: data.queries.filter((q) => keep.has(q.relevant[0])),
    warnings: data.warnings,
  };
}
