/**
 * Lock types and what their guards do: the methods that acquire a guard (std, tokio, parking_lot,
 * async-lock), the ones whose guard only derefs to `&T`, and the methods that only read through a
 * guard. The model's "what does this code do with the lock" (src/model/locks.ts) reads these.
 */

/** Methods that acquire a guard of a `Mutex` / `RwLock` (std, tokio, parking_lot, async-lock). */
export const LOCK_ACQUIRE_METHODS: readonly string[] = [
  'lock', 'try_lock', 'blocking_lock', 'lock_owned', 'lock_arc',
  'read', 'try_read', 'blocking_read', 'read_owned', 'try_read_owned', 'read_recursive', 'read_arc', 'try_read_arc', 'upgradable_read',
  'write', 'try_write', 'blocking_write', 'write_owned', 'write_arc',
];

/**
 * Acquisitions only tokio's locks have (`blocking_lock` from sync code, the `*_owned` guards that
 * outlive a borrow of the lock): their guard is an async lock's, never a blocking lock's.
 */
export const ASYNC_LOCK_ONLY_ACQUIRE_METHODS: readonly string[] = ['blocking_lock', 'lock_owned', 'blocking_read', 'read_owned', 'try_read_owned', 'blocking_write', 'write_owned'];

/** `RwLock` read acquisitions: their guard only derefs to `&T`, so nothing done with it mutates (parking_lot's `upgradable_read` is not one: its guard can be upgraded to write). */
export const READ_LOCK_METHODS: readonly string[] = ['read', 'try_read', 'blocking_read', 'read_owned', 'try_read_owned', 'read_recursive', 'read_arc', 'try_read_arc'];

/** Methods of `&self` on std types that only read, whatever the guarded `T` is. */
export const READ_ONLY_METHODS: readonly string[] = [
  'len', 'is_empty', 'iter', 'clone', 'cloned', 'copied', 'to_owned', 'to_string', 'as_str', 'as_deref', 'as_ref', 'as_slice',
  'first', 'last', 'is_some', 'is_none', 'unwrap_or', 'starts_with', 'ends_with', 'contains', 'eq', 'keys', 'values', 'to_vec', 'elapsed',
];

/** Lookups that only read on the std collections below (an LRU cache's `get` moves the entry: a write). */
export const COLLECTION_READ_METHODS: readonly string[] = ['get', 'contains_key', 'range'];
/** std (and indexmap) collections whose lookups are reads. */
export const STD_COLLECTIONS: readonly string[] = ['HashMap', 'BTreeMap', 'HashSet', 'BTreeSet', 'Vec', 'VecDeque', 'IndexMap', 'IndexSet', 'Option', 'String'];
/** Value methods of `Ord` numbers that read (`p.size.clamp(1, max)`). */
export const ORDERING_READ_METHODS: readonly string[] = ['clamp', 'min', 'max'];

const acquire = new Set(LOCK_ACQUIRE_METHODS);
const readAcquire = new Set(READ_LOCK_METHODS);
const readOnly = new Set(READ_ONLY_METHODS);
const collectionReads = new Set(COLLECTION_READ_METHODS);
const stdCollections = new Set(STD_COLLECTIONS);
const orderingReads = new Set(ORDERING_READ_METHODS);

export const isLockAcquireMethod = (method: string): boolean => acquire.has(method);
const asyncOnlyAcquire = new Set(ASYNC_LOCK_ONLY_ACQUIRE_METHODS);
/** An acquisition that may return the guard of a blocking lock (std, parking_lot, spin, async-lock's `*_arc` aside). */
export const mayAcquireBlockingLock = (method: string): boolean => acquire.has(method) && !asyncOnlyAcquire.has(method);
export const isReadLockMethod = (method: string): boolean => readAcquire.has(method);
export const isReadOnlyMethod = (method: string): boolean => readOnly.has(method);
export const isCollectionReadMethod = (method: string): boolean => collectionReads.has(method);
export const isStdCollection = (type: string): boolean => stdCollections.has(type);
export const isOrderingReadMethod = (method: string): boolean => orderingReads.has(method);

/** Lock type names (the last segment) whose guards these APIs return. */
export const LOCK_TYPE_NAMES: readonly string[] = ['Mutex', 'RwLock', 'FairMutex', 'ReentrantMutex', 'SpinMutex', 'MappedMutexGuard'];
/** Crates (path prefixes) of blocking locks: a guard must not live across `.await`. */
export const SYNC_LOCK_CRATES: readonly string[] = ['std::sync::', 'core::sync::', 'parking_lot::', 'spin::', 'antidote::'];
/** Crates (path prefixes) of async locks: fine to hold across `.await`. */
export const ASYNC_LOCK_CRATES: readonly string[] = ['tokio::sync::', 'futures::lock::', 'futures_util::lock::', 'async_lock::', 'async_std::sync::', 'futures_locks::'];

const lockTypeNames = new Set(LOCK_TYPE_NAMES);
export const isLockTypeName = (name: string): boolean => lockTypeNames.has(name);
/** A lock type's resolved path: a blocking lock, an async lock, or neither. */
export function lockCrateKind(full: string): 'sync' | 'async' | undefined {
  if (SYNC_LOCK_CRATES.some((p) => full.startsWith(p))) return 'sync';
  if (ASYNC_LOCK_CRATES.some((p) => full.startsWith(p))) return 'async';
  return undefined;
}

/**
 * Concurrent maps whose lookups hand back a guard of one shard's lock, by the map type's path:
 * dashmap's `get` / `get_mut` / `entry` (`Ref`, `RefMut`, `Entry`) and its iterators, which hold a
 * shard's read or write lock while they live. Alive at an `.await`, such a guard blocks every task that
 * touches the shard, as a std `Mutex` guard does (dashmap's docs: "may deadlock if called when holding
 * any sort of reference into the map"). Only through the receiver's type: `get` / `iter` of anything
 * else are plain lookups.
 */
export const SHARD_GUARD_LOOKUPS: Readonly<Record<string, readonly string[]>> = {
  'dashmap::DashMap': ['get', 'get_mut', 'try_get', 'try_get_mut', 'entry', 'try_entry', 'iter', 'iter_mut'],
  'dashmap::DashSet': ['get', 'iter'],
};
/** Those lookups whose value is an `Option` of the guard: where they found nothing (`None`, an `else`), no lock is held. */
export const OPTIONAL_SHARD_GUARD_LOOKUPS: readonly string[] = ['get', 'get_mut', 'try_entry'];
/** Methods of a shard guard that hand back a guard of the same shard (an `Entry` filled in is a `RefMut`). */
export const SHARD_GUARD_KEEPING_METHODS: readonly string[] = ['or_insert', 'or_insert_with', 'or_insert_with_key', 'or_default', 'or_try_insert_with', 'and_modify', 'insert', 'insert_entry', 'downgrade'];

const shardLookupNames = new Set(Object.values(SHARD_GUARD_LOOKUPS).flat());
const optionalShardLookups = new Set(OPTIONAL_SHARD_GUARD_LOOKUPS);
const shardGuardKeeping = new Set(SHARD_GUARD_KEEPING_METHODS);
/** A method name some sharded map's lookup has (the cheap test before the receiver's type is asked). */
export const mayBeShardGuardLookup = (method: string): boolean => shardLookupNames.has(method);
/** `method` of the type at `path` (`dashmap::DashMap`) returns a guard of a shard's lock. */
export const isShardGuardLookup = (path: string, method: string): boolean => SHARD_GUARD_LOOKUPS[path]?.includes(method) ?? false;
export const isOptionalShardGuardLookup = (method: string): boolean => optionalShardLookups.has(method);
export const keepsShardGuard = (method: string): boolean => shardGuardKeeping.has(method);

/**
 * std's own vocabulary held here once, but too common to mark a list elsewhere as a list of library
 * API names (test/catalogue: "rule and model files declare no lists of library API names"); the
 * sharded maps' lookups and entry methods are std's collection names (`iter`, `iter_mut`, `insert`).
 */
export const STD_VOCABULARY: readonly string[] = ['SHARD_GUARD_LOOKUPS', 'SHARD_GUARD_KEEPING_METHODS', 'READ_ONLY_METHODS', 'COLLECTION_READ_METHODS', 'STD_COLLECTIONS', 'ORDERING_READ_METHODS', 'LOCK_TYPE_NAMES', 'SYNC_LOCK_CRATES', 'ASYNC_LOCK_CRATES'];
