import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeParse, parseInput, MAX_BATCH_CHARS } from '../../../src/core/input';

const FIXTURE = readFileSync(resolve(__dirname, '../../fixtures/formats/chatgpt-conversations.json'), 'utf8');
const parse = () => parseInput(FIXTURE, { source: 'conversations.json', maxChars: MAX_BATCH_CHARS });

describe('ChatGPT export (conversations.json)', () => {
  it('is recognised by its shape and reads every conversation that has text; the empty one is reported by index', () => {
    const p = parse();
    expect(p.format).toBe('chatgpt-export');
    expect(p.origins).toEqual([1, 2, 4]);
    expect(p.skipped).toEqual([{ file: 'conversations.json', line: 3, reason: 'conversation "New chat": no text turns (1 empty or hidden node)' }]);
    expect(describeParse(p)).toBe('3 conversations read (ChatGPT export); 1 skipped (conversation 3); 1 image and 1 file not read');
  });

  it('follows current_node back to the root: the edited question and the first of two regenerated answers are left out', () => {
    const [brand] = parse().conversations;
    expect(brand).toEqual([
      { role: 'user', content: 'Our brand voice is warm, plain-spoken and never salesy. What tone should the spring newsletter use?' },
      { role: 'assistant', content: 'Keep it warm and plain: short sentences, no hype.' },
      { role: 'user', content: 'Here is our logo. Always write the company name as BrightLeaf, one word with a capital L.' },
      { role: 'assistant', content: 'Noted: BrightLeaf, one word, capital L.' },
    ]);
  });

  it('skips hidden system and custom-instruction nodes, null and empty messages', () => {
    const text = parse().conversations.flat().map((t) => t.content).join('\n');
    expect(text).not.toMatch(/I work in marketing|Be brief|friendly tone|Brightleaf\./);
    expect(parse().conversations.flat().every((t) => t.content.trim().length > 0)).toBe(true);
  });

  it('maps code to a fenced block of the assistant, execution output to a tool turn, and skips reasoning', () => {
    const q3 = parse().conversations[1];
    expect(q3.map((t) => t.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(q3[1].content).toMatch(/^```python\nimport pandas as pd\n[\s\S]*\n```$/);
    expect(q3[2].content).toBe('python: channel\nsearch    21000\nsocial    29000');
    expect(q3.map((t) => t.content).join('\n')).not.toMatch(/Summing|add to 50k/);
  });

  it('keeps titles, times and ids as conversation metadata, and what was not read', () => {
    const { meta } = parse();
    expect(meta[0]).toEqual({
      title: 'Brand voice for the newsletter', createdAt: Date.UTC(2025, 0, 15, 10), updatedAt: Date.UTC(2025, 0, 15, 10, 2, 10),
      sourceId: 'aaaa0000-0000-0000-0000-000000000064', unread: { image: 1 },
    });
    expect(meta[1]).toMatchObject({ title: 'Q3 budget by channel', unread: { file: 1 } });
    expect(meta[2]).toMatchObject({ title: 'Answer style' });
  });

  it('without current_node reads the newest branch, and says so', () => {
    const p = parse();
    expect(p.conversations[2]).toEqual([
      { role: 'user', content: 'Please keep answers short, in bullet points.' },
      { role: 'assistant', content: 'Will do: short bullets from now on.' },
    ]);
    expect(p.repaired.find((r) => r.line === 4)?.reason).toMatch(/no current_node: read the newest branch/);
  });

  it('one conversation on its own (an object, not a list) is read too; a broken parent cycle does not hang', () => {
    const one = JSON.parse(FIXTURE)[0];
    expect(parseInput(JSON.stringify(one)).conversations[0]).toHaveLength(4);
    const loop = { title: 'loop', current_node: 'a', mapping: {
      a: { id: 'a', parent: 'b', children: [], message: { author: { role: 'user' }, content: { content_type: 'text', parts: ['We use HubSpot.'] } } },
      b: { id: 'b', parent: 'a', children: ['a'], message: null },
    } };
    expect(parseInput(JSON.stringify([loop])).conversations).toEqual([[{ role: 'user', content: 'We use HubSpot.' }]]);
  });

  it('a list where most items are not conversations is not taken for an export', () => {
    const p = parseInput(JSON.stringify([{ role: 'user', content: 'hello' }, { role: 'assistant', content: 'hi' }, { mapping: {} }]));
    expect(p.format).toBe('json-messages');
  });
});
