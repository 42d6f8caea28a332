/**
 * How Rust crates lay out their files: rustc's module files (a `mod x;` in `mod.rs` or in a crate root
 * lives beside it) and the places backends conventionally put their router, handlers and shared state.
 * File and directory names, not APIs: kept out of the API-name count, like naming.ts.
 */

/** File stems of the crate roots Cargo builds by default (`src/lib.rs`, `src/main.rs`, `src/bin/x/main.rs`). */
export const CRATE_ROOT_STEMS: readonly string[] = ['lib', 'main'];
/** File stems whose `mod x;` items live in the same directory (`x.rs` beside them), not in a directory named after the file. */
export const MODULE_DIR_OWNER_STEMS: readonly string[] = ['mod', ...CRATE_ROOT_STEMS];
/** Stems of `src/<stem>.rs` files where a backend registers its routes, beside the crate roots. */
export const ROUTER_FILE_STEMS: readonly string[] = [...CRATE_ROOT_STEMS, 'routes', 'router', 'app', 'api', 'server', 'startup', 'http', 'web'];
/** Directories of `src/<dir>/mod.rs` files where a backend registers its routes. */
export const ROUTER_MODULE_DIRS: readonly string[] = ['routes', 'router', 'api', 'http', 'handlers', 'web'];

/** Module names (a directory or a file stem) under which backends put their handlers and service entry points. */
export const HANDLER_MODULE_NAMES: readonly string[] = ['handler', 'handlers', 'service', 'services', 'route', 'routes', 'controller', 'controllers', 'endpoint', 'endpoints', 'api', 'http', 'web', 'rest'];

const moduleDirOwner = new RegExp(`(^|/)(${MODULE_DIR_OWNER_STEMS.join('|')})\\.rs$`);
const routerFile = new RegExp(`(^|/)src/((${ROUTER_FILE_STEMS.join('|')})\\.rs|(${ROUTER_MODULE_DIRS.join('|')})/mod\\.rs)$`);

const handlerModule = new RegExp(`(^|/)(${HANDLER_MODULE_NAMES.join('|')})(/|\\.rs$)`);

/** A file whose `mod x;` items are `x.rs` / `x/mod.rs` in its own directory (`mod.rs`, `lib.rs`, `main.rs`). */
export const ownsModuleDir = (path: string): boolean => moduleDirOwner.test(path);
/** A file worth reading to find a handler's route when the change did not touch the router. */
export const isRouterFile = (path: string): boolean => routerFile.test(path);
/** A file in (or named as) a module where handlers and service entry points live: `src/handlers/orders.rs`, `src/api.rs`. */
export const isHandlerModulePath = (path: string): boolean => handlerModule.test(path);
