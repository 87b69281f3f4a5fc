/**
 * Conformance of the mem0 adapter (src/memory/mem0.ts) with the behaviours of mem0's OSS
 * TypeScript `Memory`, as its own tests state them (mem0ai/mem0, mem0-ts/src/oss/tests/:
 * memory.add.test.ts, memory.crud.test.ts, memory.validation.test.ts). Each test names the mem0
 * test it follows; the tests are written here, against this project's store (fake-indexeddb, the
 * keyword-rule classifier of helpers.ts standing in for the router, as mem0's tests mock its LLM).
 * Behaviours this project changes on purpose are listed in docs/memory-layer.md ("mem0
 * compatibility") and tested as such at the end.
 */
import { describe, expect, it } from 'vitest';
import { RouterError } from '../../src/core/errors';
import { Mem0Memory } from '../../src/memory/mem0';
import { HashedBagOfWordsTestEmbedder, openTestStore, testDb } from './helpers';
import type { MemoryStoreOptions } from '../../src/memory/store-types';

async function memoryOf(opts: MemoryStoreOptions = {}): Promise<Mem0Memory> {
  return new Mem0Memory(await openTestStore(opts));
}

/** A fact the stand-in router stores (a user sentence of 3+ words that matches one of its rules). */
const FACT = 'Our brand voice is warm and plain.';

async function seed(memory: Mem0Memory, text: string, opts: Record<string, unknown> = {}): Promise<string> {
  const r = await memory.add(text, { userId: 'alice', infer: false, category: 'company.brand_core', ...opts });
  return r.results[0].id;
}

async function thrown(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(RouterError);
  return e as Error;
}

describe('add() [memory.add.test.ts]', () => {
  it('"returns SearchResult with results array for string input", "returns at least one result with an id", "result item has a memory string field"', async () => {
    const memory = await memoryOf();
    const r = await memory.add(FACT, { userId: 'alice' });
    expect(Array.isArray(r.results)).toBe(true);
    expect(r.results.length).toBeGreaterThan(0);
    expect(typeof r.results[0].id).toBe('string');
    expect(r.results[0].memory).toBe(FACT);
  });

  it('"accepts Message[] input"', async () => {
    const memory = await memoryOf();
    const r = await memory.add([
      { role: 'user', content: 'Please keep answers concise with bullet points.' },
      { role: 'assistant', content: 'Sure, concise bullets.' },
    ], { userId: 'alice' });
    expect(r.results.map((x) => x.memory)).toEqual(['Please keep answers concise with bullet points.']);
  });

  it('"preserves message roles ..." (here: the saved conversation keeps each role; assistant statements are not stored as the user\'s facts)', async () => {
    const memory = await memoryOf();
    const r = await memory.add([
      { role: 'user', content: 'Our brand voice is warm and plain.' },
      { role: 'assistant', content: 'Your brand voice should be bold and loud.' },
    ], { userId: 'alice' });
    expect(r.results.map((x) => x.memory)).toEqual(['Our brand voice is warm and plain.']);
    const conv = await memory.store.getConversation(r.conversationId as string);
    expect(conv?.turns.map((t) => t.role)).toEqual(['user', 'assistant']);
  });

  it.each([
    ['"works with agentId instead of userId"', { agentId: 'agent_1' }, 'agent_id', 'agent_1'],
    ['"works with runId instead of userId"', { runId: 'run_1' }, 'run_id', 'run_1'],
  ] as const)('%s', async (_name, scope, key, value) => {
    const memory = await memoryOf();
    const r = await memory.add(FACT, scope);
    expect(r.results.length).toBeGreaterThan(0);
    const stored = await memory.get(r.results[0].id);
    expect(stored).toHaveProperty(key, value);
    expect(stored).not.toHaveProperty('user_id');
    expect((await memory.getAll({ filters: { [key]: value } })).results.map((m) => m.id)).toEqual([r.results[0].id]);
  });

  it('"throws when no userId/agentId/runId provided"', async () => {
    const memory = await memoryOf();
    expect((await thrown(memory.add(FACT, {} as never))).message).toBe('One of the filters: userId, agentId or runId is required!');
    expect(await testDb(memory.store).memories.count()).toBe(0);
  });

  it('"passes metadata through to stored memory"', async () => {
    const memory = await memoryOf();
    const r = await memory.add(FACT, { userId: 'alice', metadata: { source: 'chat', tag: 'programming' } });
    expect((await memory.get(r.results[0].id))?.metadata).toEqual(expect.objectContaining({ source: 'chat', tag: 'programming' }));
  });

  it('"does not allow metadata to set identity scope"', async () => {
    const memory = await memoryOf();
    const r = await memory.add(FACT, {
      userId: 'u1',
      metadata: { agent_id: 'other', agentId: 'other-camel', run_id: 'other-run', runId: 'other-run-camel', actor_id: 'x', source: 'issue-6371', nested: { preserved: true } },
    });
    const stored = await memory.get(r.results[0].id);
    expect(stored).toEqual(expect.objectContaining({ user_id: 'u1', metadata: expect.objectContaining({ source: 'issue-6371', nested: { preserved: true } }) }));
    expect(stored).not.toHaveProperty('agent_id');
    expect(stored).not.toHaveProperty('run_id');
    for (const k of ['agent_id', 'agentId', 'run_id', 'runId', 'actor_id']) expect(stored?.metadata).not.toHaveProperty(k);
  });

  const hostile = {
    user_id: 'metadata-user', userId: 'metadata-user-camel', agent_id: 'metadata-agent', agentId: 'metadata-agent-camel',
    run_id: 'metadata-run', runId: 'metadata-run-camel', actor_id: 'metadata-actor', ordinary: 'preserved',
  };
  const IDENTITY = ['user_id', 'userId', 'agent_id', 'agentId', 'run_id', 'runId', 'actor_id'];

  it.each([
    ['userId', { userId: 'u1' }, true, 'user_id', 'u1'],
    ['agentId', { agentId: 'a1' }, false, 'agent_id', 'a1'],
    ['runId', { runId: 'r1' }, true, 'run_id', 'r1'],
  ] as const)('"preserves typed %s scope while stripping conflicting metadata identities"', async (_m, scope, infer, key, value) => {
    const memory = await memoryOf();
    const r = await memory.add(FACT, { ...scope, infer, category: 'company.brand_core', metadata: hostile });
    const stored = await memory.get(r.results[0].id);
    expect(stored).toHaveProperty(key, value);
    for (const k of ['user_id', 'agent_id', 'run_id']) if (k !== key) expect(stored).not.toHaveProperty(k);
    expect(stored?.metadata).toEqual(expect.objectContaining({ ordinary: 'preserved' }));
    for (const k of IDENTITY) expect(stored?.metadata).not.toHaveProperty(k);
  });

  it.each([
    [true, 'user_id', 'filter-user'],
    [false, 'user_id', 'filter-user'],
    [false, 'agent_id', 'filter-agent'],
    [false, 'run_id', 'filter-run'],
  ] as const)('"preserves infer=%s %s filters scope after sanitization"', async (infer, key, value) => {
    const memory = await memoryOf();
    const r = await memory.add(FACT, { filters: { [key]: value }, infer, category: 'company.brand_core', metadata: hostile });
    const stored = await memory.get(r.results[0].id);
    expect(stored).toHaveProperty(key, value);
    for (const k of ['user_id', 'agent_id', 'run_id']) if (k !== key) expect(stored).not.toHaveProperty(k);
    for (const k of IDENTITY) expect(stored?.metadata).not.toHaveProperty(k);
  });

  it('"with infer=false skips LLM and stores messages directly" and "marks event as ADD in metadata"', async () => {
    let routed = 0;
    const memory = await memoryOf({ classify: async () => { routed++; throw new Error('must not route'); } });
    const r = await memory.add('Direct storage content', { userId: 'alice', infer: false, category: 'user.session_history' });
    expect(routed).toBe(0);
    expect(r.results[0].memory).toBe('Direct storage content');
    expect(r.results[0].metadata).toEqual(expect.objectContaining({ event: 'ADD' }));
  });

  it('infer=false stores each non-system message as its own memory (mem0 addToVectorStore skips role "system")', async () => {
    const memory = await memoryOf();
    const r = await memory.add([
      { role: 'system', content: 'You are helpful.' },
      { role: 'user', content: 'We use HubSpot for email' },
      { role: 'assistant', content: 'Noted, HubSpot for email campaigns.' },
    ], { userId: 'alice', infer: false });
    expect(r.results.map((x) => x.memory)).toEqual(['We use HubSpot for email', 'Noted, HubSpot for email campaigns.']);
  });
});

describe('add() validation [memory.validation.test.ts]', () => {
  it.each([
    ['"should throw error when messages is undefined"', undefined, 'messages is required'],
    ['"should throw error when messages is null"', null, 'messages is required'],
    ['"should throw error when messages is an empty array"', [], 'messages array cannot be empty'],
    ['"should throw error when messages array contains only blank content"', [{ role: 'user', content: '   ' }], 'messages array cannot contain only blank content'],
    ['"should throw error when messages is an empty string"', '   ', 'messages string cannot be empty'],
  ])('%s', async (_name, messages, text) => {
    const memory = await memoryOf();
    expect((await thrown(memory.add(messages as never, { userId: 'alice' }))).message).toContain(text);
  });

  it.each([
    ['"should throw error when userId is whitespace-only"', { userId: '   ' }, 'Invalid userId'],
    ['"should throw error when userId is tabs and newlines"', { userId: '\t\n\t' }, 'Invalid userId'],
    ['"should throw error when agentId is whitespace-only"', { agentId: '   ' }, 'Invalid agentId'],
    ['"should throw error when runId is whitespace-only"', { runId: '   ' }, 'Invalid runId'],
    ['"should throw error when userId contains internal whitespace"', { userId: 'user 123' }, 'Invalid userId: cannot contain whitespace'],
    ['"should throw error when userId contains tab character"', { userId: 'user\t123' }, 'Invalid userId: cannot contain whitespace'],
  ])('%s', async (_name, scope, text) => {
    const memory = await memoryOf();
    expect((await thrown(memory.add('test message', scope))).message).toContain(text);
  });

  it('"should accept userId with leading/trailing whitespace (trimmed)"', async () => {
    const memory = await memoryOf();
    const r = await memory.add(FACT, { userId: '  valid-user  ' });
    expect((await memory.get(r.results[0].id))?.user_id).toBe('valid-user');
  });
});

describe('get() [memory.crud.test.ts]', () => {
  it('"returns the memory matching the ID from add()", "returns a string for the memory field", "returns hash and createdAt on stored memory"', async () => {
    const memory = await memoryOf();
    const id = await seed(memory, 'I love AI');
    const item = await memory.get(id);
    expect(item?.id).toBe(id);
    expect(item?.memory).toBe('I love AI');
    expect(typeof item?.hash).toBe('string');
    expect(new Date(item?.createdAt as string).toString()).not.toBe('Invalid Date');
  });

  it('"returns null for non-existent ID"', async () => {
    expect(await (await memoryOf()).get('nonexistent-uuid-12345')).toBeNull();
  });

  it('"does not duplicate the entity id inside metadata"', async () => {
    const memory = await memoryOf();
    const item = await memory.get(await seed(memory, 'Metadata leak test'));
    expect(item?.user_id).toBe('alice');
    expect(item?.metadata).not.toHaveProperty('user_id');
    expect(item?.metadata).not.toHaveProperty('userId');
  });
});

describe('update() [memory.crud.test.ts]', () => {
  it('"returns success message", "persists the updated text", "preserves createdAt and sets updatedAt", "updates the hash"', async () => {
    const memory = await memoryOf();
    const id = await seed(memory, 'Original');
    const before = await memory.get(id);
    expect(await memory.update(id, { text: 'Updated' })).toEqual({ message: 'Memory updated successfully!' });
    const after = await memory.get(id);
    expect(after?.memory).toBe('Updated');
    expect(after?.createdAt).toBe(before?.createdAt);
    expect(after?.updatedAt).toBeDefined();
    expect(after?.hash).not.toBe(before?.hash);
  });

  it('"preserves custom metadata fields after update"', async () => {
    const memory = await memoryOf();
    const id = await seed(memory, 'Original text', { metadata: { category: 'hobbies', priority: 'high' } });
    await memory.update(id, { text: 'Updated text' });
    const after = await memory.get(id);
    expect(after?.memory).toBe('Updated text');
    expect(after?.metadata).toEqual(expect.objectContaining({ category: 'hobbies', priority: 'high' }));
  });

  it('"metadata cannot overwrite identity fields (tenant isolation)"', async () => {
    const memory = await memoryOf();
    const id = await seed(memory, 'Tenant A secret', { userId: 'tenant_a' });
    await memory.update(id, { text: 'Updated text', metadata: { user_id: 'tenant_b', agent_id: 'attacker', run_id: 'attacker' } });
    expect((await memory.getAll({ filters: { user_id: 'tenant_a' } })).results.map((m) => m.id)).toContain(id);
    expect((await memory.getAll({ filters: { user_id: 'tenant_b' } })).results.map((m) => m.id)).not.toContain(id);
  });

  it('"metadata cannot inject an identity field on update (snake_case or camelCase)"', async () => {
    const memory = await memoryOf();
    const id = await seed(memory, 'Run-scoped secret', { userId: undefined, runId: 'run_only' });
    await memory.update(id, { text: 'Updated text', metadata: { user_id: 'attacker', agent_id: 'attacker', actor_id: 'attacker', userId: 'attacker', agentId: 'attacker' } });
    expect((await memory.getAll({ filters: { run_id: 'run_only' } })).results.map((m) => m.id)).toContain(id);
    expect((await memory.getAll({ filters: { user_id: 'attacker' } })).results.map((m) => m.id)).not.toContain(id);
    expect((await memory.getAll({ filters: { agent_id: 'attacker' } })).results.map((m) => m.id)).not.toContain(id);
  });
});

describe('update() options [memory.crud.test.ts]', () => {
  it('"accepts an options object with text", "accepts a bare text string", "accepts the deprecated data alias"', async () => {
    const memory = await memoryOf();
    const a = await seed(memory, 'Options before');
    const b = await seed(memory, 'Bare before');
    const c = await seed(memory, 'Alias before');
    await memory.update(a, { text: 'Options after' });
    await memory.update(b, 'Bare after');
    await memory.update(c, { data: 'Alias after' });
    expect((await Promise.all([a, b, c].map((id) => memory.get(id)))).map((m) => m?.memory)).toEqual(['Options after', 'Bare after', 'Alias after']);
  });

  it('"text wins over data" (a non-empty text; an empty one is an intended difference, below)', async () => {
    const memory = await memoryOf();
    const id = await seed(memory, 'Both before');
    await memory.update(id, { text: 'From text', data: 'From data' });
    expect((await memory.get(id))?.memory).toBe('From text');
  });

  it('"updates metadata without touching the stored text" and "sets an expiration date without touching the stored text"', async () => {
    const memory = await memoryOf();
    const id = await seed(memory, 'Metadata only');
    await memory.update(id, { metadata: { category: 'solo' } });
    await memory.update(id, { expirationDate: '2099-12-31' });
    const after = await memory.get(id);
    expect(after?.memory).toBe('Metadata only');
    expect(after?.metadata).toEqual(expect.objectContaining({ category: 'solo', expiration_date: '2099-12-31' }));
    expect(after?.expiresAt).toBe('2100-01-01T00:00:00.000Z');
  });

  it.each([[{}], [{ data: null }], [{ metadata: null }]])('"throws when %p provides nothing updatable"', async (options) => {
    const memory = await memoryOf();
    const id = await seed(memory, 'Nothing to update');
    expect((await thrown(memory.update(id, options as never))).message).toBe('At least one of text, metadata, or expirationDate must be provided.');
    expect((await memory.get(id))?.memory).toBe('Nothing to update');
  });

  it('"accepts empty metadata as an updatable field"', async () => {
    const memory = await memoryOf();
    const id = await seed(memory, 'Empty metadata');
    await expect(memory.update(id, { metadata: {} })).resolves.toEqual({ message: 'Memory updated successfully!' });
  });
});

describe('expiration dates [memory.crud.test.ts]', () => {
  it.each(['12/31/2099', '2099-12-31T23:00:00', '2099-02-30', '2100-02-29'])('"add() rejects %p"', async (value) => {
    const memory = await memoryOf();
    expect((await thrown(memory.add('Bad expiry', { userId: 'alice', infer: false, expirationDate: value }))).message).toContain('YYYY-MM-DD');
  });

  it('"update() rejects a malformed expiration date"', async () => {
    const memory = await memoryOf();
    const id = await seed(memory, 'Good');
    expect((await thrown(memory.update(id, { expirationDate: '12/31/2099' }))).message).toContain('YYYY-MM-DD');
  });

  it.each(['2099-12-31', '2096-02-29'])('"stores %p verbatim"', async (value) => {
    const memory = await memoryOf();
    const id = await seed(memory, 'Good expiry', { expirationDate: value });
    expect((await memory.get(id))?.metadata.expiration_date).toBe(value);
  });
});

describe('expired memories [memory.crud.test.ts]', () => {
  const today = new Date().toISOString().slice(0, 10);

  async function liveAndDead(memory: Mem0Memory, user: string): Promise<void> {
    await seed(memory, 'Live memory', { userId: user });
    await seed(memory, 'Dead memory', { userId: user, expirationDate: '2020-01-01' });
  }

  it('"getAll() hides expired memories unless showExpired"', async () => {
    const memory = await memoryOf();
    await liveAndDead(memory, 'u');
    expect((await memory.getAll({ filters: { user_id: 'u' } })).results.map((r) => r.memory)).toEqual(['Live memory']);
    expect((await memory.getAll({ filters: { user_id: 'u' }, showExpired: true })).results.map((r) => r.memory).sort()).toEqual(['Dead memory', 'Live memory']);
  });

  it('"search() hides expired memories unless showExpired"', async () => {
    const memory = await memoryOf();
    await liveAndDead(memory, 'u');
    expect((await memory.search('memory', { filters: { user_id: 'u' } })).results.map((r) => r.memory)).toEqual(['Live memory']);
    expect((await memory.search('memory', { filters: { user_id: 'u' }, showExpired: true })).results.map((r) => r.memory).sort()).toEqual(['Dead memory', 'Live memory']);
  });

  it('"a memory expiring today is not yet expired"', async () => {
    const memory = await memoryOf();
    await seed(memory, 'Expires today', { userId: 'u', expirationDate: today });
    expect((await memory.getAll({ filters: { user_id: 'u' } })).results).toHaveLength(1);
  });

  it('"get() still returns an expired memory by ID"', async () => {
    const memory = await memoryOf();
    const id = await seed(memory, 'Fetch by id', { expirationDate: '2020-01-01' });
    expect((await memory.get(id))?.memory).toBe('Fetch by id');
  });

  it('"clearing the expiration date makes a memory visible again"', async () => {
    const memory = await memoryOf();
    const id = await seed(memory, 'Revived', { userId: 'u', expirationDate: '2020-01-01' });
    expect((await memory.getAll({ filters: { user_id: 'u' } })).results).toHaveLength(0);
    await memory.update(id, { expirationDate: null });
    expect((await memory.getAll({ filters: { user_id: 'u' } })).results.map((r) => r.memory)).toEqual(['Revived']);
  });

  it('"getAll() still fills topK when expired memories are present"', async () => {
    const memory = await memoryOf();
    for (let i = 0; i < 3; i++) await seed(memory, `Dead ${i}`, { userId: 'u', expirationDate: '2020-01-01' });
    for (let i = 0; i < 3; i++) await seed(memory, `Live ${i}`, { userId: 'u' });
    const r = await memory.getAll({ filters: { user_id: 'u' }, topK: 3 });
    expect(r.results).toHaveLength(3);
    expect(r.results.every((m) => m.memory.startsWith('Live'))).toBe(true);
  });
});

describe('delete() and deleteAll() [memory.crud.test.ts, memory.validation.test.ts]', () => {
  it('"returns success message" and "get() returns null after deletion"', async () => {
    const memory = await memoryOf();
    const id = await seed(memory, 'Delete me');
    expect(await memory.delete(id)).toEqual({ message: 'Memory deleted successfully!' });
    expect(await memory.get(id)).toBeNull();
  });

  it('"removes all memories for the user and returns success", and only that user\'s', async () => {
    const memory = await memoryOf();
    await seed(memory, 'Fact A', { userId: 'u' });
    await seed(memory, 'Fact B', { userId: 'u' });
    await seed(memory, 'Other user', { userId: 'v' });
    expect(await memory.deleteAll({ userId: 'u' })).toEqual({ message: 'Memories deleted successfully!' });
    expect((await memory.getAll({ filters: { user_id: 'u' } })).results).toHaveLength(0);
    expect((await memory.getAll({ filters: { user_id: 'v' } })).results).toHaveLength(1);
  });

  it('"throws when no filter is provided" and deletes nothing', async () => {
    const memory = await memoryOf();
    await seed(memory, 'Fact A', { userId: 'u' });
    await seed(memory, 'Fact B', { userId: 'v' });
    for (const config of [{}, undefined]) {
      expect((await thrown(memory.deleteAll(config as never))).message).toContain('At least one filter is required to delete all memories');
    }
    expect(await testDb(memory.store).memories.count()).toBe(2);
  });

  it('"deletes past the vector store default page limit" (150 memories of one user)', async () => {
    const memory = await memoryOf();
    await memory.store.ingest([{ turns: [], facts: Array.from({ length: 150 }, (_, i) => ({ text: `Fact ${i}`, category: 'user.session_history' as const })), userId: 'paged', saveConversation: false }]);
    await memory.deleteAll({ userId: 'paged' });
    expect(await testDb(memory.store).memories.count()).toBe(0);
  });

  it('deleteAll by agent deletes that agent\'s memories across users and no others', async () => {
    const memory = await memoryOf();
    await seed(memory, 'A1 for alice', { agentId: 'a1' });
    await seed(memory, 'A1 alone', { userId: undefined, agentId: 'a1' });
    await seed(memory, 'A2 for alice', { agentId: 'a2' });
    await memory.deleteAll({ agentId: 'a1' });
    expect((await memory.getAll({ filters: { user_id: 'alice' } })).results.map((m) => m.memory)).toEqual(['A2 for alice']);
  });

  it.each([
    ['"should throw error when userId is whitespace-only"', '   ', 'Invalid userId'],
    ['"should throw error when userId contains internal whitespace"', 'user 123', 'Invalid userId: cannot contain whitespace'],
  ])('%s', async (_name, userId, text) => {
    const memory = await memoryOf();
    await seed(memory, 'Keep me');
    expect((await thrown(memory.deleteAll({ userId }))).message).toContain(text);
    expect(await testDb(memory.store).memories.count()).toBe(1);
  });

  it('"should trim userId before listing memories"', async () => {
    const memory = await memoryOf();
    await seed(memory, 'Alice fact', { userId: 'alice' });
    await memory.deleteAll({ userId: '  alice  ' });
    expect(await testDb(memory.store).memories.count()).toBe(0);
  });
});

describe('getAll() [memory.crud.test.ts, memory.validation.test.ts]', () => {
  it('"returns all stored memories for the user", "each result has id and memory fields", "returns empty array when no memories exist"', async () => {
    const memory = await memoryOf();
    await seed(memory, 'First');
    await seed(memory, 'Second');
    const r = await memory.getAll({ filters: { user_id: 'alice' } });
    expect(r.results.map((m) => m.memory).sort()).toEqual(['First', 'Second']);
    for (const m of r.results) { expect(m.id).toBeDefined(); expect(typeof m.memory).toBe('string'); }
    expect((await memory.getAll({ filters: { user_id: 'no_such_user' } })).results).toHaveLength(0);
  });

  it.each([
    ['"should throw error when user_id is whitespace-only"', { filters: { user_id: '   ' } }, 'Invalid user_id'],
    ['"should throw error when topK is negative"', { filters: { user_id: 'alice' }, topK: -1 }, 'Invalid topK'],
    ['"should throw error when user_id contains internal whitespace"', { filters: { user_id: 'user 123' } }, 'Invalid user_id: cannot contain whitespace'],
    ['scope required (mem0 getAll: "filters must contain at least one of")', { filters: {} }, 'filters must contain at least one of: user_id, agent_id, run_id'],
    ['top-level entity parameters are refused (mem0 rejectTopLevelEntityParams)', { userId: 'alice' }, 'Top-level entity parameters [userId] are not supported in getAll()'],
  ])('%s', async (_name, config, text) => {
    const memory = await memoryOf();
    expect((await thrown(memory.getAll(config as never))).message).toContain(text);
  });

  it('"should accept user_id with leading/trailing whitespace (trimmed)" and "coerces an integer user_id in getAll filters to its string form"', async () => {
    const memory = await memoryOf();
    await seed(memory, 'Alice fact');
    await seed(memory, 'Numeric user fact', { userId: 42 as never });
    expect((await memory.getAll({ filters: { user_id: '  alice  ' } })).results.map((m) => m.memory)).toEqual(['Alice fact']);
    expect((await memory.getAll({ filters: { user_id: 42 as never } })).results.map((m) => m.user_id)).toEqual(['42']);
  });
});

describe('search() [memory.crud.test.ts, memory.validation.test.ts]', () => {
  it('"returns SearchResult with results array", "returns results with score field", "returns empty results for user with no memories"', async () => {
    const memory = await memoryOf({ embedder: new HashedBagOfWordsTestEmbedder() });
    await seed(memory, 'I love TypeScript');
    const r = await memory.search('TypeScript', { filters: { user_id: 'alice' } });
    expect(r.results.map((m) => m.memory)).toEqual(['I love TypeScript']);
    expect(typeof r.results[0].score).toBe('number');
    expect(r.results[0].score).toBeGreaterThan(0);
    expect(r.results[0].score).toBeLessThanOrEqual(1);
    expect((await memory.search('query', { filters: { user_id: 'empty_user' } })).results).toHaveLength(0);
  });

  it('"throws when no userId/agentId/runId provided"', async () => {
    const memory = await memoryOf();
    expect((await thrown(memory.search('query', {} as never))).message).toContain('filters must contain at least one of: user_id, agent_id, run_id');
  });

  it.each([1.5, 1.1, -0.5, -0.1])('"should throw error when threshold is %p" (outside 0-1)', async (threshold) => {
    const memory = await memoryOf();
    expect((await thrown(memory.search('test query', { filters: { user_id: 'alice' }, threshold }))).message).toContain('Invalid threshold');
  });

  it.each([0, 1, 0.5])('"should accept threshold = %p"', async (threshold) => {
    const memory = await memoryOf();
    await seed(memory, 'test query memory');
    expect((await memory.search('test query', { filters: { user_id: 'alice' }, threshold })).results).toBeDefined();
  });

  it('threshold is a floor on score in every mode (mem0 scoreAndRank drops results under it)', async () => {
    const memory = await memoryOf({ embedder: new HashedBagOfWordsTestEmbedder() });
    await seed(memory, 'Our brand voice is warm, plain and never salesy');
    await seed(memory, 'The brand guide lives in Notion');
    await seed(memory, 'Weekly report goes out on Mondays');
    for (const mode of ['keyword', 'vector', 'hybrid'] as const) {
      const all = (await memory.search('warm salesy brand voice', { filters: { user_id: 'alice' }, threshold: 0, mode })).results;
      expect(all.length).toBeGreaterThan(1);
      const floor = (all[0].score as number) - 1e-9;
      const top = (await memory.search('warm salesy brand voice', { filters: { user_id: 'alice' }, threshold: floor, mode })).results;
      expect(top.map((m) => m.memory)).toEqual(['Our brand voice is warm, plain and never salesy']);
    }
  });

  it('"should throw error when topK is negative" / "= -1"; "should accept topK = 0 (returns empty)" and "topK = 20"', async () => {
    const memory = await memoryOf();
    await seed(memory, 'test query memory');
    for (const topK of [-5, -1]) expect((await thrown(memory.search('test query', { filters: { user_id: 'alice' }, topK }))).message).toContain('Invalid topK');
    expect((await memory.search('test query', { filters: { user_id: 'alice' }, topK: 0 })).results).toEqual([]);
    expect((await memory.search('test query', { filters: { user_id: 'alice' }, topK: 20 })).results).toHaveLength(1);
  });

  it.each([
    ['"should throw error when user_id in filters is whitespace-only"', { user_id: '   ' }, 'Invalid user_id'],
    ['"should throw error when agent_id in filters is whitespace-only"', { agent_id: '   ' }, 'Invalid agent_id'],
    ['"should throw error when user_id contains internal whitespace"', { user_id: 'user 123' }, 'Invalid user_id: cannot contain whitespace'],
  ])('%s', async (_name, filters, text) => {
    const memory = await memoryOf();
    expect((await thrown(memory.search('test query', { filters }))).message).toContain(text);
  });

  it('"should accept user_id with leading/trailing whitespace (trimmed)" and "coerces an integer user_id in search filters"', async () => {
    const memory = await memoryOf();
    await seed(memory, 'test query memory');
    await seed(memory, 'test query for 42', { userId: 42 as never });
    expect((await memory.search('test query', { filters: { user_id: '  alice  ' } })).results.map((m) => m.user_id)).toEqual(['alice']);
    expect((await memory.search('test query', { filters: { user_id: 42 as never } })).results.map((m) => m.user_id)).toEqual(['42']);
  });

  it('metadata keys in filters match exactly (mem0 simple filters); operators are refused with a message', async () => {
    const memory = await memoryOf();
    await seed(memory, 'test query from chat', { metadata: { source: 'chat' } });
    await seed(memory, 'test query from email', { metadata: { source: 'email' } });
    expect((await memory.search('test query', { filters: { user_id: 'alice', source: 'chat' } })).results.map((m) => m.memory)).toEqual(['test query from chat']);
    expect((await thrown(memory.search('test query', { filters: { user_id: 'alice', source: { in: ['chat'] } } }))).message).toMatch(/Filter "source" is not supported/);
  });
});

describe('history() and reset() [memory.crud.test.ts]', () => {
  it('"records ADD event after add()", "records additional entry after update()": rows of previous_value / new_value / action, newest first', async () => {
    const memory = await memoryOf();
    const id = await seed(memory, 'Before');
    expect((await memory.history(id)).map((h) => h.action)).toEqual(['ADD']);
    await memory.update(id, { text: 'After' });
    await memory.delete(id);
    const rows = await memory.history(id);
    expect(rows.map((h) => [h.action, h.previous_value, h.new_value, h.is_deleted])).toEqual([
      ['DELETE', 'After', null, 1],
      ['UPDATE', 'Before', 'After', 0],
      ['ADD', null, 'Before', 0],
    ]);
    expect(rows.every((h) => h.memory_id === id && !Number.isNaN(Date.parse(h.created_at)))).toBe(true);
  });

  it('"returns empty array for non-existent memory ID"', async () => {
    expect(await (await memoryOf()).history('nonexistent-id')).toEqual([]);
  });

  it('reset() empties the store (mem0 reset: history and vector store dropped)', async () => {
    const memory = await memoryOf();
    const id = await seed(memory, 'Gone after reset');
    await memory.reset();
    expect(await memory.get(id)).toBeNull();
    expect(await memory.history(id)).toEqual([]);
    expect(await testDb(memory.store).memories.count()).toBe(0);
  });
});

describe('the project\'s fields are added, not substituted', () => {
  it('items carry category, scope, persistence, pinned, expiry beside mem0\'s fields; search accepts a mode', async () => {
    const memory = await memoryOf();
    const id = await seed(memory, 'Weekly report goes out on Mondays', { category: 'user.workflow_patterns' });
    expect(await memory.get(id)).toMatchObject({ id, memory: 'Weekly report goes out on Mondays', user_id: 'alice', category: 'user.workflow_patterns', scope: 'user', persistence: 'medium', pinned: false, expired: false });
    expect((await memory.search('weekly report', { filters: { user_id: 'alice' }, mode: 'keyword' })).mode).toBe('keyword');
    expect((await memory.getAll({ filters: { user_id: 'alice' }, category: 'company.brand_core' })).results).toEqual([]);
  });
});

describe('intended differences (docs/memory-layer.md, "mem0 compatibility")', () => {
  it('update(id, "") and update(id, { text: "" }) are refused: a memory without text cannot be found (mem0 stores "")', async () => {
    const memory = await memoryOf();
    const id = await seed(memory, 'Keep my text');
    for (const arg of ['', { text: '', data: 'From data' }]) {
      const err = await thrown(memory.update(id, arg));
      expect((err as RouterError).code).toBe('EMPTY_INPUT');
      expect(err.message).toMatch(/call delete\(memoryId\)/);
    }
    expect((await memory.get(id))?.memory).toBe('Keep my text');
  });

  it('the same text added twice for one user is one memory (event NONE), where mem0 infer=false stores a copy', async () => {
    const memory = await memoryOf();
    const a = await memory.add('We use HubSpot for email', { userId: 'alice', infer: false });
    const b = await memory.add('We use HubSpot for email', { userId: 'alice', infer: false });
    expect(b.results[0]).toMatchObject({ id: a.results[0].id, event: 'NONE', metadata: { event: 'NONE' } });
  });

  it('every memory has one of the project\'s categories; without a classifier or a category, infer=false is refused', async () => {
    const memory = await memoryOf({ classify: null });
    const err = await thrown(memory.add('We use HubSpot for email', { userId: 'alice', infer: false }));
    expect(err.message).toMatch(/Cannot tell which category/);
    const ok = await memory.add('We use HubSpot for email', { userId: 'alice', infer: false, category: 'company.tools_config' });
    expect(ok.results[0].category).toBe('company.tools_config');
  });

  it('without an explicit expiration date a memory expires by its category\'s horizon (mem0: never)', async () => {
    const memory = await memoryOf();
    const id = await seed(memory, 'We talked about the launch yesterday', { category: 'user.session_history' });
    const item = await memory.get(id);
    expect(Date.parse(item?.expiresAt as string) - Date.parse(item?.createdAt as string)).toBe(14 * 86_400_000);
  });
});
