import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeParse, parseInput } from '../../../src/core/input';

const FIXTURE = readFileSync(resolve(__dirname, '../../fixtures/formats/openai-messages.json'), 'utf8');

describe('OpenAI chat messages', () => {
  it('loses no text turn: every message of the fixture becomes a turn, in order', () => {
    const p = parseInput(FIXTURE);
    expect(p.format).toBe('json-messages');
    expect(p.conversations[0]).toEqual([
      { role: 'system', content: 'You are a marketing assistant for BrightLeaf.' },
      { role: 'system', content: 'Answer in British English.' },
      { role: 'user', content: 'Our brand colour is forest green (#1F6F43).\nUse it in every social post.' },
      { role: 'assistant', content: '[called get_campaign_stats({"campaign":"spring","metric":"ctr"})]' },
      { role: 'tool', content: '{"ctr": 0.031}' },
      { role: 'assistant', content: '[called lookup_budget({"quarter":"Q3"})]' },
      { role: 'tool', content: 'lookup_budget: {"budget": 50000}' },
      { role: 'assistant', content: "The spring campaign's CTR is 3.1% and the Q3 budget is $50k." },
    ]);
  });

  it('notes the image it did not read, and fetches nothing', () => {
    const p = parseInput(FIXTURE);
    expect(p.unread).toEqual({ image: 1 });
    expect(p.repaired[0].reason).toBe('turn 2: 1 non-text part not read');
    expect(describeParse(p)).toBe('1 conversation read (JSON messages); 1 image not read');
    expect(p.conversations[0].some((t) => t.content.includes('base64'))).toBe(false);
  });

  it('reads the Responses API part types and refusals; a message of only an image is dropped with a note', () => {
    const p = parseInput(JSON.stringify({ messages: [
      { role: 'user', content: [{ type: 'input_text', text: 'We report weekly on Mondays.' }, { type: 'input_image', image_url: 'https://example.com/a.png' }] },
      { role: 'assistant', content: [{ type: 'output_text', text: 'Noted.' }] },
      { role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot share that.' }] },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/b.png' } }] },
    ] }));
    expect(p.conversations[0].map((t) => t.content)).toEqual(['We report weekly on Mondays.', 'Noted.', 'I cannot share that.']);
    expect(p.repaired[0].reason).toContain('turn 3 has no text content (dropped; 1 non-text part not read)');
    expect(p.unread).toEqual({ image: 2 });
  });

  it('an assistant turn with text and tool calls keeps both', () => {
    const p = parseInput(JSON.stringify([{ role: 'assistant', content: 'Let me check.', tool_calls: [{ id: 'c', type: 'function', function: { name: 'search', arguments: '{"q":"x"}' } }] }]));
    expect(p.conversations[0][0]).toEqual({ role: 'assistant', content: 'Let me check.\n[called search({"q":"x"})]' });
  });
});
