import { describe, expect, it } from 'vitest';
import { segmentConversation, segmentText } from '../../src/core/router/segment';

const pieces = (text: string) => segmentText(text).map(([a, b]) => text.slice(a, b));

describe('segmentText', () => {
  it.each([
    ['two sentences', 'Our brand voice is warm and plain. Please keep answers short!', ['Our brand voice is warm and plain.', 'Please keep answers short!']],
    ['a clause join with two facts', 'We use HubSpot for CRM, and our brand voice is confident but never arrogant.', ['We use HubSpot for CRM', 'and our brand voice is confident but never arrogant.']],
    ['"but" joining two facts', 'Our voice is dry British wit, but I personally want your replies in plain American English.', ['Our voice is dry British wit', 'but I personally want your replies in plain American English.']],
    ['a semicolon', 'Dr. Ng approves all claims; legal reviews the rest within two days', ['Dr. Ng approves all claims', 'legal reviews the rest within two days']],
    ['"and" inside one fact stays', 'Our tone is warm and plain-spoken', ['Our tone is warm and plain-spoken']],
    ['"but" without a comma stays', 'playful but never snarky', ['playful but never snarky']],
    ['a short clause does not split', 'We use HubSpot, and Looker.', ['We use HubSpot, and Looker.']],
    ['e.g. is not a sentence end', 'e.g. lower case after a dot stays together', ['e.g. lower case after a dot stays together']],
    ['Q3. ends a sentence; $5.5k does not', 'Budget is $5.5k for Q3. Launch in May.', ['Budget is $5.5k for Q3.', 'Launch in May.']],
    ['lower case after a full stop still splits', 'ok sounds good. we use hubspot for everything', ['ok sounds good.', 'we use hubspot for everything']],
    ['an initial is not a sentence end', 'Ask J. Smith about the budget', ['Ask J. Smith about the budget']],
    ['bullets and numbered lists', '- first item\n* second item\n\n3) third item here\n4. fourth one', ['first item', 'second item', 'third item here', 'fourth one']],
    ['emoji stay inside their sentence', 'I love it 😍 we use klaviyo for email 🚀', ['I love it 😍 we use klaviyo for email 🚀']],
    ['no punctuation at all', 'our brand voice is warm never salesy', ['our brand voice is warm never salesy']],
    ['only punctuation or space', ' ... !! \n -- ', []],
  ])('%s', (_name, text, expected) => {
    expect(pieces(text)).toEqual(expected);
  });

  it('cuts a wall of text without punctuation into pieces of at most 60 words', () => {
    const text = Array.from({ length: 130 }, (_, i) => `w${i}`).join(' ');
    const p = pieces(text);
    expect(p.map((x) => x.split(' ').length)).toEqual([60, 60, 10]);
    expect(p.join(' ')).toBe(text);
  });

  it('handles a 100 KB single line in linear time, and every piece is an exact slice', () => {
    const text = 'We use HubSpot for CRM and Looker for dashboards '.repeat(2100).slice(0, 100_000);
    const t0 = performance.now();
    const ranges = segmentText(text);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(ranges.length).toBeGreaterThan(100);
    for (const [a, b] of ranges) expect(a).toBeLessThan(b);
  });
});

describe('segmentConversation', () => {
  it('keeps turn, role and exact offsets', () => {
    const turns = [
      { role: 'user' as const, content: 'Hi! I run growth at a fintech. We use HubSpot.' },
      { role: 'assistant' as const, content: 'Noted.' },
    ];
    const segs = segmentConversation(turns);
    expect(segs.map((s) => [s.turn, s.role, s.text])).toEqual([
      [0, 'user', 'Hi!'], [0, 'user', 'I run growth at a fintech.'], [0, 'user', 'We use HubSpot.'], [1, 'assistant', 'Noted.'],
    ]);
    for (const s of segs) expect(turns[s.turn].content.slice(s.start, s.end)).toBe(s.text);
  });
});
