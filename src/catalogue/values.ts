/**
 * What std's own methods and types do to a value, for the model's provenance (src/model/provenance.ts):
 * which keep it what it was, which give a number, which types hold no text. Written once, here.
 */
import { isParallelIteratorSource } from './executor.js';
import { LOCK_TYPE_NAMES } from './locks.js';
import { BOX_TYPES, REFCOUNTED_POINTER_TYPES } from './types.js';
import { SHARED_STATE_EXTRACTORS } from './web.js';

/** Methods that give back (a view, a copy or the text of) the same value: a fixed value stays fixed. */
export const SAME_VALUE_METHODS: ReadonlySet<string> = new Set(['iter', 'into_iter', 'copied', 'cloned', 'clone', 'to_string', 'to_owned', 'as_str', 'as_mut_str', 'as_ref', 'into', 'into_boxed_str', 'as_slice', 'to_vec', 'unwrap', 'unwrap_or_default', 'expect', 'deref', 'borrow']);
/** Conversions (callee path as written) that give back the same text in another string type: `String::from(s)`, `Cow::from(s)`, `Cow::Owned(s)`. */
export const SAME_TEXT_CONVERSIONS = /(^|::)(String::from|Cow::from|Cow::Owned|Cow::Borrowed)$/;
export const isSameTextConversion = (callee: string): boolean => SAME_TEXT_CONVERSIONS.test(callee);
/** Methods that combine the items of a collection (fixed items, fixed separator: a fixed result). */
export const COMBINING_METHODS: ReadonlySet<string> = new Set(['join', 'concat', 'enumerate']);
/** Iterator adapters a `for` loop sees through to the collection it walks. */
export const ITERATION_ADAPTERS: ReadonlySet<string> = new Set(['iter', 'into_iter', 'copied', 'cloned', 'enumerate', 'rev']);
/**
 * Methods that give an `Option` / `Result`'s value or a default of the same type (`limit.unwrap_or(10)`):
 * the value is what the receiver's is, and when that holds no text, neither does the default.
 */
export const DEFAULTING_METHODS: ReadonlySet<string> = new Set(['unwrap_or', 'unwrap_or_else', 'unwrap_or_default']);
/** Methods whose result is a number (or a bool) whatever the receiver. */
export const NUMERIC_METHODS = /^(len|count|abs|pow|clamp|min|max|as_secs|as_millis|as_micros|as_nanos|as_secs_f32|as_secs_f64|subsec_\w+|num_\w+|timestamp\w*|saturating_\w+|checked_\w+|wrapping_\w+|leading_zeros|trailing_zeros|is_\w+)$/;
/** Types whose values hold no text (as declared, references and `Option` stripped). */
export const NUMERIC_TYPES = /^(i|u)(8|16|32|64|128|size)$|^f(32|64)$|^bool$|^(Uuid|Duration|NaiveDate|NaiveDateTime|NaiveTime|DateTime(<.*>)?|Instant|SystemTime|NonZero\w+)$/;
/** Macros that never yield a value (a branch ending in one returns nothing). */
export const DIVERGING_MACROS: ReadonlySet<string> = new Set(['panic', 'unreachable', 'todo', 'unimplemented']);
/** Methods that put their argument into the collection they are called on (`futs.push(f)`). */
export const COLLECTION_ADD_METHODS = /^(push\w*|insert|spawn|extend)$/;
/** Types that hold a file path (a key's or certificate's *location*, not its contents). */
export const PATH_TYPES = /^(Option<)?&?(std::path::)?(PathBuf|Path|Utf8PathBuf|Utf8Path)>?$/;
/** Calls whose argument is a file path (`Path::new(&cfg.tls_key)`): a value handed to one holds a path. */
export const PATH_TAKING_CALLS: readonly string[] = ['Path::new', 'PathBuf::from', 'Utf8Path::new', 'Utf8PathBuf::from', 'File::open', 'File::create', 'fs::read', 'fs::read_to_string'];
/** Macros after which the code below is not reached (a branch ending in one leaves the block): panics and anyhow / eyre's `bail!`. */
export const EARLY_EXIT_MACROS: ReadonlySet<string> = new Set([...DIVERGING_MACROS, 'bail']);
/** Methods that take an element of a collection, `None` only when it is empty (`v.first()`, `v.iter().next()`). */
export const ELEMENT_METHODS: ReadonlySet<string> = new Set(['first', 'last', 'next', 'next_back', 'first_mut', 'last_mut', 'max', 'min', 'pop', 'pop_front', 'pop_back', 'peek']);
/** Methods that look a key up in a map (`m.get(k)`), `None` only when the map lacks the key. */
export const KEYED_LOOKUP_METHODS: ReadonlySet<string> = new Set(['get', 'get_mut', 'remove']);
/** Methods that may empty an `Option` or a collection, so a check made before them no longer holds. */
export const EMPTYING_METHODS: ReadonlySet<string> = new Set(['take', 'clear', 'drain', 'truncate', 'retain', 'remove', 'pop', 'pop_front', 'pop_back', 'split_off', 'swap_remove']);
/**
 * Types that hold any JSON as it is (`serde_json::Value`, `RawValue`, ruma's `Raw<T>`): deserialising an
 * already-parsed `serde_json::Value` into one (`serde_json::from_value`) cannot fail. Last path segment.
 */
export const ANY_JSON_TYPES = /^(Value|JsonValue|RawValue|Raw|CanonicalJsonValue)$/;

/** Path segments of what a fallible constructor wraps its value in (`Result<Self>`, `anyhow::Result<Self>`, `io::Result<Self>`, `Option<Self>`). */
export const RESULT_WRAPPER_SEGMENTS: ReadonlySet<string> = new Set(['Result', 'Option', 'anyhow', 'eyre', 'io', 'std', 'result', 'option', 'crate', 'error']);
/**
 * Std methods whose argument is a reference to the collection's own item type (`[T]::contains(&T)`,
 * `binary_search(&T)`, `VecDeque::contains`): an argument passed to one must have exactly that type,
 * so `names.contains(name)` with `names: Vec<String>` needs `name: &String`, not `&str`.
 */
export const ITEM_TYPED_ARGUMENT_METHODS: ReadonlySet<string> = new Set(['contains', 'binary_search']);
/**
 * Methods whose argument must have exactly the type of the receiver's item, key or other operand, so
 * that no `Borrow` / `Deref` coercion lets a borrowed form stand in: the item-typed lookups above,
 * comparisons (`eq`, `cmp`: `&Self`), `starts_with` / `ends_with` / `position` on slices, and the
 * methods that store their argument (`Vec<&String>::push`, `insert`, `entry`, `extend`, a channel's
 * `send`). There `&name.to_string()` may be exactly what the signature needs.
 */
export const EXACT_ARGUMENT_METHODS: ReadonlySet<string> = new Set([...ITEM_TYPED_ARGUMENT_METHODS, 'eq', 'ne', 'cmp', 'partial_cmp', 'push', 'insert', 'entry', 'extend', 'send', 'position', 'starts_with', 'ends_with']);
export const takesExactArgument = (method: string): boolean => EXACT_ARGUMENT_METHODS.has(method);
/**
 * Std collections whose lookups take any borrowed form of the key (`HashSet<String>::contains(&Q)`
 * where `String: Borrow<Q>`), so a `&str` serves as well as a `&String`.
 */
export const BORROWED_KEY_LOOKUP_TYPES = /^&?\s*('\w+\s+)?(mut\s+)?([\w:]*::)?(HashSet|BTreeSet|HashMap|BTreeMap|IndexSet|IndexMap)\b/;
/**
 * A keyed collection whose key is itself a reference (`HashSet<&String>`, `HashMap::<&str, V>::new()`):
 * its lookups take `&Q` with `&K: Borrow<Q>`, i.e. only `&K` or `&&K`, so a `&name.to_owned()` may be
 * the only form that fits.
 */
export const isReferenceKeyedCollection = (type: string): boolean => {
  const m = BORROWED_KEY_LOOKUP_TYPES.exec(type.trim());
  return !!m && /^\s*(::)?\s*<\s*&/.test(type.trim().slice(m[0].length));
};
/** Types whose `contains` takes a pattern (`&str`, `&String`, a char, ..), not an item. */
export const PATTERN_CONTAINS_TYPES = /^&?\s*('\w+\s+)?(mut\s+)?(str|String|Cow<'?\w*,?\s*str>)$/;
/**
 * Std methods that only read their receiver (`&self`): calling one shares the value, so it can run
 * while an iterator borrows that value. Any other method may take `&mut self` or `self`.
 */
export const SHARED_BORROW_METHODS: ReadonlySet<string> = new Set([
  'iter', 'len', 'is_empty', 'get', 'contains', 'contains_key', 'keys', 'values', 'first', 'last', 'as_str', 'as_slice',
  'as_ref', 'as_deref', 'clone', 'to_string', 'to_owned', 'to_vec', 'starts_with', 'ends_with', 'is_some', 'is_none',
  'is_ok', 'is_err', 'chars', 'bytes', 'lines', 'trim', 'eq', 'cmp',
]);
/** Methods of `vec::IntoIter` that a lazy iterator chain lacks: a use of one needs the collected `Vec`. */
export const VEC_INTO_ITER_ONLY_METHODS: ReadonlySet<string> = new Set(['clone', 'as_slice', 'as_mut_slice']);
/** `Vec` methods a lazy chain answers as well (`count()`, `next().is_none()`, `any(..)`, the chain itself): a collected Vec used only by one is needless. */
export const CHAIN_ANSWERABLE_VEC_METHODS: ReadonlySet<string> = new Set(['len', 'is_empty', 'into_iter', 'contains']);
/**
 * Methods of std's owned string, vector and path types that only borrow their receiver and return a
 * value that does not borrow it (`PathBuf::join`, `String::replace`, `Vec::contains`): called on a
 * fresh `.clone()`, they give what they give on the original. (Not `iter` / `as_str` / `trim`:
 * their result borrows the receiver, so the original would stay borrowed.)
 */
export const NEW_VALUE_FROM_BORROW_METHODS: Readonly<Record<string, ReadonlySet<string>>> = {
  String: new Set(['len', 'is_empty', 'contains', 'starts_with', 'ends_with', 'to_uppercase', 'to_lowercase', 'to_ascii_uppercase', 'to_ascii_lowercase', 'replace', 'replacen', 'repeat', 'eq_ignore_ascii_case']),
  Vec: new Set(['len', 'is_empty', 'contains', 'starts_with', 'ends_with', 'join', 'concat', 'repeat']),
  PathBuf: new Set(['join', 'with_extension', 'with_file_name', 'exists', 'is_file', 'is_dir', 'is_absolute', 'is_relative', 'starts_with', 'ends_with', 'has_root']),
  OsString: new Set(['len', 'is_empty', 'to_ascii_uppercase', 'to_ascii_lowercase']),
};
export const makesNewValueFromBorrow = (type: string, method: string): boolean => Object.hasOwn(NEW_VALUE_FROM_BORROW_METHODS, type) && NEW_VALUE_FROM_BORROW_METHODS[type]!.has(method);

/**
 * `Vec` methods that append at the end, with what a lazy chain adds instead: a collected `Vec` only
 * appended to and then iterated once is the chain `.chain(std::iter::once(x))` / `.chain(items)`.
 */
export const VEC_APPEND_AS_CHAIN: Readonly<Record<string, (arg: string) => string>> = {
  push: (x) => `std::iter::once(${x})`,
  extend: (items) => items,
};
export const vecAppendAsChain = (method: string): ((arg: string) => string) | undefined => (Object.hasOwn(VEC_APPEND_AS_CHAIN, method) ? VEC_APPEND_AS_CHAIN[method] : undefined);
/** Std methods whose argument is any `IntoIterator` (`v.extend(items)`, `a.chain(b)`): a lazy iterator serves as well as a collection. */
export const INTO_ITERATOR_ARGUMENT_METHODS: ReadonlySet<string> = new Set(['extend', 'chain', 'zip']);
/** Fallible conversions of a value into another type (`i32` -> an enum, text -> a number): they fail on the value's content. */
export const CONVERSION_METHODS: ReadonlySet<string> = new Set(['try_into', 'parse', 'try_from']);
/**
 * Std conversions that copy their receiver, by the kind of receiver they only copy (not convert):
 * `to_owned` on a `&str` / `&[T]` / `&Path` makes a `String` / `Vec` / `PathBuf` of the same bytes,
 * which a `&` of the original serves as well when the copy is only lent.
 */
export const COPYING_CONVERSIONS: Readonly<Record<string, readonly ('str' | 'String' | 'slice' | 'Vec' | 'Path' | 'OsStr' | 'CStr' | 'PathBuf' | 'OsString')[]>> = {
  to_string: ['str', 'String'],
  to_owned: ['str', 'String', 'slice', 'Vec', 'Path', 'OsStr', 'CStr', 'PathBuf', 'OsString'],
  clone: ['String', 'Vec', 'PathBuf', 'OsString'],
  to_vec: ['slice', 'Vec'],
  to_path_buf: ['Path', 'PathBuf'],
  to_os_string: ['OsStr', 'OsString'],
};

/**
 * Std methods whose result is an owned value, not a reference into the receiver: copies and conversions
 * (`to_vec`, `to_string`, `to_lowercase`, `into_bytes`), `collect`, `keys` / `split` into what collects them,
 * `into_inner` of a wrapper, a builder's `build`, `unwrap_or_default`.
 */
export const OWNED_RESULT_METHODS: ReadonlySet<string> = new Set(['to_vec', 'to_string', 'to_owned', 'collect', 'to_lowercase', 'to_uppercase', 'into_bytes', 'keys', 'split', 'into_inner', 'build', 'clone', 'unwrap_or_default']);
/**
 * Associated fns whose value the ownership rules take as a fresh owned value of the type, built here
 * (`Type::new(..)`, `from`, `default`, `with_capacity`, `from_str`, `parse`, `load`, `open`). Narrower
 * than CONSTRUCTOR_NAMES below on purpose: a `from_env()` / `connect()` value is the program's
 * configuration or a connection, whose fields are handed on one by one (a clean case of heldout5 has
 * `config.api_key.clone()` from `Config::from_env()`).
 */
export const OWNED_CONSTRUCTOR_NAMES: ReadonlySet<string> = new Set(['new', 'from', 'default', 'with_capacity', 'from_str', 'parse', 'load', 'open']);
/** `Type::new(..)`, `Order::from(..)`, `Settings::load()`: a call of a capitalised type's owned-value constructor (callee path as written). */
export const isOwnedConstructorCall = (callee: string): boolean => {
  const m = /(?:^|::)[A-Z]\w*::(\w+)$/.exec(callee);
  return !!m && OWNED_CONSTRUCTOR_NAMES.has(m[1]!);
};

/** A method that copies its receiver into a new owned value of the same bytes (`clone`, `to_owned`, `to_string`, ..): its result borrows nothing. */
export const isCopyingConversion = (method: string): boolean => Object.hasOwn(COPYING_CONVERSIONS, method);

/** A collection (`Vec<..>`, `VecDeque<..>`, `[..]`, `&[..]`) whose elements are trait objects (`Box<dyn ..>`, `Arc<dyn ..>`, `Rc<dyn ..>`, `&dyn ..`), as a type is written. */
export const TRAIT_OBJECT_COLLECTION_TYPES = /^&?\s*(?:'\w+\s+)?(?:mut\s+)?(?:(?:\w+::)*(?:Vec|VecDeque|SmallVec)\s*<\s*|\[\s*)(?:(?:\w+::)*(?:Box|Arc|Rc)\s*<\s*dyn\b|&\s*(?:'\w+\s+)?dyn\b|dyn\b)/;

/** Macros evaluated at compile time (`include_str!("docs.html")`): what they give is the program's own data, fixed at build time. */
export const COMPILE_TIME_MACROS: ReadonlySet<string> = new Set(['include_str', 'include_bytes', 'concat', 'env', 'stringify', 'option_env']);
export const isCompileTimeMacro = (name: string): boolean => COMPILE_TIME_MACROS.has(name.replace(/^(::)?(std|core)::/, ''));

/**
 * An `.expect(..)` message stating why the value is always there (`"00:00:00 is always a valid time"`,
 * `"can never fail"`, `"checked above"`): the author's written invariant, as a `// SAFETY:` line is.
 */
export const STATED_INVARIANT = /\b(always|never|infallible|guaranteed|by construction|cannot (fail|happen)|can't (fail|happen)|checked (above|before|earlier)|just (inserted|checked|created|validated|parsed|built|set))\b/i;

/** Smart pointers: their methods reach the value they point to, and `Arc::new(x)` builds what `x` is. */
export const SMART_POINTER_TYPES: readonly string[] = [...REFCOUNTED_POINTER_TYPES, ...BOX_TYPES];
/**
 * Types a value is reached through (the last segment of a written type): smart pointers, `Cow`, cells,
 * `Option`, locks and their guard, and the extractors of shared state. `&web::Data<Arc<Mutex<Repo>>>`
 * is, for the methods called on it, a `Repo`.
 */
export const WRAPPER_TYPES: readonly string[] = [...SMART_POINTER_TYPES, 'Cow', 'RefCell', 'Option', 'MutexGuard', ...LOCK_TYPE_NAMES, ...SHARED_STATE_EXTRACTORS];
const wrapperTypes = new Set(WRAPPER_TYPES);
const smartPointers = new Set(SMART_POINTER_TYPES);
/** A wrapper type by its last path segment (`Arc`, `std::sync::Mutex`, `web::Data`). */
export const isWrapperType = (name: string): boolean => wrapperTypes.has(name.slice(name.lastIndexOf(':') + 1));
export const isSmartPointerType = (name: string): boolean => smartPointers.has(name);

/**
 * Names of associated fns that build a value of their own type, by Rust's API conventions (`new`,
 * `with_capacity`, `from_env`, `default`) and a client's `connect` / `open`: `Repo::from_pool(..)` is a `Repo`.
 */
export const CONSTRUCTOR_NAMES = /^(new|with_\w+|from_\w+|connect|open|default)$/;
export const isConstructorName = (name: string): boolean => CONSTRUCTOR_NAMES.test(name);

/** Iterator adaptors (std, itertools, futures' streams) that call their closure once per item; `sort_by*` / `retain` call it per item (or pair) as well. */
export const PER_ITEM_ADAPTERS: ReadonlySet<string> = new Set(['map', 'for_each', 'filter', 'filter_map', 'flat_map', 'fold', 'try_fold', 'try_for_each', 'any', 'all', 'find', 'find_map', 'inspect', 'scan', 'take_while', 'skip_while', 'map_while', 'partition', 'position', 'max_by_key', 'min_by_key', 'sort_by_key', 'sort_by', 'retain', 'for_each_concurrent', 'then']);
/** Methods that start (or pass on) an iterator or a stream: after one, `.map(..)` runs per item (on an `Option`, once). Rayon's parallel sources are executor.ts'. */
export const ITERATOR_SOURCE_METHODS = /^(iter|into_iter|iter_mut|keys|values|values_mut|drain|chars|bytes|lines|split\w*|chunks\w*|windows|enumerate|zip|rev|skip|take|step_by|stream|into_stream)$/;
export const isPerItemAdapter = (method: string): boolean => PER_ITEM_ADAPTERS.has(method);
/** Stream and iterator adaptors (std, futures' `StreamExt` / `TryStreamExt`) that drive the future their closure returns themselves: an `.await`-ing query in the closure runs one after another, once per item, with no join. */
export const AWAITING_ADAPTERS: ReadonlySet<string> = new Set(['then', 'for_each', 'for_each_concurrent', 'try_for_each', 'try_for_each_concurrent', 'and_then', 'try_fold', 'fold']);
/** Adaptors whose closure does the per-item work and passes a value on (or drives it, AWAITING_ADAPTERS): work in the closure happens once per item. The predicates of PER_ITEM_ADAPTERS (`filter`, `any`, ..) are not among them. */
export const PER_ITEM_WORK_ADAPTERS: ReadonlySet<string> = new Set([...AWAITING_ADAPTERS, 'map', 'filter_map', 'flat_map', 'map_ok']);
/** `Iterator` trait methods a `Box<dyn Iterator>` serves as well as the concrete type (they need only `next`). */
export const ITERATOR_TRAIT_METHODS: ReadonlySet<string> = new Set(['map', 'filter', 'filter_map', 'for_each', 'take', 'skip', 'next', 'collect', 'count', 'sum', 'fold', 'any', 'all', 'find']);
export const isIteratorTraitMethod = (method: string): boolean => ITERATOR_TRAIT_METHODS.has(method);
/** A method that starts an iterator, a stream or a rayon parallel iterator. */
export const isIteratorSource = (method: string): boolean => ITERATOR_SOURCE_METHODS.test(method) || isParallelIteratorSource(method);
/** Free fns that build an iterator or a stream of many items (std's `iter::from_fn`, futures' `stream::iter` / `stream::unfold`), by their written path. */
export const ITERATOR_SOURCE_FUNCTIONS = /(^|::)(iter::(from_fn|repeat_with|successors)|stream::(iter|unfold|repeat_with|select_all))$/;
export const isIteratorSourceFunction = (path: string): boolean => ITERATOR_SOURCE_FUNCTIONS.test(path.replace(/\s+/g, ''));
/** Iterator and stream methods that end an iteration with one value (an `Option`, a total, a collection): an adaptor after one runs once, not per item. */
export const ITERATION_CONSUMERS: ReadonlySet<string> = new Set(['next', 'next_back', 'find', 'find_map', 'position', 'last', 'nth', 'max', 'min', 'max_by', 'min_by', 'max_by_key', 'min_by_key', 'count', 'sum', 'product', 'collect', 'try_collect', 'fold', 'try_fold', 'reduce', 'any', 'all', 'partition']);
export const endsIteration = (method: string): boolean => ITERATION_CONSUMERS.has(method);

/** A copy of the receiver as it is, under std's names: `Clone::clone`, `<[T]>::to_vec`, `ToOwned::to_owned`. */
export const COPY_METHODS: ReadonlySet<string> = new Set(['clone', 'to_vec', 'to_owned']);
/** Those and std's copies into the owned form of a borrowed type: `to_string`, `Path::to_path_buf`, `OsStr::to_os_string`. */
export const OWNED_COPY_METHODS: ReadonlySet<string> = new Set([...COPY_METHODS, 'to_string', 'to_path_buf', 'to_os_string']);
/** `\b(clone|to_vec|..)\b`-style text hint for a rule's `requires` (files without any of the names are skipped). */
export const mentionOf = (names: Iterable<string>): RegExp => new RegExp([...names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

/** Methods of `str` / `String` that return a `&str` (`as_ref` only on something already string-like: the caller checks). */
export const STR_RETURNING_METHODS: ReadonlySet<string> = new Set(['trim', 'trim_start', 'trim_end', 'trim_matches', 'trim_start_matches', 'trim_end_matches', 'as_str', 'as_ref']);
/** Methods of `str` / `String` that return a new owned `String`. */
export const STRING_RETURNING_METHODS: ReadonlySet<string> = new Set(['to_string', 'to_owned', 'to_lowercase', 'to_uppercase', 'to_ascii_lowercase', 'to_ascii_uppercase', 'replace', 'repeat']);
/** A method without arguments that gives its receiver's text, whole or trimmed (`sql.as_str()`, `sql.trim()`, `sql.clone()`). */
export const givesReceiverText = (method: string): boolean => SAME_VALUE_METHODS.has(method) || STR_RETURNING_METHODS.has(method);
/**
 * A method whose result is computed from its receiver and arguments alone, so that of fixed values it
 * gives a fixed value: the same value or a view of it, the items combined (`COLUMNS.join(", ")`), text
 * derived from it (`TABLE.to_uppercase()`, `NAME.trim()`).
 */
export const derivesFromReceiver = (method: string): boolean => SAME_VALUE_METHODS.has(method) || COMBINING_METHODS.has(method) || STR_RETURNING_METHODS.has(method) || STRING_RETURNING_METHODS.has(method);
/** Macros whose value is an owned collection or string (`vec![..]`, `format!(..)`, `json!(..)`, maplit's `hashmap!{..}`): a clone copies it all. */
export const OWNED_VALUE_MACROS: ReadonlySet<string> = new Set(['vec', 'format', 'json', 'hashmap', 'btreemap']);
/** Of those, std's and serde_json's, the ones whose value a `let` evidently owns. */
export const STD_OWNED_VALUE_MACROS: ReadonlySet<string> = new Set(['vec', 'format', 'json']);
/** Of those, the ones that build a value nobody else holds, right where they are written. */
export const FRESH_VALUE_MACROS: ReadonlySet<string> = new Set(['format', 'vec']);
/** Methods whose value is an owned collection of every item (`query.fetch_all(..)`, `slice.to_vec()`). */
export const OWNED_COLLECTION_METHODS: ReadonlySet<string> = new Set(['fetch_all', 'to_vec']);

/**
 * Methods that pull the next item of a stream or iterator (`while let Some(row) = rows.try_next().await?`):
 * a `while let` over one of them ends when its source does.
 */
export const NEXT_ITEM_METHODS: ReadonlySet<string> = new Set(['next', 'try_next', 'next_line', 'next_entry']);

/**
 * Methods that make a stream or iterator over something finite: a query's rows (sqlx `fetch`, diesel
 * `load_stream`, tokio-postgres `query_raw`), a response body (`bytes_stream`), a reader's lines, a
 * directory's entries, a collection's items. Draining one is a batch that ends, not a service loop
 * (a channel's `recv`, a listener's `accept`, an interval's `tick` are not here: those last).
 */
export const FINITE_STREAM_SOURCES: ReadonlySet<string> = new Set(['fetch', 'load_stream', 'query_raw', 'bytes_stream', 'lines', 'read_dir', 'entries', 'iter', 'into_iter', 'drain', 'chunks']);
/** Format-like macros that may keep their argument: `dbg!` returns it; the error macros (`anyhow!(err)`) wrap a lone non-string argument, and format only after a string literal. */
export const ARGUMENT_KEEPING_MACROS: ReadonlySet<string> = new Set(['dbg', 'anyhow', 'bail', 'eyre', 'format_err', 'ensure']);
export const keepsArguments = (macro: string): boolean => ARGUMENT_KEEPING_MACROS.has(macro);
/** Of those, the ones whose arguments after a leading string literal are only formatted. */
export const formatsWhenLiteralFirst = (macro: string): boolean => macro !== 'dbg' && ARGUMENT_KEEPING_MACROS.has(macro);

/**
 * What a parameter does with its argument when its type only asks for a view of it: `impl AsRef<X>`
 * / `P: AsRef<X>` (`x.as_ref()` gives a `&X`, whatever owns the bytes), or `ToString` / `Display`
 * (`&dyn ToString`, `&impl Display`, `impl Display`, `T: Display`: the text `Display` writes, the same
 * for a `String` copy as for the value it was made from). `Into<X>` / `From` consume and are not
 * views. `type` is the parameter's type as written, `bounds` what its type parameter or `impl`
 * promises. Null for anything else, and when another trait is asked for too.
 */
export type ParameterView = { kind: 'as-ref'; target: string } | { kind: 'display'; borrowed: boolean };

/** Bounds a borrowed value meets as well as the owned copy (not a lifetime: a `'static` bound refuses a borrow). */
const MARKER_BOUND = /^(Send|Sync|\?Sized|Unpin)$/;

export function parameterView(type: string, bounds: string | undefined): ParameterView | null {
  const written = type.replace(/\s+/g, '');
  const borrowed = written.startsWith('&');
  const traitObject = /^&('\w+)?\(?dyn/;
  const promises = borrowed && traitObject.test(written) ? written.replace(traitObject, '').replace(/\)$/, '') : (bounds ?? '').replace(/\s+/g, '');
  const traits = promises.split('+').filter((t) => t && !MARKER_BOUND.test(t));
  if (traits.length !== 1) return null;
  const only = traits[0]!.replace(/^(::)?(std|core|alloc)::(convert|fmt|string)::/, '');
  const asRef = /^AsRef<(.+)>$/.exec(only);
  if (asRef) return borrowed ? null : { kind: 'as-ref', target: asRef[1]!.replace(/^(::)?std::(ffi|path)::/, '') };
  return /^(Display|ToString)$/.test(only) ? { kind: 'display', borrowed } : null;
}

/**
 * Which owned shapes view as which `AsRef` targets (std's impls): a `str` / `String` is also an
 * `OsStr`, a `Path` and bytes; a `Path` / `PathBuf` is an `OsStr`, an `OsStr` / `OsString` a `Path`;
 * a slice or `Vec` is a slice.
 */
const VIEWS_AS: Readonly<Record<string, readonly string[]>> = {
  str: ['str', 'OsStr', 'Path', '[u8]'],
  String: ['str', 'OsStr', 'Path', '[u8]'],
  Path: ['Path', 'OsStr'],
  PathBuf: ['Path', 'OsStr'],
  OsStr: ['OsStr', 'Path'],
  OsString: ['OsStr', 'Path'],
  CStr: ['CStr'],
  slice: ['[T]'],
  Vec: ['[T]'],
};
/** Whether a value of `shape` (value-shapes.ts) answers `as_ref()` with a `&target`. */
export const viewsAs = (shape: string, target: string): boolean => (VIEWS_AS[shape] ?? []).some((t) => t === target || (t === '[T]' && /^\[.+\]$/.test(target)));

/**
 * Std and tokio fns whose parameters take `impl AsRef<..>` (by position): a `String` made for one of
 * them is only viewed (`env::set_var(key, value.to_string())`). Full paths, as `use` items resolve them.
 */
export const AS_REF_PARAMETERS: Readonly<Record<string, readonly (string | null)[]>> = (() => {
  const out: Record<string, (string | null)[]> = {
    'std::env::set_var': ['OsStr', 'OsStr'],
    'std::env::var': ['OsStr'],
    'std::env::var_os': ['OsStr'],
    'std::env::remove_var': ['OsStr'],
    'std::env::set_current_dir': ['Path'],
    'std::path::Path::new': ['OsStr'],
    'std::process::Command::new': ['OsStr'],
    'tokio::process::Command::new': ['OsStr'],
  };
  for (const fs of ['std::fs', 'tokio::fs']) {
    for (const f of ['read', 'read_to_string', 'read_dir', 'metadata', 'symlink_metadata', 'remove_file', 'remove_dir', 'remove_dir_all', 'create_dir', 'create_dir_all', 'canonicalize', 'File::open', 'File::create']) out[`${fs}::${f}`] = ['Path'];
    out[`${fs}::write`] = ['Path', '[u8]'];
    for (const f of ['copy', 'rename', 'hard_link']) out[`${fs}::${f}`] = ['Path', 'Path'];
  }
  return out;
})();

/**
 * Std methods that call their closure argument at most once (`FnOnce`): the fallbacks of `Option` /
 * `Result` and the entry API's inserts. (`map`, `and_then`, `map_err` are left out: streams and
 * iterators of the same names call theirs per item.) Offloading APIs, all `FnOnce`, are executor.ts's.
 */
export const CLOSURE_ONCE_METHODS: ReadonlySet<string> = new Set(['unwrap_or_else', 'ok_or_else', 'map_or_else', 'or_insert_with', 'or_insert_with_key', 'get_or_insert_with', 'and_modify']);
export const callsClosureOnce = (method: string): boolean => CLOSURE_ONCE_METHODS.has(method);

/** Methods that fall back to another value when there is none: `env::var(..).unwrap_or("dev")`, `.or_else(..)` (a development default may sit there). */
export const FALLBACK_METHODS: ReadonlySet<string> = new Set([...DEFAULTING_METHODS, 'or', 'or_else']);
export const isFallbackMethod = (method: string): boolean => FALLBACK_METHODS.has(method);

/** Methods that view the receiver's own bytes or text without computing anything: `"x".as_bytes()` is as fixed as `"x"`. */
export const BORROWED_VIEW_METHODS: ReadonlySet<string> = new Set(['as_bytes', 'as_ref', 'as_str']);
export const isBorrowedView = (method: string): boolean => BORROWED_VIEW_METHODS.has(method);

/** Methods that take their receiver apart by value (`into_*`, `drain`, `take`, `unwrap*`, `expect`): its elements are moved out, a borrow would not do. */
export const RECEIVER_CONSUMING_METHODS = /^(into_\w+|drain|take|unwrap\w*|expect)$/;
export const consumesReceiver = (method: string): boolean => RECEIVER_CONSUMING_METHODS.test(method);

/** Methods that look through a pointer to the value behind it without arguments: std's `as_ref` / `deref`, actix `web::Data::get_ref`, `inner`. */
export const POINTER_LOOK_THROUGH_METHODS: ReadonlySet<string> = new Set(['get_ref', 'as_ref', 'deref', 'inner']);
export const looksThroughPointer = (method: string): boolean => POINTER_LOOK_THROUGH_METHODS.has(method);

/** Predicates that check only a value's shape (`assert!(r.is_ok())`): any value of that shape passes. */
export const SHAPE_PREDICATE_METHODS: readonly string[] = ['is_ok', 'is_err', 'is_some', 'is_none', 'is_empty'];
