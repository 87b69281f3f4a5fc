/**
 * What every chat-format reader hands back besides the turns: the conversation's own title and
 * times, and a count of what it held that is not text (images, files) and so was not read.
 */
import type { Conversation } from '../conversation';

export interface ConversationMeta {
  title?: string;
  /** Milliseconds since the epoch. */
  createdAt?: number;
  updatedAt?: number;
  /** The conversation's id in its source (ChatGPT conversation id, Claude uuid). */
  sourceId?: string;
  /** Non-text content seen and not read, by kind: { image: 2, file: 1 }. */
  unread?: Record<string, number>;
}

export interface ReadConversation {
  turns: Conversation;
  meta: ConversationMeta;
}

/** Counts of content that is not text; only ever counted, never fetched or decoded. */
export class Unread {
  readonly counts: Record<string, number> = {};

  add(kind: UnreadKind, n = 1): void {
    if (n > 0) this.counts[kind] = (this.counts[kind] ?? 0) + n;
  }

  get total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }

  /** The counts for ConversationMeta, or undefined when nothing was left unread. */
  snapshot(): Record<string, number> | undefined {
    return this.total ? { ...this.counts } : undefined;
  }
}

export type UnreadKind = 'image' | 'audio' | 'video' | 'file' | 'attachment' | 'other';

const PLURAL: Record<string, [string, string]> = {
  image: ['image', 'images'],
  audio: ['audio clip', 'audio clips'],
  video: ['video', 'videos'],
  file: ['file', 'files'],
  attachment: ['attachment', 'attachments'],
  other: ['non-text part', 'non-text parts'],
};

/** "1 image and 2 files not read"; '' when nothing was left unread. */
export function describeUnread(counts: Readonly<Record<string, number>> | undefined): string {
  const parts = Object.entries(counts ?? {})
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${(PLURAL[kind] ?? [kind, `${kind}s`])[n === 1 ? 0 : 1]}`);
  if (!parts.length) return '';
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `${list} not read`;
}

/** Adds one count map into another (totals over a file). */
export function addCounts(into: Record<string, number>, from: Readonly<Record<string, number>> | undefined): void {
  for (const [k, n] of Object.entries(from ?? {})) into[k] = (into[k] ?? 0) + n;
}

export const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A time given as epoch seconds (ChatGPT), epoch milliseconds or an ISO string (Claude), as ms. */
export function toMillis(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v < 1e11 ? Math.round(v * 1000) : Math.round(v);
  if (typeof v === 'string' && v.trim()) {
    const t = Date.parse(v);
    return Number.isFinite(t) ? t : undefined;
  }
  return undefined;
}

/** A short, single-line rendering of a tool's arguments for a turn that only called a tool. */
export function shortJson(v: unknown, max = 200): string {
  let s: string;
  if (typeof v === 'string') {
    // Arguments arrive as a JSON string in OpenAI's format: show them parsed when they parse.
    try { s = JSON.stringify(JSON.parse(v)); } catch { s = v; }
  } else {
    try { s = JSON.stringify(v) ?? ''; } catch { s = String(v); }
  }
  s = s.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
