/** The expiry badge of a memory: how long it is kept, in words a marketer reads at a glance. */
const DAY = 24 * 60 * 60 * 1000;

export type BadgeTone = 'ok' | 'warn' | 'bad' | 'neutral';

export interface ExpiryLabel {
  text: string;
  tone: BadgeTone;
}

export interface ExpiryInput {
  expiresAt: number | null;
  reviewAt?: number | null;
  pinned: boolean;
}

function inDays(ms: number): string {
  const days = Math.ceil(ms / DAY);
  if (days <= 1) return 'within a day';
  if (days < 60) return `in ${days} days`;
  const months = Math.round(days / 30);
  return `in ${months} months`;
}

/** Soon = within two weeks: the owner may want to pin or restate it. */
const SOON_MS = 14 * DAY;

export function expiryLabel(m: ExpiryInput, now: number): ExpiryLabel {
  if (m.pinned) return { text: 'pinned · kept', tone: 'ok' };
  if (m.expiresAt === null) {
    if (m.reviewAt != null && m.reviewAt <= now) return { text: 'due for review', tone: 'warn' };
    return { text: 'kept', tone: 'neutral' };
  }
  const left = m.expiresAt - now;
  if (left <= 0) return { text: 'expired', tone: 'bad' };
  return { text: `expires ${inDays(left)}`, tone: left <= SOON_MS ? 'warn' : 'neutral' };
}
