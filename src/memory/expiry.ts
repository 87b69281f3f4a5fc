/**
 * Persistence horizons, read from the taxonomy's ttlDays / reviewAfterDays (never from category
 * names). A horizon counts from the memory's last write: restating or editing a fact renews it.
 * An explicit expiry date (metadata `expiration_date`) replaces the horizon.
 */
import { categoryInfo, MEMORY_CATEGORIES, type MemoryCategory } from '../core/taxonomy';

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When a memory of `category` written at `from` expires; null = never. An explicit date in its
 * metadata (see EXPIRATION_DATE_KEY) wins over the category's horizon.
 */
export function expiresAtFor(category: MemoryCategory, from: number, metadata?: Readonly<Record<string, unknown>>): number | null {
  const explicit = explicitExpiry(metadata);
  if (explicit !== undefined) return explicit;
  const ttl = categoryInfo(category).ttlDays;
  return ttl === null ? null : from + ttl * DAY_MS;
}

/** When a memory of an evolving category should be shown to its owner again; null = never. */
export function reviewAtFor(category: MemoryCategory, from: number): number | null {
  const days = categoryInfo(category).reviewAfterDays;
  return days === undefined ? null : from + days * DAY_MS;
}

export interface ExpiryFields {
  expiresAt: number | null;
  reviewAt?: number | null;
  pinned: boolean;
}

/** Pinned memories never expire, whatever their category. */
export function isExpired(m: ExpiryFields, now: number): boolean {
  return !m.pinned && m.expiresAt !== null && m.expiresAt <= now;
}

export function isDueForReview(m: ExpiryFields, now: number): boolean {
  return m.reviewAt != null && m.reviewAt <= now;
}

export interface ExpiryRow {
  category: MemoryCategory;
  /** null = never expires. */
  ttlDays: number | null;
  reviewAfterDays: number | null;
  horizonLabel: string;
}

/** The table the docs and the UI show: one row per storable category. */
export function expiryTable(): ExpiryRow[] {
  return MEMORY_CATEGORIES.map((category) => {
    const info = categoryInfo(category);
    return {
      category,
      ttlDays: info.ttlDays,
      reviewAfterDays: info.reviewAfterDays ?? null,
      horizonLabel: info.horizonLabel,
    };
  });
}

/**
 * An explicit expiry date, kept in metadata under mem0's key (`expiration_date: "YYYY-MM-DD"`):
 * it replaces the category's horizon. The memory lives through that whole day (UTC), as in mem0,
 * where a memory expiring today is not yet expired.
 */
export const EXPIRATION_DATE_KEY = 'expiration_date';

/** Milliseconds of 00:00 UTC of a strict "YYYY-MM-DD" day that exists; null otherwise. */
export function parseIsoDay(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(t);
  // Date.UTC rolls 2099-02-30 over to March: a real day must come back unchanged.
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? t : null;
}

/** The end of the explicit expiry day, when metadata holds a valid one. */
export function explicitExpiry(metadata: Readonly<Record<string, unknown>> | undefined): number | undefined {
  const v = metadata?.[EXPIRATION_DATE_KEY];
  if (typeof v !== 'string') return undefined;
  const day = parseIsoDay(v);
  return day === null ? undefined : day + DAY_MS;
}
