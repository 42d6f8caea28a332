/** The std effects and the naming conventions the ownership rules ask the catalogue about. */
import { describe, expect, it } from 'vitest';
import { CHANNEL_SEND_METHODS, EXCLUSIVE_ACCESS_METHODS, IO_WRITE_METHODS, MEM_REPLACING_FUNCTIONS, STORING_METHODS, isEagerOnPurpose, isEffectfulMethod, isMemReplacingFunction, keepsArgument, mentionsEffectfulCall, mutatesInPlace } from '../../src/catalogue/effects.js';
import { APP_ENVIRONMENT_WORDS, APP_STATE_PREFIXES, APP_STATE_WORDS, CHEAP_FIELD_PREFIXES, CHEAP_FIELD_WORDS, CONFIG_WORDS, SERVICE_BUNDLE_WORDS, namesAppState, namesCheapField, namesSharedOwner, namesStateOrConfig } from '../../src/catalogue/naming.js';
import { FRESH_VALUE_MACROS, OWNED_COLLECTION_METHODS, OWNED_VALUE_MACROS, STD_OWNED_VALUE_MACROS, STR_RETURNING_METHODS, BORROWED_VIEW_METHODS, FALLBACK_METHODS, POINTER_LOOK_THROUGH_METHODS, SHAPE_PREDICATE_METHODS, consumesReceiver, isBorrowedView, isFallbackMethod, looksThroughPointer, STRING_RETURNING_METHODS, AS_REF_PARAMETERS, callsClosureOnce, parameterView, takesExactArgument, viewsAs } from '../../src/catalogue/values.js';
import { CLOSURE_TRAITS, ITERATOR_TRAITS, isClosureTrait, isIteratorTrait, buildsOwnedBuffer, buildsOwnedCollection, collectsOwned, isCloneTransparentType, isFallibleReturnType, isPrimitiveTypeName, isStdThreadUnsafePath } from '../../src/catalogue/types.js';
import { spawnsOnCurrentThread } from '../../src/catalogue/executor.js';

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

describe('catalogue: parameters that only view their argument', () => {
  it('reads AsRef bounds and Display / ToString parameters; not Into, not a second trait, not AsRef behind a reference', () => {
    expect(parameterView('impl AsRef<OsStr>', 'AsRef<OsStr>')).toEqual({ kind: 'as-ref', target: 'OsStr' });
    expect(parameterView('P', 'AsRef<std::path::Path>+Send')).toEqual({ kind: 'as-ref', target: 'Path' });
    expect(parameterView('&dyn ToString', undefined)).toEqual({ kind: 'display', borrowed: true });
    expect(parameterView("&'a (dyn std::fmt::Display + Sync)", undefined)).toEqual({ kind: 'display', borrowed: true });
    expect(parameterView('&T', 'Display')).toEqual({ kind: 'display', borrowed: true });
    expect(parameterView('impl Display', 'Display')).toEqual({ kind: 'display', borrowed: false });
    for (const [type, bounds] of [['impl Into<String>', 'Into<String>'], ['S', 'AsRef<str>+Clone'], ['&impl AsRef<str>', 'AsRef<str>'], ['&String', undefined], ['&dyn Error', undefined], ['T', 'Display+Debug']] as const) expect(parameterView(type, bounds), type).toBeNull();
  });

  it('knows which shapes view as which targets, and std fns taking AsRef parameters by position', () => {
    expect(viewsAs('str', 'OsStr')).toBe(true);
    expect(viewsAs('Vec', '[u8]')).toBe(true);
    expect(viewsAs('Path', 'str')).toBe(false);
    expect(AS_REF_PARAMETERS['std::env::set_var']).toEqual(['OsStr', 'OsStr']);
    expect(AS_REF_PARAMETERS['tokio::fs::write']).toEqual(['Path', '[u8]']);
    expect(AS_REF_PARAMETERS['std::env::args']).toBeUndefined();
  });
});

describe('catalogue: std methods that call their closure at most once', () => {
  it('knows the fallbacks and entry inserts; not the names iterators and streams share', () => {
    for (const m of ['unwrap_or_else', 'ok_or_else', 'map_or_else', 'or_insert_with', 'get_or_insert_with']) expect(callsClosureOnce(m), m).toBe(true);
    for (const m of ['map', 'and_then', 'map_err', 'for_each', 'filter']) expect(callsClosureOnce(m), m).toBe(false);
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

describe('catalogue: types by what cloning and sharing them costs', () => {
  it('knows cheap clones, heavy containers and owned text, each once', async () => {
    const t = await import('../../src/catalogue/types.js');
    for (const n of ['Arc', 'Weak', 'Data', 'PgPool', 'Uuid', 'StatusCode']) expect(t.isCheapCloneType(n), n).toBe(true);
    for (const n of ['Vec', 'String', 'Order']) expect(t.isCheapCloneType(n), n).toBe(false);
    expect(t.isHeavyContainerType('BTreeMap')).toBe(true);
    expect(t.isHeavyContainerType('Arc')).toBe(false);
    expect(t.isOwnedTextType('PathBuf')).toBe(true);
    once([t.CHEAP_CLONE_TYPES, t.HEAVY_CONTAINER_TYPES, t.OWNED_TEXT_TYPES]);
  });

  it('knows shared pointers, wrappers and what makes a cheap handle', async () => {
    const t = await import('../../src/catalogue/types.js');
    for (const n of ['Arc', 'Rc', 'Data']) expect(t.isSharedPointerType(n), n).toBe(true);
    for (const n of ['Box', 'Weak', 'Mutex']) expect(t.isSharedPointerType(n), n).toBe(false);
    const { isWrapperType, SMART_POINTER_TYPES } = await import('../../src/catalogue/values.js');
    for (const n of ['Arc', 'Box', 'Mutex', 'RwLock', 'Data']) expect(isWrapperType(n), n).toBe(true);
    expect(isWrapperType('Vec')).toBe(false);
    expect(SMART_POINTER_TYPES).toEqual(['Arc', 'Rc', 'Box']);
    for (const c of ['Arc::new', 'std::sync::Arc::clone', 'web::Data::from', 'Arc::downgrade', 'mpsc::channel', 'tokio::sync::broadcast']) expect(t.makesCheapHandle(c), c).toBe(true);
    for (const c of ['Vec::new', 'Arc::try_unwrap', 'make_channel']) expect(t.makesCheapHandle(c), c).toBe(false);
  });

  it('knows which types cannot cross or be shared between threads', async () => {
    const t = await import('../../src/catalogue/types.js');
    expect(t.NOT_SEND_TYPES).toEqual(['Rc', 'Weak']);
    expect(t.NOT_SYNC_TYPES).toEqual(['RefCell', 'Cell', 'UnsafeCell', 'OnceCell']);
  });
});

describe('catalogue: spawns, once-initialisers and request shapes the ownership rules ask about', () => {
  it('knows the spawns whose task must be Send', async () => {
    const { isThreadCrossingSpawn } = await import('../../src/catalogue/executor.js');
    for (const p of ['tokio::spawn', 'tokio::task::spawn', 'std::thread::spawn', 'task::spawn', 'thread::spawn']) expect(isThreadCrossingSpawn(p), p).toBe(true);
    for (const p of ['tokio::task::spawn_local', 'actix_rt::spawn', 'spawn', 'tokio::spawn_blocking']) expect(isThreadCrossingSpawn(p), p).toBe(false);
  });

  it('knows calls that make or keep a value once for the process', async () => {
    const { isOnceInit } = await import('../../src/catalogue/executor.js');
    expect(isOnceInit('CELL.get_or_init', 'get_or_init')).toBe(true);
    expect(isOnceInit('INIT.call_once_force', 'call_once_force')).toBe(true);
    expect(isOnceInit('std::sync::LazyLock::new', null)).toBe(true);
    expect(isOnceInit('OnceLock::set', null)).toBe(true);
    expect(isOnceInit('cell.set', 'set')).toBe(false);
    expect(isOnceInit('Vec::new', null)).toBe(false);
  });

  it('knows per-request traits apart from middleware factories, and the state extractors', async () => {
    const web = await import('../../src/catalogue/web.js');
    for (const t of ['Service', 'FromRequestParts', 'Responder', 'Endpoint']) expect(web.isPerRequestTrait(t), t).toBe(true);
    for (const t of ['Transform', 'Middleware', 'Layer']) expect(web.isPerRequestTrait(t), t).toBe(false);
    for (const t of ['Transform', 'Service']) expect(web.isRequestTrait(t), t).toBe(true);
    for (const t of ['State', 'Extension', 'web::Data']) expect(web.isSharedStateExtractor(t), t).toBe(true);
    expect(web.isSharedStateExtractor('Json')).toBe(false);
    for (const t of ['State<S>', 'web::Data<D>', '&HttpRequest', 'Json<T>']) expect(web.isExtractorType(t), t).toBe(true);
    expect(web.isExtractorType('Parts')).toBe(false); // the request head: a helper's parameter, not an extractor
    once([web.EXTRACTOR_TYPES]);
    once([web.REQUEST_TRAITS]);
  });
});

describe('catalogue: owned results, owned constructors, response bodies', () => {
  it('knows methods and constructors whose value is owned', async () => {
    const v = await import('../../src/catalogue/values.js');
    const { isResponseBodyMethod } = await import('../../src/catalogue/http.js');
    for (const m of ['to_vec', 'collect', 'into_inner', 'unwrap_or_default']) expect(v.OWNED_RESULT_METHODS.has(m), m).toBe(true);
    for (const m of ['as_str', 'iter', 'get']) expect(v.OWNED_RESULT_METHODS.has(m), m).toBe(false);
    for (const c of ['Order::new', 'config::Settings::from_str', 'Store::open', 'Order::from', 'Settings::load']) expect(v.isOwnedConstructorCall(c), c).toBe(true);
    for (const c of ['order::new', 'Order::as_ref', 'new', 'Config::from_env', 'Pool::connect']) expect(v.isOwnedConstructorCall(c), c).toBe(false);
    expect(isResponseBodyMethod('json')).toBe(true);
    expect(isResponseBodyMethod('send')).toBe(false);
  });

  it('names types that are not assumed heavy, and handle types', async () => {
    const n = await import('../../src/catalogue/naming.js');
    for (const t of ['AppState', 'ConfigBuilder', 'UserRepo', 'Currency', 'Colour', 'Color', 'SortOption', 'ListOpts']) expect(n.namesNotHeavyType(t), t).toBe(true);
    for (const t of ['Order', 'Invoice', 'Catalogue']) expect(n.namesNotHeavyType(t), t).toBe(false);
    for (const t of ['DbPool', 'HttpClient', 'EventsTx', 'UserId', 'RedisConn']) expect(n.namesHandleType(t), t).toBe(true);
    for (const t of ['Order', 'Identity']) expect(n.namesHandleType(t), t).toBe(false);
    once([n.APP_STATE_WORDS, n.APP_ENVIRONMENT_WORDS, n.SERVICE_BUNDLE_WORDS, n.CONFIG_WORDS, n.SERVICE_HANDLE_WORDS, n.PARAMETER_WORDS, n.SMALL_VALUE_WORDS]);
    once([n.HANDLE_TYPE_WORDS]);
  });
});

describe('catalogue: what a clone of a type costs, and owned values', () => {
  it('knows primitives, wrappers that clone what they hold, and fallible return types', () => {
    for (const t of ['u8', 'usize', 'f64', 'bool', 'char', 'str', 'NonZeroU32']) expect(isPrimitiveTypeName(t), t).toBe(true);
    for (const t of ['String', 'Vec', 'u8x']) expect(isPrimitiveTypeName(t), t).toBe(false);
    for (const t of ['Option', 'Box', 'Cow', 'Result']) expect(isCloneTransparentType(t), t).toBe(true);
    expect(isCloneTransparentType('Arc')).toBe(false);
    expect(isFallibleReturnType('Result')).toBe(true);
    expect(isFallibleReturnType('Vec')).toBe(false);
  });

  it('knows the constructors of owned collections and buffers, by the callee as written', () => {
    expect(buildsOwnedCollection('Vec::with_capacity')).toBe(true);
    expect(buildsOwnedCollection('std::collections::HashMap::from_iter')).toBe(true);
    expect(buildsOwnedCollection('Arc::new')).toBe(false);
    expect(buildsOwnedCollection('MyVec::new')).toBe(false);
    expect(buildsOwnedBuffer('PathBuf::from')).toBe(true);
    expect(buildsOwnedBuffer('String::from_utf8')).toBe(true);
    expect(buildsOwnedBuffer('Path::new')).toBe(false);
    expect(collectsOwned('Vec<_>')).toBe(true);
    expect(collectsOwned('Result<Vec<_>, E>')).toBe(false);
  });

  it('knows std\'s non-thread-safe modules and the spawners that stay on the current thread', () => {
    expect(isStdThreadUnsafePath('std::rc::Rc')).toBe(true);
    expect(isStdThreadUnsafePath('core::cell::RefCell')).toBe(true);
    expect(isStdThreadUnsafePath('once_cell::sync::OnceCell')).toBe(false);
    expect(spawnsOnCurrentThread('local_set')).toBe(true);
    expect(spawnsOnCurrentThread('actix_rt::Arbiter::current()')).toBe(true);
    expect(spawnsOnCurrentThread('join_set')).toBe(false);
  });

  it('knows string-returning methods and owned-value macros, each list without repeats', () => {
    expect(STR_RETURNING_METHODS.has('trim_end')).toBe(true);
    expect(STRING_RETURNING_METHODS.has('to_lowercase')).toBe(true);
    expect(STRING_RETURNING_METHODS.has('trim')).toBe(false);
    for (const m of STD_OWNED_VALUE_MACROS) expect(OWNED_VALUE_MACROS.has(m), m).toBe(true);
    for (const m of FRESH_VALUE_MACROS) expect(STD_OWNED_VALUE_MACROS.has(m), m).toBe(true);
    expect(OWNED_COLLECTION_METHODS.has('fetch_all')).toBe(true);
  });
});

describe('catalogue: std methods the ownership and architecture rules ask about by name (moved out of the rules, issue 15)', () => {
  it('knows the calls that change a collection in place, and the mem fns that write through a `&mut`', () => {
    for (const m of ['push', 'push_back', 'insert', 'retain', 'sort_by_key', 'dedup_by', 'entry', 'get_mut', 'iter_mut', 'pop_front', 'swap_remove']) expect(mutatesInPlace(m), m).toBe(true);
    for (const m of ['get', 'len', 'iter', 'contains', 'insertion_order', 'clone']) expect(mutatesInPlace(m), m).toBe(false);
    expect(isMemReplacingFunction('take')).toBe(true);
    expect(isMemReplacingFunction('size_of')).toBe(false);
    once([MEM_REPLACING_FUNCTIONS]);
  });

  it('knows the calls that keep their argument, by the last segment of the callee', () => {
    for (const c of ['out.push', 'map.insert_many', 'tx.send', 'tx.try_send', 'cache.entry', 'Vec::extend', 'cell.set', 'handles.spawn_local', 'builder.with']) expect(keepsArgument(c), c).toBe(true);
    for (const c of ['println', 'out.len', 'settings.get', 'Vec::new', 'reset']) expect(keepsArgument(c), c).toBe(false);
  });

  it('knows the methods that take their receiver apart, fall back to a default, view it, look through a pointer', () => {
    for (const m of ['into_iter', 'into_inner', 'drain', 'take', 'unwrap_or_default', 'expect']) expect(consumesReceiver(m), m).toBe(true);
    for (const m of ['iter', 'as_ref', 'expect_err', 'len']) expect(consumesReceiver(m), m).toBe(false);
    for (const m of ['unwrap_or', 'unwrap_or_else', 'unwrap_or_default', 'or', 'or_else']) expect(isFallbackMethod(m), m).toBe(true);
    expect(isFallbackMethod('ok_or')).toBe(false);
    for (const m of ['as_bytes', 'as_str', 'as_ref']) expect(isBorrowedView(m), m).toBe(true);
    expect(isBorrowedView('to_string')).toBe(false);
    for (const m of ['get_ref', 'deref', 'as_ref', 'inner']) expect(looksThroughPointer(m), m).toBe(true);
    expect(looksThroughPointer('clone')).toBe(false);
    // `as_ref` is both a view and a look through a pointer: these lists answer different questions.
    for (const list of [FALLBACK_METHODS, BORROWED_VIEW_METHODS, POINTER_LOOK_THROUGH_METHODS]) expect(list.size).toBeGreaterThan(2);
    once([SHAPE_PREDICATE_METHODS]);
  });

  it('knows the iterator and closure traits', () => {
    for (const t of ITERATOR_TRAITS) expect(isIteratorTrait(t)).toBe(true);
    for (const t of CLOSURE_TRAITS) expect(isClosureTrait(t)).toBe(true);
    expect(isIteratorTrait('Stream')).toBe(false);
    expect(isClosureTrait('Future')).toBe(false);
    once([ITERATOR_TRAITS, CLOSURE_TRAITS]);
  });
});
