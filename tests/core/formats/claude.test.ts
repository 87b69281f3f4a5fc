import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeParse, parseInput, MAX_BATCH_CHARS } from '../../../src/core/input';

const FIXTURE = readFileSync(resolve(__dirname, '../../fixtures/formats/claude-conversations.json'), 'utf8');
const parse = () => parseInput(FIXTURE, { source: 'conversations.json', maxChars: MAX_BATCH_CHARS });

describe('Claude export (conversations.json)', () => {
  it('is recognised by its shape; the empty conversation is reported by index, the rest are read', () => {
    const p = parse();
    expect(p.format).toBe('claude-export');
    expect(p.origins).toEqual([1, 2, 3, 5]);
    expect(p.skipped.map((s) => [s.line, s.reason])).toEqual([[4, 'conversation: no messages']]);
    expect(describeParse(p)).toBe('4 conversations read (Claude export); 1 skipped (conversation 4); 1 attachment and 1 file not read');
  });

  it('reads sender as the role and keeps the order', () => {
    const [launch] = parse().conversations;
    expect(launch.map((t) => t.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(launch[0].content).toBe('This quarter our priority is the spring launch of the BrightLeaf app; the launch date is 14 April.');
    expect(launch[2].content).toBe('I prefer answers with the recommendation first, then the reasons.');
  });

  it('does not read the text of attachments', () => {
    expect(parse().conversations.flat().some((t) => t.content.includes('Internal brief'))).toBe(false);
    expect(parse().meta[0].unread).toEqual({ attachment: 1, file: 1 });
  });

  it('reads a message with tool blocks block by block: text, tool call, tool result, text; thinking and the placeholder are left out', () => {
    const research = parse().conversations[1];
    expect(research).toEqual([
      { role: 'user', content: 'What did our competitor Lumen do with prices this year?' },
      { role: 'assistant', content: 'Let me look that up.' },
      { role: 'tool', content: '[called web_search({"query":"Lumen price increase 2025"})]' },
      { role: 'tool', content: 'web_search: Lumen raised list prices by 10% on 2 January.' },
      { role: 'assistant', content: 'Lumen raised prices by 10% in January.' },
    ]);
  });

  it('reads messages without content[] by sender (they used to come out with role unknown)', () => {
    expect(parse().conversations[2]).toEqual([
      { role: 'user', content: 'Use British spelling in every email draft.' },
      { role: 'assistant', content: 'Will do: British spelling from now on.' },
    ]);
  });

  it('a bare chat_messages array (messages without their conversation) is read by sender too', () => {
    const [launch, , older, , tools] = JSON.parse(FIXTURE) as Array<{ chat_messages: unknown[] }>;
    for (const conv of [launch, older, tools]) {
      const p = parseInput(JSON.stringify(conv.chat_messages));
      expect(p.format).toBe('json-messages');
      expect(p.conversations[0].map((t) => t.role)).toEqual(conv === launch ? ['user', 'assistant', 'user', 'assistant'] : ['user', 'assistant']);
    }
    expect(parseInput(JSON.stringify(tools.chat_messages)).conversations[0][0].content).toBe('We track every campaign in HubSpot\nand report in Looker.');
  });

  it('joins the text blocks of content[] when text is empty', () => {
    expect(parse().conversations[3][0]).toEqual({ role: 'user', content: 'We track every campaign in HubSpot\nand report in Looker.' });
  });

  it('keeps the name and times as conversation metadata', () => {
    expect(parse().meta[0]).toMatchObject({
      title: 'Spring launch plan', createdAt: Date.parse('2025-02-03T09:00:00Z'), updatedAt: Date.parse('2025-02-03T09:00:40Z'),
      sourceId: 'bbbb0000-0000-0000-0000-000000000001',
    });
  });
});
