/**
 * Recognises a chat-history export by its shape, never by its file name: a list (or a single
 * object, or `{conversations: [...]}`) of ChatGPT conversations (`mapping` trees) or Claude
 * conversations (`chat_messages` arrays). A list is taken as an export when most of its objects
 * have that shape, so one damaged conversation does not turn the file into something else.
 */
import { isChatGptConversation, readChatGptConversation } from './chatgpt';
import { isClaudeConversation, readClaudeConversation } from './claude';
import { isRecord, type ReadConversation } from './types';

export type ExportKind = 'chatgpt' | 'claude';

export interface DetectedExport {
  kind: ExportKind;
  /** The conversations of the file, in file order (damaged ones included: they are reported). */
  items: unknown[];
}

const SHAPES: Array<[ExportKind, (v: unknown) => boolean]> = [
  ['chatgpt', isChatGptConversation],
  ['claude', isClaudeConversation],
];

function kindOfList(items: readonly unknown[]): ExportKind | null {
  const objects = items.filter(isRecord).length;
  for (const [kind, test] of SHAPES) {
    const n = items.filter(test).length;
    if (n > 0 && n * 2 >= objects) return kind;
  }
  return null;
}

export function detectExport(value: unknown): DetectedExport | null {
  if (Array.isArray(value)) {
    const kind = kindOfList(value);
    return kind ? { kind, items: value } : null;
  }
  if (!isRecord(value)) return null;
  for (const [kind, test] of SHAPES) if (test(value)) return { kind, items: [value] };
  return Array.isArray(value.conversations) ? detectExport(value.conversations) : null;
}

/** One conversation of a detected export; null when unusable (why is pushed to `notes`). */
export function readExportItem(kind: ExportKind, item: unknown, notes: string[]): ReadConversation | null {
  if (kind === 'chatgpt') {
    if (isChatGptConversation(item)) return readChatGptConversation(item, notes);
    notes.push('not a ChatGPT conversation (no "mapping" object)');
    return null;
  }
  if (isClaudeConversation(item)) return readClaudeConversation(item, notes);
  notes.push('not a Claude conversation (no "chat_messages" array)');
  return null;
}

export const EXPORT_LABELS: Record<ExportKind, string> = { chatgpt: 'ChatGPT export', claude: 'Claude export' };
