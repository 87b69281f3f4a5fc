/**
 * Loads @mlc-ai/web-xgrammar in Node. The package says "type": "module" but ships a UMD bundle, so
 * Node's ESM loader cannot read it; a copy with a .cjs name is loaded with require instead.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface XGrammarGrammar { dispose(): void }
export interface XGrammar {
  Grammar: { fromEBNF(ebnf: string, root?: string): Promise<XGrammarGrammar>; fromJSONSchema(schema: string): Promise<XGrammarGrammar> };
  Testings: { isGrammarAcceptString(g: XGrammarGrammar, s: string): Promise<boolean> };
}

export function loadXGrammar(): XGrammar {
  const require = createRequire(import.meta.url);
  const src = require.resolve('@mlc-ai/web-xgrammar');
  const copy = join(mkdtempSync(join(tmpdir(), 'xgrammar-')), 'xgrammar.cjs');
  copyFileSync(src, copy);
  return require(copy) as XGrammar;
}
