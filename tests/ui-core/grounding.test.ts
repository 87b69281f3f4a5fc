import { describe, expect, it } from 'vitest';
import { buildGroundedMessages, HISTORY_TURNS, memoryBlock } from '../../src/ui/chat/grounding';
import type { ChatTurn } from '../../src/engines/types';

describe('grounded chat messages', () => {
  it('puts retrieved memories, with scope and category, into the system turn', () => {
    const msgs = buildGroundedMessages([], [
      { text: 'Brand voice is warm and plain.', category: 'company.brand_core' },
      { text: 'Prefers bullet points.', category: 'user.communication_style' },
    ], 'Write a tagline');
    expect(msgs.map((m) => m.role)).toEqual(['system', 'user']);
    expect(msgs[0].content).toContain('1. [company · Brand core] Brand voice is warm and plain.');
    expect(msgs[0].content).toContain('2. [user · Communication style] Prefers bullet points.');
    expect(msgs[1].content).toBe('Write a tagline');
  });

  it('says when nothing relevant was found instead of leaving the block empty', () => {
    expect(memoryBlock([])).toBe('Memories: none relevant to this message.');
  });

  it('keeps only the most recent turns of the history', () => {
    const history: ChatTurn[] = Array.from({ length: 20 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `t${i}` }));
    const msgs = buildGroundedMessages(history, [], 'now');
    expect(msgs).toHaveLength(HISTORY_TURNS + 2);
    expect(msgs[1].content).toBe(`t${20 - HISTORY_TURNS}`);
    expect(msgs.at(-1)?.content).toBe('now');
  });
});
