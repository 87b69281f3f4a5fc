/** Conversation shapes shared by loaders, prompt, engines and memory layer. */

/** `tool`: a tool's output or a function's result (OpenAI tool/function, ChatGPT tool, Claude tool blocks). */
export type Role = 'user' | 'assistant' | 'system' | 'tool' | 'unknown';

export const ROLES: readonly Role[] = ['user', 'assistant', 'system', 'tool', 'unknown'];

export interface Turn {
  role: Role;
  content: string;
}

export type Conversation = Turn[];

const ROLE_ALIASES: Record<string, Role> = {
  user: 'user', human: 'user', customer: 'user', client: 'user',
  assistant: 'assistant', ai: 'assistant', bot: 'assistant', model: 'assistant', agent: 'assistant',
  // OpenAI's `developer` messages are the newer name for system instructions.
  system: 'system', developer: 'system',
  tool: 'tool', function: 'tool',
};

export function normalizeRole(value: unknown): Role {
  if (typeof value !== 'string') return 'unknown';
  return ROLE_ALIASES[value.trim().toLowerCase()] ?? 'unknown';
}

const TRANSCRIPT_LINE = /^\s*(user|human|customer|client|assistant|ai|bot|model|agent|system)\s*:\s?(.*)$/i;

/**
 * Parses a plain transcript ("USER: ...\nASSISTANT: ..."). Lines without a role prefix continue the
 * previous turn; text before any prefix becomes a single user turn, so pasted prose still routes.
 */
export function parseTranscript(text: string): Conversation {
  const turns: Conversation = [];
  for (const line of text.split(/\r?\n/)) {
    const m = TRANSCRIPT_LINE.exec(line);
    if (m) {
      turns.push({ role: normalizeRole(m[1]), content: m[2] });
    } else if (turns.length > 0) {
      const last = turns[turns.length - 1];
      last.content = last.content ? `${last.content}\n${line}` : line;
    } else if (line.trim()) {
      turns.push({ role: 'user', content: line });
    }
  }
  for (const t of turns) t.content = t.content.trim();
  return turns.filter((t) => t.content.length > 0);
}

/** Renders turns the way the published prompt did: "ROLE: content" per line. */
export function formatTranscript(conversation: Conversation): string {
  return conversation.map((t) => `${t.role.toUpperCase()}: ${t.content}`).join('\n');
}

/** All text of a conversation, user turns first-class: what the lite models read. */
export function conversationText(conversation: Conversation): string {
  return conversation.map((t) => t.content).join('\n');
}
