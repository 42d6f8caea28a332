/**
 * Logging and printing macros (tracing, log, std): what a program writes to its logs or its output.
 * The macro model parses their arguments as expressions (src/rust/macro-graft.ts); the secret rules
 * ask whether a secret reaches one.
 */

/** tracing's and log's macros (by last path segment): events, spans, and `log!` / `event!` with a level. */
export const LOG_MACROS: readonly string[] = ['trace', 'debug', 'info', 'warn', 'error', 'event', 'span', 'trace_span', 'debug_span', 'info_span', 'warn_span', 'error_span', 'log'];
/** std's printing macros: to stdout / stderr, which a service's log collector reads as its log. */
export const PRINT_MACROS: readonly string[] = ['println', 'eprintln', 'print', 'eprint'];

const logMacros = new Set(LOG_MACROS);
const outputMacros = new Set([...LOG_MACROS, ...PRINT_MACROS]);
export const isLogMacro = (name: string): boolean => logMacros.has(name);
/** std's print macros (by last path segment). */
export const isPrintMacro = (name: string): boolean => PRINT_MACROS.includes(name);
/** A macro (last path segment) whose arguments end up in the logs or the output: a tracing / log macro or a print. */
export const isLogOrPrintMacro = (name: string): boolean => outputMacros.has(name);

/** Log levels and std's own macros (`error`, `info`, `println`): counted as API names, they would mark any list of common words as a logging list (see catalogue/index.ts). */
export const STD_VOCABULARY: readonly string[] = ['LOG_MACROS', 'PRINT_MACROS'];

/**
 * Macros that format a template and its arguments, by last path segment, with how many arguments
 * come before the template (`write!(f, ..)`, `assert_eq!(a, b, ..)`). The tracing / log macros are
 * not here: their template follows any number of `target:` / `field = value` arguments.
 */
export const FORMAT_TEMPLATE_AT: Readonly<Record<string, number>> = {
  format: 0,
  format_args: 0,
  ...Object.fromEntries(PRINT_MACROS.map((n) => [n, 0])),
  panic: 0,
  unreachable: 0,
  todo: 0,
  unimplemented: 0,
  anyhow: 0,
  bail: 0,
  eyre: 0,
  format_err: 0,
  write: 1,
  writeln: 1,
  assert: 1,
  debug_assert: 1,
  ensure: 1,
  assert_eq: 2,
  assert_ne: 2,
  debug_assert_eq: 2,
  debug_assert_ne: 2,
};
