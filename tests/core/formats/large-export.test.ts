/**
 * A ChatGPT export of thousands of conversations, built from the fixture's first conversation
 * with fresh ids: every readable conversation comes out, damaged ones are reported by their index
 * and the rest are kept.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_BATCH_CHARS, parseInput } from '../../../src/core/input';

const FIXTURE = JSON.parse(readFileSync(resolve(__dirname, '../../fixtures/formats/chatgpt-conversations.json'), 'utf8')) as Array<Record<string, unknown>>;

describe('a large ChatGPT export', () => {
  it('reads 3,000 conversations in file order and reports the damaged ones by index', () => {
    const N = 3000;
    const list: unknown[] = [];
    for (let i = 0; i < N; i++) {
      const c = structuredClone(FIXTURE[i % 2]);
      c.title = `Conversation ${i + 1}`;
      c.conversation_id = `conv-${i + 1}`;
      if (i % 500 === 499) c.mapping = { only: { id: 'only', message: null, parent: null, children: [] } }; // nothing in it
      if (i === 1234) list.push(null); // a damaged entry
      else list.push(c);
    }
    const text = JSON.stringify(list);
    expect(text.length).toBeLessThan(MAX_BATCH_CHARS);
    const p = parseInput(text, { source: 'conversations.json', maxChars: MAX_BATCH_CHARS });
    const damaged = [1235, ...Array.from({ length: N / 500 }, (_, k) => (k + 1) * 500)].sort((a, b) => a - b);
    expect(p.format).toBe('chatgpt-export');
    expect(p.skipped.map((s) => s.line)).toEqual(damaged);
    expect(p.skipped.find((s) => s.line === 1235)?.reason).toBe('conversation: not a ChatGPT conversation (no "mapping" object)');
    expect(p.conversations).toHaveLength(N - damaged.length);
    expect(p.origins[0]).toBe(1);
    expect(p.meta.every((m, i) => m.title === `Conversation ${p.origins[i]}`)).toBe(true);
    // The first fixture conversation holds an image, the second an uploaded file; kept ones count.
    const kept = p.origins.map((o) => (o - 1) % 2);
    expect(p.unread).toEqual({ image: kept.filter((k) => k === 0).length, file: kept.filter((k) => k === 1).length });
  });
});
