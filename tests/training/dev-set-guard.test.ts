import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertNotTestSet, devSplit, loadDevSet, readTrainingFile, splitOfCompany } from '../../training/embed-lite/dev-set';
import { RETRIEVAL_TEST_FILE as TEST_SET_FILE } from '../../scripts/lib/data-paths';
import { readGlove } from '../../training/embed-lite/glove';

describe('the dev/test guard of embed-lite training', () => {
  it('refuses to read the test set by its path', () => {
    expect(() => readTrainingFile(TEST_SET_FILE)).toThrow(/TEST set/);
    expect(() => loadDevSet(['data/retrieval-dev/part-a.json', TEST_SET_FILE])).toThrow(/never read it/);
  });

  it('refuses a copy of the test set under another name (by content)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guard-'));
    const copy = join(dir, 'harmless-name.json');
    copyFileSync(TEST_SET_FILE, copy);
    expect(() => readTrainingFile(copy)).toThrow(/TEST set/);
    expect(() => readGlove(copy)).toThrow(/TEST set/);
  });

  it('lets other files through, and refuses every file under whichever test folder it is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guard-'));
    const other = join(dir, 'dev.json');
    writeFileSync(other, '{"memories":[],"queries":[]}');
    expect(() => assertNotTestSet(other, new TextEncoder().encode('{"memories":[],"queries":[]}'))).not.toThrow();
    expect(() => readTrainingFile(other, dir)).toThrow(/TEST set/);
  });

  it('splits the dev set by company, the same way every time', () => {
    const data = loadDevSet();
    const dev = devSplit(data, 'dev');
    const train = devSplit(data, 'train');
    const companies = (d: typeof dev) => [...new Set(d.memories.map((m) => m.company))].sort();
    expect(companies(dev)).toEqual(['Brennholt Pumps', 'Loudhouse Audio', 'Pawsure', 'Tallyforge']);
    expect(companies(train)).toHaveLength(8);
    expect(dev.memories.length + train.memories.length).toBe(data.memories.length);
    expect(dev.queries.length + train.queries.length).toBe(data.queries.length);
    expect(splitOfCompany('Tallyforge')).toBe('dev');
  });
});
