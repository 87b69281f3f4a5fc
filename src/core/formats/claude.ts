/**
 * A Claude data export (`conversations.json`): a list of conversations ({uuid, name, created_at,
 * updated_at, chat_messages}), each message {sender: human | assistant, text, content[], attachments,
 * files}. `sender` gives the role. A message's `text` is preferred; without it the text blocks of
 * `content[]` are joined. When `content[]` holds tool blocks, the message is read block by block
 * so the order survives: text blocks are the sender's turn, tool_use and tool_result blocks are
 * tool turns. Thinking blocks are skipped (the model's reasoning, not what was said); images,
 * attachments and files are counted as not read (an attachment's extracted text is not taken).
 */
import { normalizeRole, type Role, type Turn } from '../conversation';
import { isRecord, shortJson, toMillis, Unread, type ReadConversation } from './types';

/** A conversation of a Claude export, recognised by its shape: a `chat_messages` array. */
export function isClaudeConversation(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && Array.isArray(v.chat_messages);
}

const TOOL_BLOCKS = new Set(['tool_use', 'tool_result', 'server_tool_use', 'web_search_tool_result']);

/** Text of a tool_result's content: a string, or blocks of which only text is read. */
function resultText(content: unknown, unread: Unread): string {
  if (typeof content === 'string') return content.trim();
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const b of content) {
    if (isRecord(b) && typeof b.text === 'string') texts.push(b.text.trim());
    else if (isRecord(b) && b.type === 'image') unread.add('image');
  }
  return texts.filter(Boolean).join('\n');
}

function toolTurn(block: Record<string, unknown>, unread: Unread): Turn | null {
  const name = typeof block.name === 'string' && block.name ? block.name : 'tool';
  if (block.type === 'tool_use' || block.type === 'server_tool_use') {
    return { role: 'tool', content: `[called ${name}(${block.input === undefined ? '' : shortJson(block.input)})]` };
  }
  const text = resultText(block.content, unread);
  return text ? { role: 'tool', content: `${name}: ${text}` } : null;
}

/** One message as turns: usually one, more when tool blocks split it. */
function turnsOf(message: Record<string, unknown>, unread: Unread): Turn[] {
  const role: Role = normalizeRole(message.sender ?? message.role);
  const blocks = Array.isArray(message.content) ? message.content.filter(isRecord) : [];
  for (const b of blocks) if (b.type === 'image') unread.add('image');
  unread.add('attachment', Array.isArray(message.attachments) ? message.attachments.length : 0);
  unread.add('file', Array.isArray(message.files) ? message.files.length : 0);
  const hasTools = blocks.some((b) => typeof b.type === 'string' && TOOL_BLOCKS.has(b.type));
  if (!hasTools) {
    const text = typeof message.text === 'string' && message.text.trim()
      ? message.text.trim()
      : blocks.filter((b) => b.type === 'text' && typeof b.text === 'string').map((b) => (b.text as string).trim()).filter(Boolean).join('\n');
    return text ? [{ role, content: text }] : [];
  }
  const turns: Turn[] = [];
  let said: string[] = [];
  const flush = () => {
    const text = said.filter(Boolean).join('\n');
    if (text) turns.push({ role, content: text });
    said = [];
  };
  for (const b of blocks) {
    if (b.type === 'text' && typeof b.text === 'string') said.push(b.text.trim());
    else if (typeof b.type === 'string' && TOOL_BLOCKS.has(b.type)) {
      flush();
      const t = toolTurn(b, unread);
      if (t) turns.push(t);
    }
  }
  flush();
  return turns;
}

/** The conversation in message order; `null` when it holds no text turn (the reason goes to `notes`). */
export function readClaudeConversation(conv: Record<string, unknown>, notes: string[]): ReadConversation | null {
  const unread = new Unread();
  const messages = (conv.chat_messages as unknown[]).filter(isRecord);
  const turns = messages.flatMap((m) => turnsOf(m, unread));
  if (!turns.length) {
    notes.push(messages.length ? `no text turns (${messages.length} message${messages.length === 1 ? '' : 's'} without text)` : 'no messages');
    return null;
  }
  const title = typeof conv.name === 'string' && conv.name.trim() ? conv.name.trim() : undefined;
  const createdAt = toMillis(conv.created_at);
  const updatedAt = toMillis(conv.updated_at);
  return {
    turns,
    meta: {
      ...(title ? { title } : {}),
      ...(createdAt !== undefined ? { createdAt } : {}),
      ...(updatedAt !== undefined ? { updatedAt } : {}),
      ...(typeof conv.uuid === 'string' ? { sourceId: conv.uuid } : {}),
      ...(unread.snapshot() ? { unread: unread.snapshot() } : {}),
    },
  };
}
