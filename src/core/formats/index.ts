/** Chat formats people already have: exports of ChatGPT and Claude, and OpenAI-style messages. */
export { detectExport, readExportItem, EXPORT_LABELS, type ExportKind, type DetectedExport } from './exports';
export { isChatGptConversation, readChatGptConversation } from './chatgpt';
export { isClaudeConversation, readClaudeConversation } from './claude';
export { readMessage, textOfParts } from './openai';
export { describeUnread, addCounts, Unread, type ConversationMeta, type ReadConversation, type UnreadKind } from './types';
