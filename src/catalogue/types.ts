/**
 * Std and ecosystem types by what owning, cloning and sharing a value of them means: reference-counted
 * pointers, types whose clone is a handle copy or a bit copy, containers whose clone copies every
 * element, and the types that cannot cross or be shared between threads. Matched by the last path
 * segment, as the ownership rules see types without a type checker.
 */
import { SHARED_STATE_POINTERS } from './web.js';

/** Reference-counted pointers: a clone is a count bump, the value stays where it is. */
export const REFCOUNTED_POINTER_TYPES: readonly string[] = ['Arc', 'Rc'];
/** The single-owner heap pointer. */
export const BOX_TYPES: readonly string[] = ['Box'];
/** Weak pointers of those (`Arc::downgrade`): a clone is a count bump too. */
export const WEAK_POINTER_TYPES: readonly string[] = ['Weak'];

/**
 * Types whose clone is a reference-count bump, a handle copy or a bit copy: the pointers above, actix's
 * `web::Data`, channel ends, connection pools and clients, runtime and cancellation handles, tracing
 * spans, ids, times, numbers and addresses, HTTP methods and status codes, metrics instruments, keys.
 */
export const CHEAP_CLONE_TYPES: readonly string[] = [
  ...REFCOUNTED_POINTER_TYPES, ...WEAK_POINTER_TYPES, ...SHARED_STATE_POINTERS, 'Bytes',
  'Sender', 'UnboundedSender', 'SyncSender', 'WeakSender', 'Receiver',
  'PgPool', 'MySqlPool', 'SqlitePool', 'AnyPool', 'Pool', 'Client', 'Handle', 'CancellationToken', 'Span',
  'Uuid', 'Ulid', 'Instant', 'SystemTime', 'Duration', 'DateTime', 'NaiveDate', 'NaiveDateTime', 'NaiveTime',
  'Utc', 'Decimal', 'IpAddr', 'SocketAddr', 'Ipv4Addr', 'Ipv6Addr', 'Method', 'StatusCode', 'HeaderValue',
  'Channel', 'Router', 'Extension', 'Ordering', 'PhantomData', 'ObjectId', 'Tracer', 'Meter', 'Counter',
  'Histogram', 'Gauge', 'Registry', 'Semaphore', 'Notify', 'Key', 'EncodingKey', 'DecodingKey',
];
/** Owned containers whose clone copies every element. */
export const HEAVY_CONTAINER_TYPES: readonly string[] = [
  'Vec', 'VecDeque', 'HashMap', 'HashSet', 'BTreeMap', 'BTreeSet', 'IndexMap', 'IndexSet', 'BinaryHeap',
  'LinkedList', 'SmallVec', 'DashMap', 'BytesMut', 'Value', 'Map',
];
/** Owned text and path buffers: a clone copies every byte. */
export const OWNED_TEXT_TYPES: readonly string[] = ['String', 'PathBuf', 'OsString'];

/**
 * Why a type may not be used across threads: `Rc` and rc's `Weak` are neither `Send` nor `Sync`; the
 * interior-mutability cells are `Send` but never `Sync` (fine owned by one task, wrong in shared state).
 * The rule resolves the path (std's `Rc`, not `once_cell::sync::OnceCell`) before it judges.
 */
export const THREAD_UNSAFE_TYPES: Readonly<Record<string, 'not-send' | 'not-sync'>> = {
  Rc: 'not-send',
  Weak: 'not-send',
  RefCell: 'not-sync',
  Cell: 'not-sync',
  UnsafeCell: 'not-sync',
  OnceCell: 'not-sync',
};
export const NOT_SEND_TYPES: readonly string[] = Object.keys(THREAD_UNSAFE_TYPES).filter((t) => THREAD_UNSAFE_TYPES[t] === 'not-send');
export const NOT_SYNC_TYPES: readonly string[] = Object.keys(THREAD_UNSAFE_TYPES).filter((t) => THREAD_UNSAFE_TYPES[t] === 'not-sync');

/** Associated fns that make a pointer or handle (`Arc::new`, `Data::from`, `Arc::downgrade`), and channel constructors: cloning what they give is a count bump. */
export const POINTER_CONSTRUCTOR_FNS: readonly string[] = ['new', 'clone', 'from', 'downgrade'];
export const CHANNEL_CONSTRUCTORS: readonly string[] = ['channel', 'unbounded_channel', 'broadcast', 'watch'];

const cheapClone = new Set(CHEAP_CLONE_TYPES);
const heavyContainers = new Set(HEAVY_CONTAINER_TYPES);
const ownedText = new Set(OWNED_TEXT_TYPES);
const sharedPointers = new Set([...REFCOUNTED_POINTER_TYPES, ...SHARED_STATE_POINTERS]);
const cheapConstructor = new RegExp(
  `(^|::)(${[...REFCOUNTED_POINTER_TYPES, ...SHARED_STATE_POINTERS, ...WEAK_POINTER_TYPES].join('|')})::(${POINTER_CONSTRUCTOR_FNS.join('|')})$|(^|::)(${CHANNEL_CONSTRUCTORS.join('|')})$`,
);

export const isCheapCloneType = (name: string): boolean => cheapClone.has(name);
export const isHeavyContainerType = (name: string): boolean => heavyContainers.has(name);
export const isOwnedTextType = (name: string): boolean => ownedText.has(name);
/** An `Arc` inside (`Arc`, `Rc`, actix's `web::Data`): cloning one is a count bump and shares the value. */
export const isSharedPointerType = (name: string): boolean => sharedPointers.has(name);
/** A call (its callee path as written) whose value is a shared pointer or a channel end: cloning it later is a count bump. */
export const makesCheapHandle = (callee: string): boolean => cheapConstructor.test(callee);

/** Rust's primitive types (and std's `NonZero*`): a clone is a bit copy. */
export const PRIMITIVE_TYPES = /^(bool|char|[iu](8|16|32|64|128|size)|f32|f64|str|NonZero\w+)$/;
export const isPrimitiveTypeName = (name: string): boolean => PRIMITIVE_TYPES.test(name);
/** std types beside the primitives whose `to_string` is `Display`'s (`ToString`'s blanket impl): text and addresses. */
export const STD_DISPLAY_TYPES: readonly string[] = ['String', 'Cow', 'IpAddr', 'Ipv4Addr', 'Ipv6Addr', 'SocketAddr'];
const stdDisplay = new Set(STD_DISPLAY_TYPES);
/** A std type whose `to_string()` writes its `Display` text (a number, a `bool`, a `char`, a `str` / `String`, an address). */
export const displaysAsStdText = (name: string): boolean => isPrimitiveTypeName(name) || stdDisplay.has(name);
/** Wrappers whose clone costs what a clone of the value they hold costs (`Option<Vec<T>>` is a `Vec` clone). */
export const CLONE_TRANSPARENT_TYPES: readonly string[] = ['Option', 'Box', 'Cow', 'Result'];
const cloneTransparent = new Set(CLONE_TRANSPARENT_TYPES);
export const isCloneTransparentType = (name: string): boolean => cloneTransparent.has(name);
/** The types a `Result` / `Option` return is unwrapped from (`fn load() -> Result<Vec<T>, E>` gives a `Vec<T>` after `?`). */
export const FALLIBLE_RETURN_TYPES: readonly string[] = ['Result', 'Option'];
const fallibleReturn = new Set(FALLIBLE_RETURN_TYPES);
export const isFallibleReturnType = (name: string): boolean => fallibleReturn.has(name);

/** Owned collections a constructor call builds (`Vec::with_capacity(n)`, `HashMap::from(..)`): a value whose clone copies every element. */
export const OWNED_COLLECTION_TYPES: readonly string[] = ['Vec', 'HashMap', 'HashSet', 'BTreeMap', 'BTreeSet', 'VecDeque', 'String', 'IndexMap'];
export const OWNED_COLLECTION_CONSTRUCTORS: readonly string[] = ['new', 'with_capacity', 'from', 'from_iter'];
const ownedCollectionConstructor = new RegExp(`(^|::)(${OWNED_COLLECTION_TYPES.join('|')})::(${OWNED_COLLECTION_CONSTRUCTORS.join('|')})$`);
/** A call (its callee path as written) that builds an owned collection. */
export const buildsOwnedCollection = (callee: string): boolean => ownedCollectionConstructor.test(callee);
/** Collections `collect::<T>()` builds owned (`collect::<Vec<_>>()`): the turbofish's type, as written, starts with one. */
export const COLLECTED_OWNED_TYPES: readonly string[] = ['Vec', 'HashMap', 'HashSet', 'BTreeMap', 'BTreeSet', 'String'];
const collectedOwned = new RegExp(`^(${COLLECTED_OWNED_TYPES.join('|')})\\b`);
export const collectsOwned = (turbofishType: string): boolean => collectedOwned.test(turbofishType);
/** Owned text and byte buffers a constructor builds fresh (`String::from(..)`, `PathBuf::new()`, `CString::new(..)`). */
export const OWNED_BUFFER_TYPES: readonly string[] = ['String', 'Vec', 'PathBuf', 'OsString', 'CString'];
export const OWNED_BUFFER_CONSTRUCTORS: readonly string[] = ['from', 'new', 'with_capacity', 'from_utf8'];
const ownedBufferConstructor = new RegExp(`(^|::)(${OWNED_BUFFER_TYPES.join('|')})::(${OWNED_BUFFER_CONSTRUCTORS.join('|')})$`);
/** A call (its callee path as written) that builds a new owned buffer. */
export const buildsOwnedBuffer = (callee: string): boolean => ownedBufferConstructor.test(callee);

/** The std modules that define the non-thread-safe types (`std::rc::Rc`, `std::cell::RefCell`, `alloc::rc::Weak`), as a resolved path starts. */
export const THREAD_UNSAFE_MODULES: readonly string[] = ['std::rc::', 'std::cell::', 'core::rc::', 'core::cell::', 'alloc::rc::'];
/** A resolved type path from std's `rc` / `cell` modules. */
export const isStdThreadUnsafePath = (resolved: string): boolean => THREAD_UNSAFE_MODULES.some((m) => resolved.startsWith(m));

/** Std's iterator traits: a `Box<dyn Iterator>` calls through a vtable for every item. */
export const ITERATOR_TRAITS: readonly string[] = ['Iterator', 'DoubleEndedIterator', 'ExactSizeIterator'];
/** The closure traits: a `Box<dyn Fn(..)>` calls through a vtable every time. */
export const CLOSURE_TRAITS: readonly string[] = ['Fn', 'FnMut', 'FnOnce'];
const iteratorTraits = new Set(ITERATOR_TRAITS);
const closureTraits = new Set(CLOSURE_TRAITS);
export const isIteratorTrait = (name: string): boolean => iteratorTraits.has(name);
export const isClosureTrait = (name: string): boolean => closureTraits.has(name);
