/**
 * A ChatGPT data export (`conversations.json`): a list of conversations, each a `mapping` tree of
 * nodes ({id, message, parent, children}) with a `current_node` pointing at the last message the
 * person saw. Regenerated answers and edited questions are sibling branches in the tree; the
 * conversation as last shown is the path from `current_node` back through `parent` to the root,
 * so only that path is read. Nodes without a message, with empty content, or hidden from the
 * conversation (`metadata.is_visually_hidden_from_conversation`, custom-instruction and memory
 * context nodes) are skipped.
 *
 * Content types: text and multimodal_text parts are joined (image and audio pointers are counted
 * as not read, never fetched); code (a call to the Python tool) becomes a fenced block of the
 * assistant's turn; execution_output, browsing results and quotes become tool turns; reasoning
 * (thoughts, reasoning_recap) is skipped like any hidden node.
 */
import { normalizeRole, type Turn } from '../conversation';
import { isRecord, toMillis, Unread, type ReadConversation } from './types';

/** A conversation of a ChatGPT export, recognised by its shape: a `mapping` object of nodes. */
export function isChatGptConversation(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && isRecord(v.mapping);
}

/** Content types that never hold what the person said: model reasoning and hidden context. */
const SKIPPED_TYPES = new Set(['thoughts', 'reasoning_recap', 'user_editable_context', 'model_editable_context', 'system_error']);
const TOOL_TEXT_TYPES = new Set(['execution_output', 'tether_browsing_display', 'tether_quote', 'computer_output']);

interface NodeLike {
  message?: unknown;
  parent?: unknown;
  children?: unknown;
}

/** The node ids from the root to `leaf`, following parent links (a cycle stops the walk). */
function pathTo(mapping: Record<string, unknown>, leaf: string): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  for (let id: unknown = leaf; typeof id === 'string' && isRecord(mapping[id]) && !seen.has(id);) {
    seen.add(id);
    path.push(id);
    id = (mapping[id] as NodeLike).parent;
  }
  return path.reverse();
}

/** Without a usable `current_node`: the newest leaf, the branch a person most likely saw last. */
function newestLeaf(mapping: Record<string, unknown>): string | null {
  let best: string | null = null;
  let bestTime = -Infinity;
  for (const [id, node] of Object.entries(mapping)) {
    if (!isRecord(node)) continue;
    if (Array.isArray(node.children) && node.children.some((c) => typeof c === 'string' && c in mapping)) continue;
    const t = isRecord(node.message) ? toMillis(node.message.create_time) ?? 0 : 0;
    if (t >= bestTime) { best = id; bestTime = t; }
  }
  return best;
}

function textOfContent(content: Record<string, unknown>, unread: Unread): string {
  const texts: string[] = [];
  if (Array.isArray(content.parts)) {
    for (const part of content.parts) {
      if (typeof part === 'string') texts.push(part);
      else if (isRecord(part)) {
        const type = typeof part.content_type === 'string' ? part.content_type : '';
        if (type === 'audio_transcription' && typeof part.text === 'string') texts.push(part.text);
        else if (type.startsWith('image')) unread.add('image');
        else if (type.includes('audio')) unread.add('audio');
        else if (type.includes('video')) unread.add('video');
        else if (typeof part.text === 'string') texts.push(part.text);
        else unread.add('other');
      }
    }
  }
  if (typeof content.text === 'string') texts.push(content.text);
  if (typeof content.result === 'string') texts.push(content.result); // browsing display
  return texts.map((t) => t.trim()).filter(Boolean).join('\n');
}

/** One node's message as a turn, or null for hidden, empty and reasoning nodes. */
function turnOf(message: Record<string, unknown>, unread: Unread): Turn | null {
  const meta = isRecord(message.metadata) ? message.metadata : {};
  if (meta.is_visually_hidden_from_conversation === true) return null;
  const author = isRecord(message.author) ? message.author : {};
  const content = isRecord(message.content) ? message.content : {};
  const type = typeof content.content_type === 'string' ? content.content_type : 'text';
  if (SKIPPED_TYPES.has(type)) return null;
  // Files the person attached (images are counted from the parts that point at them).
  if (Array.isArray(meta.attachments)) {
    for (const a of meta.attachments) {
      const mime = isRecord(a) && typeof a.mime_type === 'string' ? a.mime_type : isRecord(a) && typeof a.mimeType === 'string' ? a.mimeType : '';
      if (!mime.startsWith('image/')) unread.add('file');
    }
  }
  let text = textOfContent(content, unread);
  if (!text) return null;
  let role = normalizeRole(author.role);
  if (type === 'code') {
    const lang = typeof content.language === 'string' && content.language !== 'unknown' ? content.language : '';
    text = `\`\`\`${lang}\n${text}\n\`\`\``;
  } else if (TOOL_TEXT_TYPES.has(type)) {
    role = 'tool';
  } else if (typeof message.recipient === 'string' && message.recipient !== 'all' && role === 'assistant') {
    // The assistant addressing a tool (an image prompt, a search) rather than the person.
    text = `[to ${message.recipient}] ${text}`;
  }
  if (role === 'tool' && typeof author.name === 'string' && author.name) text = `${author.name}: ${text}`;
  return { role, content: text };
}

/**
 * The conversation as the person last saw it; `null` when it holds no text turn (the reason is
 * pushed to `notes`).
 */
export function readChatGptConversation(conv: Record<string, unknown>, notes: string[]): ReadConversation | null {
  const mapping = conv.mapping as Record<string, unknown>;
  const unread = new Unread();
  const current = typeof conv.current_node === 'string' && isRecord(mapping[conv.current_node]) ? conv.current_node : null;
  const leaf = current ?? newestLeaf(mapping);
  if (!current && leaf) notes.push('no current_node: read the newest branch');
  const turns: Turn[] = [];
  let skipped = 0;
  for (const id of leaf ? pathTo(mapping, leaf) : []) {
    const message = (mapping[id] as NodeLike).message;
    const turn = isRecord(message) ? turnOf(message, unread) : null;
    if (turn) turns.push(turn);
    else skipped++;
  }
  const title = typeof conv.title === 'string' && conv.title.trim() ? conv.title.trim() : undefined;
  if (!turns.length) {
    notes.push(`no text turns${Object.keys(mapping).length ? ` (${skipped} empty or hidden node${skipped === 1 ? '' : 's'})` : ' (empty mapping)'}`);
    return null;
  }
  const sourceId = typeof conv.conversation_id === 'string' ? conv.conversation_id : typeof conv.id === 'string' ? conv.id : undefined;
  return {
    turns,
    meta: {
      ...(title ? { title } : {}),
      ...(toMillis(conv.create_time) !== undefined ? { createdAt: toMillis(conv.create_time) } : {}),
      ...(toMillis(conv.update_time) !== undefined ? { updatedAt: toMillis(conv.update_time) } : {}),
      ...(sourceId ? { sourceId } : {}),
      ...(unread.snapshot() ? { unread: unread.snapshot() } : {}),
    },
  };
}
