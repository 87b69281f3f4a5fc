import type { ParsedInput } from '../../core/input';
import type { BatchRow } from './batch-run';
import { Notice } from '../shell/Notice';

/** Saving a routed batch into the memory store. */
export function BatchSave(_props: { input: ParsedInput; rows: readonly BatchRow[] }) {
  return <Notice kind="info">Saving needs the memory store, which is not part of this build yet.</Notice>;
}
