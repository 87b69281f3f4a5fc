/**
 * Issue 13, finding 5: two tabs saving the same memory, last write won silently. An edit names the
 * version it started from; a save over a newer version (or a deleted memory) is refused and
 * nothing is written, so the caller can keep the typed text and ask.
 */
import { describe, expect, it } from 'vitest';
import { manualClock, openTestStore, testDb } from './helpers';

describe('edits carry the version they started from', () => {
  it('a save over a newer version is refused with CONFLICT and the current version; nothing is written', async () => {
    const clock = manualClock();
    const store = await openTestStore({ now: clock.now });
    const { results } = await store.add('Our brand voice is warm and plain', { infer: false, category: 'company.brand_core' });
    const id = results[0].id;
    const started = (await store.get(id))!;

    // Another tab (another store on the same database) saves first.
    const other = await openTestStore({ db: testDb(store), now: () => clock.now() + 1000 });
    await other.update(id, 'Our brand voice is warm, plain and playful', { expectedUpdatedAt: started.updatedAt });
    const history = await store.history(id);

    const err = await store.update(id, 'Our brand voice is formal', { expectedUpdatedAt: started.updatedAt }).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFLICT', details: { current: { id, text: 'Our brand voice is warm, plain and playful' } } });
    expect((await store.get(id))?.text).toBe('Our brand voice is warm, plain and playful');
    expect(await store.history(id)).toEqual(history);

    // Overwrite: the person chose to; without a version the update applies.
    await store.update(id, 'Our brand voice is formal');
    expect((await store.get(id))?.text).toBe('Our brand voice is formal');
    other.close();
    store.close();
  });

  it('a save on a memory deleted meanwhile is NOT_FOUND and recreates nothing', async () => {
    const store = await openTestStore();
    const { results } = await store.add('We sync leads from HubSpot nightly', { infer: false, category: 'company.tools_config' });
    const started = (await store.get(results[0].id))!;
    await store.delete(started.id);
    await expect(store.update(started.id, 'We sync leads hourly', { expectedUpdatedAt: started.updatedAt })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await store.getAll({ filters: { includeExpired: true } })).toEqual([]);
    store.close();
  });
});
