/** One look for every page state: loading, empty, error (with what to do), info. */
import type { ReactNode } from 'react';
import type { RouterError } from '../../core/errors';

export type NoticeKind = 'info' | 'loading' | 'empty' | 'error' | 'warning' | 'success';

export function Notice({ kind, title, children, testId }: { kind: NoticeKind; title?: string; children?: ReactNode; testId?: string }) {
  const urgent = kind === 'error';
  return (
    <div
      className={`notice notice-${kind}`}
      role={urgent ? 'alert' : 'status'}
      aria-live={urgent ? 'assertive' : 'polite'}
      data-testid={testId}
    >
      {title && <strong className="notice-title">{title}</strong>}
      {children && <div className="notice-body">{children}</div>}
    </div>
  );
}

/** What the user can do about each kind of failure; the error's own message says what happened. */
const ADVICE: Partial<Record<RouterError['code'], string>> = {
  STORAGE_UNAVAILABLE: 'This browser does not allow storage for this page (private window or blocked site data): allow site data, or use a normal window.',
  NO_WEBGPU: 'This browser has no WebGPU: use router-lite (works on any CPU), or open the page in a recent Chrome or Edge.',
  DEVICE_LOST: 'The GPU was reset: reload the model on the Models page.',
  ENGINE_NOT_READY: 'Load the model first (Models page), or pick router-lite.',
  MODEL_LOAD_FAILED: 'Check your connection for the first download, then try again; cached models load offline.',
};

export function ErrorNotice({ error, title = 'Something went wrong', testId }: { error: RouterError; title?: string; testId?: string }) {
  const advice = ADVICE[error.code];
  return (
    <Notice kind="error" title={title} testId={testId}>
      <p>{error.message}</p>
      {advice && <p>{advice}</p>}
    </Notice>
  );
}
