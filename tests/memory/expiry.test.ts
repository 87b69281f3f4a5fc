import { describe, expect, it } from 'vitest';
import { MEMORY_CATEGORIES, type MemoryCategory } from '../../src/core/taxonomy';
import { DAY_MS, expiresAtFor, expiryTable, isDueForReview, isExpired, reviewAtFor } from '../../src/memory/expiry';
import { manualClock, openTestStore } from './helpers';

const T = Date.UTC(2025, 5, 1);

// The horizons of the issue, written out independently of the taxonomy data they check.
const EXPECTED_DAYS: Array<[MemoryCategory, number | null]> = [
  ['user.session_history', 14],
  ['company.business_priorities', 90],
  ['company.tools_config', 182],
  ['company.performance_context', 182],
  ['user.role_context', 365],
  ['user.workflow_patterns', 365],
  ['company.brand_core', null],
  ['company.strategic_signatures', null],
  ['company.knowledge_artifacts', null],
  ['user.communication_style', null],
  ['user.strategic_approach', null],
  ['user.interaction_preferences', null],
];

describe('horizons', () => {
  it('cover every storable category', () => {
    expect(EXPECTED_DAYS.map(([c]) => c).sort()).toEqual([...MEMORY_CATEGORIES].sort());
    expect(expiryTable().map((r) => r.category)).toEqual([...MEMORY_CATEGORIES]);
  });

  it.each(EXPECTED_DAYS)('%s expires after %s days', (category, days) => {
    expect(expiresAtFor(category, T)).toBe(days === null ? null : T + days * DAY_MS);
  });

  it('flags only interaction_preferences for review, after 90 days', () => {
    for (const c of MEMORY_CATEGORIES) {
      expect(reviewAtFor(c, T)).toBe(c === 'user.interaction_preferences' ? T + 90 * DAY_MS : null);
    }
  });

  it.each([
    [{ expiresAt: T, pinned: false }, T, true],
    [{ expiresAt: T + 1, pinned: false }, T, false],
    [{ expiresAt: T - 1, pinned: true }, T, false],
    [{ expiresAt: null, pinned: false }, T * 2, false],
  ])('isExpired(%j, now) = %s', (m, now, expected) => {
    expect(isExpired(m, now)).toBe(expected);
  });

  it('isDueForReview follows reviewAt', () => {
    expect(isDueForReview({ expiresAt: null, reviewAt: T, pinned: false }, T)).toBe(true);
    expect(isDueForReview({ expiresAt: null, reviewAt: T + 1, pinned: false }, T)).toBe(false);
    expect(isDueForReview({ expiresAt: null, reviewAt: null, pinned: false }, T)).toBe(false);
  });
});

describe('expiry in the store', () => {
  async function setup() {
    const clock = manualClock(T);
    const store = await openTestStore({ now: clock.now });
    const session = await store.add('We talked about the launch email earlier today', { infer: false, category: 'user.session_history' });
    const pinned = await store.add('Yesterday we agreed the launch email goes out Monday', { infer: false, category: 'user.session_history' });
    const brand = await store.add('Our brand voice is warm and plain', { infer: false, category: 'company.brand_core' });
    await store.pin(pinned.results[0].id);
    return { store, clock, ids: { session: session.results[0].id, pinned: pinned.results[0].id, brand: brand.results[0].id } };
  }

  it('hides expired memories from search and lists unless asked, and never expires pinned ones', async () => {
    const { store, clock, ids } = await setup();
    expect((await store.search('launch email')).results).toHaveLength(2);
    clock.advanceDays(15);
    const visible = (await store.search('launch email')).results.map((r) => r.id);
    expect(visible).toEqual([ids.pinned]);
    const all = (await store.search('launch email', { filters: { includeExpired: true } })).results.map((r) => r.id).sort();
    expect(all).toEqual([ids.session, ids.pinned].sort());
    expect((await store.getAll()).map((m) => m.id).sort()).toEqual([ids.pinned, ids.brand].sort());
    const expiredItem = await store.get(ids.session);
    expect(expiredItem?.expired).toBe(true);
    store.close();
  });

  it('purgeExpired deletes only expired unpinned memories and logs why', async () => {
    const { store, clock, ids } = await setup();
    expect(await store.purgeExpired({ all: true })).toBe(0);
    clock.advanceDays(15);
    expect(await store.purgeExpired({ all: true })).toBe(1);
    expect(await store.get(ids.session)).toBeNull();
    expect(await store.get(ids.pinned)).not.toBeNull();
    expect(await store.get(ids.brand)).not.toBeNull();
    const log = await store.history(ids.session);
    expect(log.map((h) => [h.event, h.reason])).toEqual([['ADD', 'add'], ['DELETE', 'expired']]);
    store.close();
  });

  it('restating a fact renews its horizon', async () => {
    const { store, clock, ids } = await setup();
    clock.advanceDays(10);
    const again = await store.add('we talked about the launch email EARLIER today', { infer: false, category: 'user.session_history' });
    expect(again.results[0]).toMatchObject({ id: ids.session, event: 'NONE' });
    clock.advanceDays(10); // 20 days after creation, 10 after restating
    expect((await store.get(ids.session))?.expired).toBe(false);
    store.close();
  });

  it('lists interaction preferences due for review', async () => {
    const clock = manualClock(T);
    const store = await openTestStore({ now: clock.now });
    const pref = await store.add('Challenge me with direct feedback on drafts', { infer: false, category: 'user.interaction_preferences' });
    expect(await store.dueForReview()).toEqual([]);
    clock.advanceDays(91);
    const due = await store.dueForReview();
    expect(due.map((m) => m.id)).toEqual([pref.results[0].id]);
    expect(due[0].dueForReview).toBe(true);
    expect(due[0].expired).toBe(false);
    store.close();
  });
});
