/** The std effects and the naming conventions the ownership rules ask the catalogue about. */
import { describe, expect, it } from 'vitest';
import { CHANNEL_SEND_METHODS, EXCLUSIVE_ACCESS_METHODS, IO_WRITE_METHODS, STORING_METHODS, isEagerOnPurpose, isEffectfulMethod, mentionsEffectfulCall } from '../../src/catalogue/effects.js';
import { APP_ENVIRONMENT_WORDS, APP_STATE_PREFIXES, APP_STATE_WORDS, CHEAP_FIELD_PREFIXES, CHEAP_FIELD_WORDS, CONFIG_WORDS, SERVICE_BUNDLE_WORDS, namesAppState, namesCheapField, namesSharedOwner, namesStateOrConfig } from '../../src/catalogue/naming.js';
import { takesExactArgument } from '../../src/catalogue/values.js';

const once = (lists: readonly (readonly string[])[]) => {
  const all = lists.flat();
  expect(new Set(all).size).toBe(all.length);
};

describe('catalogue: effects', () => {
  it('knows calls with an effect beyond their result, and not reads', () => {
    for (const m of ['push', 'push_back', 'insert', 'remove', 'clear', 'send', 'try_send', 'write_all', 'store', 'fetch_add', 'lock', 'borrow_mut', 'execute', 'fetch_optional']) expect(isEffectfulMethod(m), m).toBe(true);
    for (const m of ['len', 'iter', 'get', 'borrow', 'map', 'clone', 'to_string']) expect(isEffectfulMethod(m), m).toBe(false);
    expect(mentionsEffectfulCall('|x| seen.insert(x.id)')).toBe(true);
    expect(mentionsEffectfulCall('|x| x . send (m)')).toBe(true);
    expect(mentionsEffectfulCall('|x| x.name.len() > 3')).toBe(false);
    once([STORING_METHODS, CHANNEL_SEND_METHODS, IO_WRITE_METHODS, EXCLUSIVE_ACCESS_METHODS]);
  });

  it('knows the chain links that make collecting deliberate: guards, borrows, spawned work', () => {
    for (const m of ['lock', 'read', 'try_write', 'borrow', 'borrow_mut', 'get_mut', 'drain', 'spawn', 'spawn_local', 'spawn_blocking']) expect(isEagerOnPurpose(m), m).toBe(true);
    for (const m of ['map', 'filter', 'iter', 'cloned', 'push']) expect(isEagerOnPurpose(m), m).toBe(false);
  });
});

describe('catalogue: std methods whose argument type is exact', () => {
  it('knows lookups, comparisons and stores that need exactly the item type', () => {
    for (const m of ['contains', 'binary_search', 'eq', 'cmp', 'push', 'entry', 'send', 'starts_with']) expect(takesExactArgument(m), m).toBe(true);
    for (const m of ['get', 'contains_key', 'remove', 'len']) expect(takesExactArgument(m), m).toBe(false);
  });
});

describe('catalogue: naming conventions', () => {
  it('names shared owners: app state, its environment, service bundles; not config or plain data', () => {
    for (const t of ['AppState', 'RequestContext', 'Ctx', 'Env', 'Deps', 'Services', 'Inner']) expect(namesSharedOwner(t), t).toBe(true);
    for (const t of ['Settings', 'Order', 'User', 'Statement']) expect(namesSharedOwner(t), t).toBe(false);
  });

  it('names the whole state or its configuration', () => {
    for (const t of ['AppState', 'Settings', 'ServerOptions', 'Configuration', 'Env']) expect(namesStateOrConfig(t), t).toBe(true);
    for (const t of ['Deps', 'Order', 'Option']) expect(namesStateOrConfig(t), t).toBe(false);
  });

  it('names the one app state, with or without a prefix', () => {
    for (const t of ['State', 'AppState', 'SharedContext', 'HttpCtx']) expect(namesAppState(t), t).toBe(true);
    for (const t of ['UserState', 'AppStateBuilder', 'Config']) expect(namesAppState(t), t).toBe(false);
  });

  it('names fields that hold handles or Copy values, by last word or flag prefix', () => {
    for (const f of ['id', 'user_id', 'user_ids', 'db', 'events_tx', 'retry_count', 'created_at', 'is_admin', 'num_retries']) expect(namesCheapField(f), f).toBe(true);
    for (const f of ['name', 'body', 'items', 'identity', 'format', 'island']) expect(namesCheapField(f), f).toBe(false);
  });

  it('writes each word once', () => {
    once([APP_STATE_WORDS, APP_ENVIRONMENT_WORDS, SERVICE_BUNDLE_WORDS, CONFIG_WORDS]);
    once([APP_STATE_PREFIXES]);
    once([CHEAP_FIELD_WORDS, CHEAP_FIELD_PREFIXES]);
  });
});
