/**
 * Who a call is about. User ids are trimmed and a blank one is refused (the same rule for every
 * method, so "ann " and "ann" are one user). Calls that delete more than one memory must name a
 * user, or say `{ all: true }` to reach every user's memories: a forgotten argument must never
 * empty the store.
 */
import { RouterError } from '../core/errors';
import { show } from '../core/util/validate';

/** A user id, trimmed; numbers are taken as their text (ids from databases often are numbers). */
export function checkUserId(value: unknown, name = 'userId'): string {
  const v = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof v !== 'string') throw new RouterError('WRONG_SCHEMA', `Invalid ${name}: expected text, found ${show(v)}. Provide a valid identifier.`);
  const trimmed = v.trim();
  if (!trimmed) throw new RouterError('WRONG_SCHEMA', `Invalid ${name}: cannot be empty or whitespace-only. Provide a valid identifier.`);
  return trimmed;
}

export function optionalUserId(value: unknown, name = 'userId'): string | undefined {
  return value === undefined ? undefined : checkUserId(value, name);
}

export interface ScopeOptions {
  userId?: string;
  /** Required to act on every user's memories when no userId is given. */
  all?: boolean;
}

/** The user a bulk operation is limited to, or null for everyone (only with `all: true`). */
export function bulkScope(opts: ScopeOptions | undefined, what: string): { userId: string } | null {
  if (opts?.userId !== undefined) return { userId: checkUserId(opts.userId) };
  if (opts?.all === true) return null;
  throw new RouterError(
    'WRONG_SCHEMA',
    `${what} needs a scope: pass { userId } for one user's memories, or { all: true } for every user's. Nothing was deleted.`,
  );
}

const shown = (v: unknown) => (typeof v === 'number' ? String(v) : show(v));

/** A result limit: a whole number, 0 or more. */
export function checkLimit(value: unknown, name = 'limit'): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RouterError('WRONG_SCHEMA', `Invalid ${name}: ${shown(value)}. Must be a non-negative integer.`);
  }
  return value;
}

/** A relevance floor on the 0-1 scale every search mode reports. */
export function checkThreshold(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new RouterError('WRONG_SCHEMA', `Invalid threshold: ${shown(value)}. Must be between 0 and 1 (inclusive): it is a floor on each result's relevance.`);
  }
  return value;
}
