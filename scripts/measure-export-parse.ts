/**
 * How long reading a large ChatGPT export takes (parseInput: JSON.parse, detection, walking each
 * conversation's tree). Synthetic: the fixture's first conversation with 8 more turns of ~370
 * characters, repeated N times (default 3,000). Usage: npx tsx scripts/measure-export-parse.ts [N]
 */
import { readFileSync } from 'node:fs';
import { parseInput, MAX_BATCH_CHARS } from '../src/core/input';
const base = JSON.parse(readFileSync('tests/fixtures/formats/chatgpt-conversations.json', 'utf8'))[0];
const N = Number(process.argv[2] ?? 3000);
const list = [];
for (let i = 0; i < N; i++) {
  const c = structuredClone(base);
  // 5 copies of the user/assistant exchange chained after the current node: ~20 visible turns.
  let parent = c.current_node;
  for (let k = 0; k < 8; k++) {
    const id = `n${k}`; const role = k % 2 ? 'assistant' : 'user';
    c.mapping[id] = { id, parent, children: [], message: { id, author: { role, name: null, metadata: {} }, create_time: 1736935300 + k, content: { content_type: 'text', parts: [`Turn ${k} of conversation ${i}: ${'We plan the spring campaign around the BrightLeaf launch and keep the brand voice warm. '.repeat(4)}`] }, status: 'finished_successfully', metadata: {}, recipient: 'all' } };
    c.mapping[parent].children.push(id); parent = id;
  }
  c.current_node = parent; c.conversation_id = `c${i}`;
  list.push(c);
}
const text = JSON.stringify(list);
const t0 = performance.now();
const p = parseInput(text, { source: 'conversations.json', maxChars: MAX_BATCH_CHARS });
const ms = performance.now() - t0;
console.log(`${N} conversations, ${(text.length / 1e6).toFixed(1)} MB: ${p.conversations.length} read, ${p.conversations[0].length} turns each, parseInput ${ms.toFixed(0)} ms (${(ms / N).toFixed(3)} ms/conversation)`);
