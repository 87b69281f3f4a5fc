/**
 * The project's retrieval dev set (data/retrieval-dev/) and the guard that keeps the test set out
 * of training. Split by company, fixed: a company is `dev` when fnv1a(company) % 3 == 0, else
 * `train`. Anything fitted (the supervised map) sees `train` only; every setting is chosen on
 * `dev`. Everything under bench/ is test data, scored only by the bench CLIs: the guard refuses it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { RouterError } from '../../src/core/errors';
import { fnv1a } from '../../src/core/util/random';
import { parseRetrievalDataset, type RetrievalDataset } from '../../src/memory/search/retrieval-eval';

export const DEV_SET_FILES = ['data/retrieval-dev/part-a.json', 'data/retrieval-dev/part-b.json'];
/** Where the test sets live: never read by training or selection. */
export const TEST_DIR = 'bench';

export type DevSplit = 'train' | 'dev';

export function splitOfCompany(company: string): DevSplit {
  return fnv1a(company) % 3 === 0 ? 'dev' : 'train';
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Throws when `path` is a test set: a file under `testDir`, or a copy of one of its data files
 * under another name (by content), so no training step can read one by accident.
 */
export function assertNotTestSet(path: string, bytes: Uint8Array, testDir = TEST_DIR): void {
  const dir = resolve(testDir);
  const rel = relative(dir, resolve(path));
  const inside = rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
  const copyOf = inside || !existsSync(dir) ? undefined : readdirSync(dir)
    .map((f) => join(dir, f))
    .find((f) => f.endsWith('.json') && statSync(f).size === bytes.byteLength && sha256(readFileSync(f)) === sha256(bytes));
  if (inside || copyOf) {
    throw new RouterError(
      'WRONG_SCHEMA',
      `${path} is a TEST set (${inside ? path : copyOf}, under ${testDir}/): training and setting selection must never read it. Use the dev set (${DEV_SET_FILES.join(', ')}); score the test set with \`npm run bench:retrieval -- --split test\`.`,
    );
  }
}

/** Reads training/selection data through the guard. */
export function readTrainingFile(path: string, testDir = TEST_DIR): string {
  const bytes = readFileSync(path);
  assertNotTestSet(path, bytes, testDir);
  return bytes.toString('utf8');
}

/** One dataset of all dev-set files (memory ids are unique across them), with every memory's company. */
export function loadDevSet(files: readonly string[] = DEV_SET_FILES, testDir = TEST_DIR): RetrievalDataset {
  const all: RetrievalDataset = { memories: [], queries: [], warnings: [] };
  for (const f of files) {
    const d = parseRetrievalDataset(readTrainingFile(f, testDir), f);
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
