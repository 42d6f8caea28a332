/**
 * What a package's dependencies say about the program it builds (crate names as Cargo.toml lists
 * them). The model of the crate (src/model/context.ts) reads these with the manifests to tell a
 * command-line tool or a browser frontend from a backend; rules ask the model, not these lists.
 */

/** Crates that parse a program's command line into subcommands and flags. */
export const ARG_PARSER_CRATES: readonly string[] = ['clap', 'structopt', 'argh', 'pico-args', 'lexopt', 'gumdrop', 'bpaf', 'getopts', 'docopt', 'xflags'];

/** std's own reading of the command line, by resolved path. */
export const ARGS_FUNCTIONS: readonly string[] = ['std::env::args', 'std::env::args_os'];

/**
 * Crates for a person at a terminal: prompts, progress bars, line editors, full-screen text UIs.
 * A program built with one talks to one user who waits for it; a daemon has no one to ask.
 */
export const INTERACTIVE_TERMINAL_CRATES: readonly string[] = [
  'dialoguer', 'inquire', 'requestty', 'promptly', 'cliclack', 'rustyline', 'reedline', 'indicatif', 'spinners', 'ratatui', 'tui', 'cursive',
];

/** Frameworks of apps that run in a browser (compiled to wasm) or a desktop window: their code serves no one's request. */
export const FRONTEND_FRAMEWORK_CRATES: readonly string[] = ['yew', 'seed', 'sycamore', 'dioxus-web', 'dioxus-desktop', 'iced', 'egui', 'eframe', 'slint', 'gtk', 'gtk4', 'web-sys', 'gloo', 'gloo-net'];

/** Server frameworks: a package depending on one serves requests, whatever else it depends on. */
export const SERVER_FRAMEWORK_CRATES: readonly string[] = [
  'axum', 'actix-web', 'rocket', 'warp', 'poem', 'salvo', 'tide', 'tonic', 'tower-http', 'ntex', 'gotham', 'trillium', 'loco-rs', 'leptos_axum', 'leptos_actix', 'dioxus-fullstack',
];

/** Crates that are parts of a server framework, depended on beside it or instead of it (`axum-core` for extractors, `actix-http`). */
export const SERVER_FRAMEWORK_PART_CRATES: readonly string[] = ['axum-core', 'axum-extra', 'actix-http'];

/** Database clients: drivers, ORMs, their pools and parts (a package depending on one talks to a database itself). */
export const DATABASE_CLIENT_CRATES: readonly string[] = ['sqlx', 'sqlx-core', 'sqlx-postgres', 'diesel', 'diesel-async', 'tokio-postgres', 'postgres', 'deadpool-postgres', 'deadpool-diesel', 'sea-orm'];

/**
 * Crates that tie code to a transport or a store (server frameworks and their parts, database
 * clients): in a layered workspace they belong to the adapters, never to the domain crate.
 */
export const ADAPTER_FRAMEWORK_CRATES: readonly string[] = [...SERVER_FRAMEWORK_CRATES, ...SERVER_FRAMEWORK_PART_CRATES, ...DATABASE_CLIENT_CRATES];

/**
 * Error crates for applications (crate paths as code writes them): their `Result`, `Error` and `Report`
 * erase the error's type, which a binary may want and a library's callers cannot match on.
 */
export const APPLICATION_ERROR_CRATES: readonly string[] = ['anyhow', 'eyre', 'color_eyre'];
const applicationErrorResult = new RegExp(`^(${APPLICATION_ERROR_CRATES.join('|')})::Result$`);
const applicationErrorType = new RegExp(`^(${APPLICATION_ERROR_CRATES.join('|')})::(Error|Report)$`);
/** `anyhow::Result`, `eyre::Result` (a resolved path). */
export const isApplicationErrorResult = (resolved: string): boolean => applicationErrorResult.test(resolved);
/** `anyhow::Error`, `eyre::Report`, `color_eyre::Report` (a resolved path). */
export const isApplicationErrorType = (resolved: string): boolean => applicationErrorType.test(resolved);

const argParsers = new Set(ARG_PARSER_CRATES);
const argsFunctions = new Set(ARGS_FUNCTIONS);
const interactive = new Set(INTERACTIVE_TERMINAL_CRATES);
const frontends = new Set(FRONTEND_FRAMEWORK_CRATES);
const servers = new Set(SERVER_FRAMEWORK_CRATES);

export const isArgParserCrate = (name: string): boolean => argParsers.has(name);
export const isArgsFunction = (path: string): boolean => argsFunctions.has(path);
export const isInteractiveTerminalCrate = (name: string): boolean => interactive.has(name);
export const isFrontendFrameworkCrate = (name: string): boolean => frontends.has(name);
export const isServerFrameworkCrate = (name: string): boolean => servers.has(name);
