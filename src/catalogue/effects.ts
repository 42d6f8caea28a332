/**
 * Calls that change something beyond the value they return, and calls that hold a guard or start
 * work: run now or later, once or per item, they differ. The ownership rules ask these before they
 * say a collected `Vec`, a loop or a clone could be lazier (collecting first may be the point).
 * Std, channels, I/O and database statements; the lock acquisitions are locks.ts', the offloads and
 * spawns executor.ts', the database statements database.ts': asked here, not repeated.
 */
import { SQLX_RUN_METHODS } from './database.js';
import { isOffloadingMethod, isSpawningMethod } from './executor.js';
import { isLockAcquireMethod } from './locks.js';
import { COLLECTION_ADD_METHODS, EMPTYING_METHODS } from './values.js';

/** Std methods that store into their receiver without adding or taking items: `Cell::set`, atomics' `store` / `swap` / `fetch_add`, `replace`, `Vec::append`. */
export const STORING_METHODS: readonly string[] = ['set', 'store', 'swap', 'fetch_add', 'fetch_sub', 'replace', 'append'];
/** Sends on a channel (std, tokio, crossbeam, flume): the receiving side sees each one. */
export const CHANNEL_SEND_METHODS: readonly string[] = ['send', 'try_send', 'send_timeout', 'blocking_send'];
/** Writes to an `io::Write` / `AsyncWrite`. */
export const IO_WRITE_METHODS: readonly string[] = ['write', 'write_all'];
/** `RefCell`'s run-time checked borrows, and whether the borrow is exclusive (a mutation may follow). */
export const CELL_BORROW_METHODS: Readonly<Record<string, 'shared' | 'exclusive'>> = { borrow: 'shared', borrow_mut: 'exclusive' };
/** Methods whose result keeps an exclusive borrow of the receiver (`map.get_mut(k)`, `v.drain(..)`): the receiver is unusable until it is dropped. */
export const EXCLUSIVE_ACCESS_METHODS: readonly string[] = ['get_mut', 'drain'];

const storing = new Set(STORING_METHODS);
const channelSends = new Set(CHANNEL_SEND_METHODS);
const ioWrites = new Set(IO_WRITE_METHODS);
const exclusiveAccess = new Set(EXCLUSIVE_ACCESS_METHODS);

export const isChannelSendMethod = (method: string): boolean => channelSends.has(method);
export const isCellBorrowMethod = (method: string): boolean => Object.hasOwn(CELL_BORROW_METHODS, method);

/**
 * A method call (by name) with an effect outside its result: a collection or cell mutation, a channel
 * send, an I/O write, a lock taken, an exclusive `RefCell` borrow, a database statement run.
 */
export function isEffectfulMethod(method: string): boolean {
  return COLLECTION_ADD_METHODS.test(method) || EMPTYING_METHODS.has(method) || storing.has(method) || channelSends.has(method) || ioWrites.has(method)
    || isLockAcquireMethod(method) || CELL_BORROW_METHODS[method] === 'exclusive' || SQLX_RUN_METHODS.has(method);
}

/** Whether code text calls an effectful method (`.push(x)`, `.send(m)`): a cheap look at a closure's body. */
export function mentionsEffectfulCall(text: string): boolean {
  for (const m of text.matchAll(/\.\s*(\w+)\s*\(/g)) if (isEffectfulMethod(m[1]!)) return true;
  return false;
}

/**
 * A link of an iterator chain that makes collecting it deliberate: it takes a guard or a borrow that
 * collecting releases (a lock, a `RefCell` borrow, `get_mut`, `drain`), or starts work that should
 * start now (a spawn, an offload to a blocking pool).
 */
export function isEagerOnPurpose(method: string): boolean {
  return isLockAcquireMethod(method) || isCellBorrowMethod(method) || exclusiveAccess.has(method) || isSpawningMethod(method) || isOffloadingMethod(method);
}

/**
 * Methods that change a collection or a string in place (`push*`, `insert`, `sort*`, `dedup*`, `pop*`,
 * `retain`, `drain`) or hand out an exclusive borrow to do so (`entry`, `get_mut`, `iter_mut`).
 */
export const IN_PLACE_MUTATING_METHODS = /^(push\w*|insert|remove|retain|clear|extend|append|truncate|sort\w*|dedup\w*|drain|swap_remove|entry|get_mut|iter_mut|pop\w*)$/;
export const mutatesInPlace = (method: string): boolean => IN_PLACE_MUTATING_METHODS.test(method);
/** `std::mem` fns that write through a `&mut` (`mem::take(&mut v)`). */
export const MEM_REPLACING_FUNCTIONS: readonly string[] = ['take', 'replace', 'swap'];
const memReplacing = new Set(MEM_REPLACING_FUNCTIONS);
export const isMemReplacingFunction = (name: string): boolean => memReplacing.has(name);

/**
 * Calls (by their last segment) that keep their argument: a collection's `push*` / `insert*` /
 * `extend` / `append` / `entry` / `or_insert*`, a channel's `send*`, a setter or store (`set`, `add`,
 * `put`, `store`, `replace`, `with`), a `spawn*` that hands it to another task. Each call wants a
 * value of its own.
 */
export const ARGUMENT_KEEPING_METHODS = /^(push\w*|insert\w*|extend|append|send\w*|try_send|entry|or_insert\w*|set|add|put|store|replace|with|spawn\w*)$/;
export const keepsArgument = (callee: string): boolean => ARGUMENT_KEEPING_METHODS.test(callee.slice(Math.max(callee.lastIndexOf('.'), callee.lastIndexOf(':')) + 1));
