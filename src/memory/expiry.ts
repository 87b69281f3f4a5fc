/**
 * Persistence horizons, read from the taxonomy's ttlDays / reviewAfterDays (never from category
 * names). A horizon counts from the memory's last write: restating or editing a fact renews it.
 */
import { categoryInfo, MEMORY_CATEGORIES, type MemoryCategory } from '../core/taxonomy';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** When a memory of `category` written at `from` expires; null = never. */
export function expiresAtFor(category: MemoryCategory, from: number): number | null {
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
