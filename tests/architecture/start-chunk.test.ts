/**
 * What the page loads at start: everything src/ui/main.tsx reaches through static imports. The
 * WebLLM library and transformers.js are megabytes and only needed when a person loads a model;
 * they must be reached through import() or a worker only, so they stay out of the start chunk
 * (bench:app's cold start also lists what is fetched before the first classification).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');
const HEAVY = ['@mlc-ai/web-llm', '@huggingface/transformers'];

function resolveLocal(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) if (existsSync(candidate) && /\.(ts|tsx)$/.test(candidate)) return candidate;
  return null;
}

/** Static imports (not `import type`, not `import()`), and re-exports, of one file. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
    if (m[2]) continue; // type-only: erased by the compiler
    if (m[1] === 'export' && !m[3]) continue;
    out.push(m[4]);
  }
  return out;
}

function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) {
        const next = resolveLocal(file, spec);
        if (next) stack.push(next);
      } else {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
      }
    }
  }
  return { files, packages };
}

describe('the start chunk', () => {
  const { files, packages } = reachable(resolve(SRC, 'ui/main.tsx'));

  it('reaches the app through static imports (the scan works)', () => {
    expect(files.size).toBeGreaterThan(50);
    expect(packages).toContain('react');
    expect(packages).toContain('dexie');
  });

  it('does not import the WebLLM library or transformers.js statically', () => {
    expect(HEAVY.filter((p) => packages.has(p))).toEqual([]);
  });
});
