/**
 * The layers import one way: ui -> engines | memory | embed -> core (config sits beside core).
 * This scan reads every import in src/ and fails on an arrow that runs the wrong way, on code that
 * ships importing training or test code, and on the test-only modules leaking into the app.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');
const ROOT = resolve(__dirname, '../..');

/** What each folder of src/ may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  config: ['core'],
  engines: ['core', 'config'],
  memory: ['core'],
  embed: ['core'],
  ui: ['core', 'config', 'engines', 'memory', 'embed'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

interface Arrow { from: string; to: string; spec: string }

function arrows(): Arrow[] {
  const out: Arrow[] = [];
  for (const file of files(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\(\s*|new URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      out.push({ from: relative(ROOT, file), to: relative(ROOT, resolve(dirname(file), m[1])), spec: m[1] });
    }
  }
  return out;
}

const layerOf = (path: string) => (path.startsWith('src/') ? path.split('/')[1] : path.split('/')[0]);

describe('layers', () => {
  const all = arrows();

  it('finds the imports it checks', () => {
    expect(all.length).toBeGreaterThan(200);
    expect(Object.keys(ALLOWED).sort()).toEqual(readdirSync(SRC).filter((n) => statSync(join(SRC, n)).isDirectory()).sort());
  });

  it('every import runs down the layers (ui -> engines | memory | embed -> core)', () => {
    const wrong = all.filter((a) => {
      const from = layerOf(a.from);
      const to = layerOf(a.to);
      return from !== to && !(ALLOWED[from] ?? []).includes(to);
    });
    expect(wrong.map((a) => `${a.from} imports ${a.to}`)).toEqual([]);
  });

  it('nothing that ships imports training, scripts, tests or e2e code', () => {
    expect(all.filter((a) => !a.to.startsWith('src/') && !a.to.startsWith('node_modules')).map((a) => `${a.from} imports ${a.to}`)).toEqual([]);
  });

  it('the test-only modules are imported only from the e2e switch in main.tsx', () => {
    const testOnly = ['src/engines/stand-in-llm', 'src/ui/test-mode'];
    const users = all.filter((a) => testOnly.includes(a.to.replace(/\.(ts|tsx)$/, ''))).map((a) => a.from);
    expect([...new Set(users)].sort()).toEqual(['src/ui/main.tsx', 'src/ui/test-mode.ts']);
  });

  it('src/core is plain TypeScript: no React, no Dexie, no DOM globals', () => {
    const bad = files(join(SRC, 'core')).filter((f) => /from ['"](react|dexie|react-dom)|\bdocument\.|\bwindow\./.test(readFileSync(f, 'utf8')));
    expect(bad.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('has no import cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const a of all) {
      const from = layerOf(a.from);
      const to = layerOf(a.to);
      if (from !== to) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
    const cycle = (start: string): boolean => {
      const seen = new Set<string>();
      const walk = (n: string): boolean => [...(edges.get(n) ?? [])].some((m) => m === start || (!seen.has(m) && (seen.add(m), walk(m))));
      return walk(start);
    };
    expect([...edges.keys()].filter(cycle)).toEqual([]);
  });
});
