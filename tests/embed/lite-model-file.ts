/**
 * The committed embed-lite file (scripts/lib/embedders.ts names it) and a source that reads it the
 * way EmbedLiteEmbedder loads that format: text for a JSON model, bytes for a binary one.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_LITE_MODEL } from '../../scripts/lib/embedders';
import type { EmbedLiteSource } from '../../src/embed/embed-lite';

export const LITE_MODEL = resolve(__dirname, '../..', DEFAULT_LITE_MODEL);

export function liteModelSource(): EmbedLiteSource {
  const read = async () => (LITE_MODEL.endsWith('.json') ? readFileSync(LITE_MODEL, 'utf8') : new Uint8Array(readFileSync(LITE_MODEL)));
  return read as unknown as EmbedLiteSource;
}
