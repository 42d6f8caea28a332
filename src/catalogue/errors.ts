/**
 * Result and Option plumbing, by std, anyhow, eyre and futures: the methods through which a value
 * or its error passes on unchanged in kind. A rule asking "is this still the call's result?" (a
 * query's, a lock's guard, a clone) looks through them.
 */

/** Convert a `Result`'s error and pass the `Result` on: std's `map_err`, anyhow's `context` / `with_context`, eyre's `wrap_err` / `wrap_err_with`, futures' `err_into`. */
export const ERROR_CONVERSION_METHODS: ReadonlySet<string> = new Set(['map_err', 'context', 'with_context', 'wrap_err', 'wrap_err_with', 'err_into']);
export const isErrorConversion = (method: string): boolean => ERROR_CONVERSION_METHODS.has(method);

/** `Result` methods whose closure is handed the error itself (`r.map_err(|e| ..)`, `r.or_else(|e| ..)`, `r.unwrap_or_else(|e| ..)`, `r.inspect_err(|e| ..)`): its parameter holds an error. */
export const ERROR_HANDING_METHODS: ReadonlySet<string> = new Set(['map_err', 'or_else', 'unwrap_or_else', 'inspect_err']);
export const handsOverError = (method: string): boolean => ERROR_HANDING_METHODS.has(method);

/** Take the value out of a `Result` / `Option`, panicking (`unwrap`, `expect`) or falling back (`unwrap_or_default`, `unwrap_or_else`) on the other case. */
export const UNWRAP_METHODS: ReadonlySet<string> = new Set(['unwrap', 'expect', 'unwrap_or_default', 'unwrap_or_else']);

/** `Option` methods that turn it into a `Result` holding the same value (`x.ok_or(E)?` is `x`'s value). */
export const OPTION_TO_RESULT_METHODS: ReadonlySet<string> = new Set(['ok_or', 'ok_or_else']);
/** Methods whose value is their receiver's, taken out of its `Result` / `Option` or with only the error changed. */
export const isValuePassingMethod = (method: string): boolean => UNWRAP_METHODS.has(method) || OPTION_TO_RESULT_METHODS.has(method) || ERROR_CONVERSION_METHODS.has(method);

/** `Option` / `Result` adaptors whose result is `Some` / `Ok` exactly when their receiver is: `x.map(f)`, `x.copied()`, `x.cloned()`, `x.as_ref()`, `x.as_deref()`, `x.as_mut()`. */
export const PRESENCE_PRESERVING_METHODS: ReadonlySet<string> = new Set(['map', 'copied', 'cloned', 'as_ref', 'as_deref', 'as_mut']);

/**
 * Message errors: anyhow's and eyre's error types, whose `Display` is only their outermost message (the
 * `context` or `bail!` text; `{:#}` and `{:?}` add the chain of causes). The `Result` aliases that carry them.
 */
export const MESSAGE_ERROR_RESULTS: ReadonlySet<string> = new Set(['anyhow::Result', 'eyre::Result', 'color_eyre::Result', 'color_eyre::eyre::Result']);
export const MESSAGE_ERROR_TYPES: ReadonlySet<string> = new Set(['anyhow::Error', 'eyre::Report', 'color_eyre::Report', 'color_eyre::eyre::Report']);
/** Methods that set a `Result`'s error message: anyhow's `context` / `with_context`, eyre's `wrap_err` / `wrap_err_with`. */
export const MESSAGE_CONTEXT_METHODS: ReadonlySet<string> = new Set(['context', 'with_context', 'wrap_err', 'wrap_err_with']);
export const isMessageContextMethod = (method: string): boolean => MESSAGE_CONTEXT_METHODS.has(method);
/** Macros that build a message error from a format string (and return it: `bail!`, `ensure!`). */
export const MESSAGE_ERROR_MACROS: ReadonlySet<string> = new Set(['bail', 'ensure', 'anyhow', 'eyre', 'format_err']);
export const isMessageErrorMacroName = (name: string): boolean => MESSAGE_ERROR_MACROS.has(name);
