/**
 * Issue 13, finding 9: nothing asked for persistent storage, so the memories lived in best-effort
 * storage the browser may evict. The app asks once, at the first save, and reports the state.
 */
import { describe, expect, it } from 'vitest';
import { PersistenceTracker } from '../../src/ui/app-state/persistence';
import { SETTINGS_KEYS, type KeyValueStorage } from '../../src/core/settings';

function fakes(grant: boolean) {
  const map = new Map<string, string>();
  const settings: KeyValueStorage = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => { map.set(k, v); }, removeItem: (k) => { map.delete(k); } };
  let persisted = false;
  const calls = { persist: 0 };
  const manager = {
    persisted: async () => persisted,
    persist: async () => { calls.persist++; persisted = grant; return grant; },
  };
  return { tracker: new PersistenceTracker(() => manager, () => settings), map, calls };
}

describe('persistent storage', () => {
  it('asks at the first save only, remembers the answer, and reports persistent when granted', async () => {
    const { tracker, map, calls } = fakes(true);
    expect(await tracker.refresh()).toEqual({ status: 'best-effort', asked: false });
    expect(calls.persist).toBe(0);
    expect(await tracker.askOnce()).toEqual({ status: 'persistent' });
    await tracker.askOnce();
    expect(calls.persist).toBe(1);
    expect(map.get(SETTINGS_KEYS.persistence)).toBe('granted');
  });

  it('a refusal is best-effort, asked; the page can ask again', async () => {
    const { tracker, map, calls } = fakes(false);
    expect(await tracker.askOnce()).toEqual({ status: 'best-effort', asked: true });
    expect(map.get(SETTINGS_KEYS.persistence)).toBe('denied');
    await tracker.askOnce();
    expect(calls.persist).toBe(1);
    await tracker.ask();
    expect(calls.persist).toBe(2);
  });

  it('a browser without StorageManager is "unsupported", never an error', async () => {
    const tracker = new PersistenceTracker(() => undefined, () => null);
    expect(await tracker.askOnce()).toEqual({ status: 'unsupported' });
  });
});
