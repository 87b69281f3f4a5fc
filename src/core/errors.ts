/**
 * Typed errors with a stable `code` and a message that tells the user what to do.
 * They cross worker boundaries as plain `{name, code, message, details}` objects
 * (see `serializeError` / `deserializeError`), never as bare strings.
 */

export type ErrorCode =
  | 'EMPTY_INPUT'
  | 'INPUT_TOO_LARGE'
  | 'BINARY_INPUT'
  | 'MALFORMED_JSON'
  | 'WRONG_SCHEMA'
  | 'MODEL_LOAD_FAILED'
  | 'MODEL_NOT_FOUND'
  | 'MODEL_FORMAT'
  | 'NO_WEBGPU'
  | 'DEVICE_LOST'
  | 'CANCELLED'
  | 'STORAGE_FULL'
  | 'STORAGE_UNAVAILABLE'
  | 'NOT_FOUND'
  /** A write over a newer version than the one it started from (another tab changed it). */
  | 'CONFLICT'
  | 'ENGINE_NOT_READY'
  | 'INTERNAL';

export class RouterError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'RouterError';
    this.code = code;
    this.details = details;
  }
}

export interface SerializedError {
  name: string;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof RouterError) {
    return { name: err.name, code: err.code, message: err.message, details: err.details };
  }
  if (err instanceof Error) {
    // DOMException names (QuotaExceededError, AbortError) carry meaning: keep them.
    return { name: err.name, code: codeForForeignError(err), message: err.message };
  }
  return { name: 'Error', code: 'INTERNAL', message: String(err) };
}

export function deserializeError(e: SerializedError): RouterError {
  const err = new RouterError(e.code, e.message, e.details);
  if (e.name && e.name !== 'Error') err.name = e.name;
  return err;
}

function codeForForeignError(err: Error): ErrorCode {
  const name = err.name ?? '';
  if (name === 'QuotaExceededError' || /quota/i.test(err.message)) return 'STORAGE_FULL';
  if (name === 'AbortError') return 'CANCELLED';
  if (name === 'DeviceLostError' || /device (was )?lost/i.test(err.message)) return 'DEVICE_LOST';
  return 'INTERNAL';
}

/** Turns anything thrown into a RouterError, keeping typed ones as they are. */
export function toRouterError(err: unknown, fallback: ErrorCode = 'INTERNAL'): RouterError {
  if (err instanceof RouterError) return err;
  const s = serializeError(err);
  return new RouterError(s.code === 'INTERNAL' ? fallback : s.code, s.message);
}
