/**
 * How Rust backends conventionally name their types and fields: the words the ownership rules read a
 * name with when the type itself is declared elsewhere (another crate, another file) and only its
 * name is seen: `AppState` is shared state, `DbPool` a handle, `user_id` a `Copy` value. Words, not
 * library APIs; kept apart from the framework modules (like values.ts and secrets.ts) so that these
 * common words do not count as API names. Each word group is written once; the rules' questions
 * below are unions of groups.
 */

/** Last words of a type that is an application's shared state (`AppState`, `RequestContext`, `Ctx`). */
export const APP_STATE_WORDS: readonly string[] = ['State', 'Context', 'Ctx'];
/** The application's environment (`Env`): its configuration and its services in one value. */
export const APP_ENVIRONMENT_WORDS: readonly string[] = ['Env'];
/** Last words of a type that bundles the application's services (`Deps`, `App`, `Services`, the `Inner` of an `Arc` newtype). */
export const SERVICE_BUNDLE_WORDS: readonly string[] = ['Deps', 'App', 'Service', 'Services', 'Inner'];
/** Last words of a configuration type (`AppConfig`, `Settings`, `ServerOptions`). */
export const CONFIG_WORDS: readonly string[] = ['Config', 'Configuration', 'Settings', 'Options'];
/** Last words of a type that is a service or a handle to one (`UserRepo`, `Mailer`, `TemplateEngine`, `JwtSigner`, `SessionStore`). */
export const SERVICE_HANDLE_WORDS: readonly string[] = [
  'Svc', 'Repo', 'Repository', 'Store', 'Db', 'Database', 'Mailer', 'Limiter', 'Metrics', 'Queue', 'Cache', 'Api', 'Runtime', 'Executor',
  'Shared', 'Ref', 'Key', 'Secret', 'Signer', 'Engine', 'Renderer', 'Encoder', 'Decoder', 'Codec',
];
/** Last words of a parameter bundle (`ListOpts`, `SearchParams`). */
export const PARAMETER_WORDS: readonly string[] = ['Opts', 'Params'];
/** Last words of a type that is a small value: an enum or a newtype of a few words (`Currency`, `SortOption`, `Colour`, `Timestamp`, `Price`). */
export const SMALL_VALUE_WORDS: readonly string[] = [
  'Currency', 'Region', 'Role', 'Colour', 'Color', 'Unit', 'Locale', 'Lang', 'Language', 'Priority', 'Tier', 'Plan', 'Format', 'Side',
  'Direction', 'Flag', 'Flags', 'Version', 'Amount', 'Money', 'Price', 'Point', 'Range', 'Rect', 'Size', 'Date', 'Time', 'Timestamp',
  'Weekday', 'Month', 'Option',
];
/** Last words of a handle a program opens to a service (`DbPool`, `HttpClient`, `EventSender`, `RedisConn`), not a value a request may carry. */
export const SERVICE_CONNECTION_WORDS: readonly string[] = ['Pool', 'Client', 'Sender', 'Conn', 'Connection', 'Manager'];
/** Last words of a type that is a handle or a small `Copy` value (`DbPool`, `HttpClient`, `EventsTx`, `UserId`, `OrderStatus`, `RedisConn`). */
export const HANDLE_TYPE_WORDS: readonly string[] = [...SERVICE_CONNECTION_WORDS, 'Tx', 'Handle', 'Token', 'Id', 'Kind', 'Status', 'Level', 'Mode'];

/** First words that, before an app-state word, still name the one shared state (`AppState`, `SharedContext`, `HttpCtx`). */
export const APP_STATE_PREFIXES: readonly string[] = ['App', 'Shared', 'Server', 'Service', 'Api', 'Http', 'Web', 'Global'];

/** Last snake_case words of a field that holds a handle or a `Copy` value (`user_id`, `db`, `events_tx`, `retry_count`, `created_at`). */
export const CHEAP_FIELD_WORDS: readonly string[] = [
  'id', 'ids', 'pool', 'db', 'client', 'conn', 'tx', 'rx', 'sender', 'handle', 'state', 'ctx', 'token', 'span', 'metrics', 'limiter',
  'count', 'len', 'size', 'at', 'age', 'flag', 'enabled', 'kind', 'status', 'level', 'mode', 'port',
];
/** First snake_case words of a flag or a number field (`is_admin`, `has_more`, `n_items`, `num_retries`). */
export const CHEAP_FIELD_PREFIXES: readonly string[] = ['is', 'has', 'n', 'num'];

const endsWithWord = (words: readonly string[]): RegExp => new RegExp(`(${words.join('|')})$`);
const sharedOwner = endsWithWord([...APP_STATE_WORDS, ...APP_ENVIRONMENT_WORDS, ...SERVICE_BUNDLE_WORDS]);
const stateOrConfig = endsWithWord([...APP_STATE_WORDS, ...APP_ENVIRONMENT_WORDS, ...CONFIG_WORDS]);
const appState = new RegExp(`^(${APP_STATE_PREFIXES.join('|')})?(${APP_STATE_WORDS.join('|')})$`);
const notHeavy = new RegExp(`(${[...APP_STATE_WORDS, ...APP_ENVIRONMENT_WORDS, ...SERVICE_BUNDLE_WORDS, ...CONFIG_WORDS, ...SERVICE_HANDLE_WORDS, ...PARAMETER_WORDS, ...SMALL_VALUE_WORDS].join('|')})$|Config\\w*$`);
const handleType = endsWithWord(HANDLE_TYPE_WORDS);
const programValue = endsWithWord([...APP_STATE_WORDS, ...APP_ENVIRONMENT_WORDS, ...SERVICE_BUNDLE_WORDS, ...CONFIG_WORDS, ...SERVICE_HANDLE_WORDS, ...SERVICE_CONNECTION_WORDS]);
const cheapField = new RegExp(`(^|_)(${CHEAP_FIELD_WORDS.join('|')})$|^(${CHEAP_FIELD_PREFIXES.join('|')})_`);

/** A type named as shared state, the app's environment or a bundle of its services: its fields are handles, and a value of it is used again through other names. */
export const namesSharedOwner = (typeName: string): boolean => sharedOwner.test(typeName);
/** A type named as the whole app state or its configuration (`AppState`, `Settings`, `Env`). */
export const namesStateOrConfig = (typeName: string): boolean => stateOrConfig.test(typeName);
/** A type named as the app's one shared state (`AppState`, `Context`, `SharedCtx`; not `UserState`). */
export const namesAppState = (typeName: string): boolean => appState.test(typeName);
/**
 * A type named as shared state, configuration, a service, a parameter bundle or a small value
 * (`AppState`, `ConfigBuilder`, `UserRepo`, `Currency`): a clone of one declared elsewhere is not assumed to be heavy.
 */
export const namesNotHeavyType = (typeName: string): boolean => notHeavy.test(typeName);
/** A type named as a handle or a small `Copy` value (`DbPool`, `HttpClient`, `UserId`): its clone is cheap by design. */
export const namesHandleType = (typeName: string): boolean => handleType.test(typeName);
/** A type named as something the program makes and hands to its handlers (`AppState`, `Db`, `Settings`, `UserRepo`, `PgPool`), not data a client sends. */
export const namesProgramValue = (typeName: string): boolean => programValue.test(typeName);
/** A field named as a handle or a `Copy` value: cloning it costs nothing worth a comment. */
export const namesCheapField = (field: string): boolean => cheapField.test(field);

// The database rules read fn names too: a fn named as a listing answers with many rows.
/** Names of fns that list rows (as opposed to loading the children of one parent for a detail view): `list_orders`, `search`, `find_all`, `orders_index`. */
export const LISTING_FN_NAMES = /^(list|all|search|index|feed|export|browse|page|paginate|find_all|get_all|fetch_all|load_all)(_|$)|_(list|all|index|feed|search)$/;
export const isListingFnName = (name: string): boolean => LISTING_FN_NAMES.test(name);

// The architecture rules read crate names: a word of one says which layer the crate is.
/** Words of a crate's name (split at `-` / `_`) that make it an adapter, not the domain (`api-core`, `db-model`, `persistence`). */
export const ADAPTER_CRATE_WORDS: readonly string[] = ['api', 'web', 'http', 'server', 'db', 'database', 'infra', 'infrastructure', 'persistence', 'storage', 'store', 'repo', 'repository', 'adapter', 'adapters', 'postgres', 'pg', 'sql', 'grpc', 'rest', 'cli'];
const adapterCrateWords = new Set(ADAPTER_CRATE_WORDS);
export const isAdapterCrateWord = (word: string): boolean => adapterCrateWords.has(word);

// The architecture rules read binding names where a type is not written: what a receiver is.
/** Names of a binding that holds a database pool, connection or transaction (`pool`, `db`, `read_pool`, `pg_conn`, `txn`). */
export const DATABASE_HANDLE_NAMES = /(^|_)(pool|db|database|conn|connection|client|pg|postgres|tx|txn|transaction)$/i;
/** Names of a binding that holds a semaphore or a rate limiter (`sem`, `permits`, `limiter`). */
export const SEMAPHORE_NAMES = /(sem|semaphore|permit|permits|limit|limiter)s?$/i;
/** Names of a binding that holds the request (`req`, `request`, `http_req`), compared case-insensitively. */
export const REQUEST_BINDING_NAMES = /^(req|request|http_req|httprequest)$/i;
export const namesDatabaseHandle = (name: string): boolean => DATABASE_HANDLE_NAMES.test(name);
export const namesSemaphore = (name: string): boolean => SEMAPHORE_NAMES.test(name);
export const namesRequest = (name: string): boolean => REQUEST_BINDING_NAMES.test(name);
/** Names Rust code gives a value holding an error (`e`, `err`, `source`, `db_error`, `err_source`). */
export const ERROR_BINDING_NAMES = /^(e|er|err|error|errs|errors|source|cause|why|ex|\w+_(err|error)|(err|error)_(inner|source|cause|details?))$/;
export const namesError = (name: string): boolean => ERROR_BINDING_NAMES.test(name);

/** First words of a test helper that waits for something to happen (`wait_for_worker`, `settle`, `give_it_time`, `let_it_run`). */
export const WAIT_HELPER_PREFIXES: readonly string[] = ['wait', 'settle', 'give_', 'let_'];
const waitHelper = new RegExp(`^(${WAIT_HELPER_PREFIXES.join('|')})`);
/** A fn named for waiting: in test code its sleep is the test's wait. */
export const namesWaitHelper = (fnName: string): boolean => waitHelper.test(fnName);
/** Verbs of a fn named for pausing until something happens (`sleep_for_writes_to_be_visible`, `pause_until_flushed`). */
export const TIMED_WAIT_VERBS: readonly string[] = ['sleep', 'pause', 'delay'];
const timedWait = new RegExp(`^(${TIMED_WAIT_VERBS.join('|')})_(for|until)_`);
/** A fn named for waiting, or for pausing until an event (`sleep_for_..`): what a test calls it for is a wait. */
export const namesWaitFor = (fnName: string): boolean => waitHelper.test(fnName) || timedWait.test(fnName);

/**
 * First words (whole, or before `_`) of a test helper that builds, starts or calls something rather than
 * checking it (`setup_db`, `spawn_app`, `create_user`, `post_json`, `with_tenant`, `seed`).
 */
export const SETUP_HELPER_WORDS: readonly string[] = [
  'setup', 'spawn', 'start', 'new', 'init', 'build', 'create', 'make', 'app', 'client', 'server', 'connect',
  'get', 'post', 'put', 'patch', 'delete', 'send', 'request', 'fixture', 'with', 'seed', 'insert', 'load',
];
const setupHelper = new RegExp(`^(${SETUP_HELPER_WORDS.join('|')})(_|$)`);
/** A helper named for building or calling things, not for checking them. */
export const namesSetupHelper = (fnName: string): boolean => setupHelper.test(fnName);

/**
 * Fn and method names so common that seeing one mentioned says nothing about which fn is meant:
 * constructors, conversions and entry points every type has.
 */
export const UBIQUITOUS_FN_NAMES: readonly string[] = ['new', 'default', 'from', 'into', 'get', 'set', 'run', 'build', 'call', 'handle'];
/** Std value methods just as common in a test's text (`v.len()`, `x.clone()`). */
export const UBIQUITOUS_VALUE_METHODS: readonly string[] = ['len', 'clone', 'to_string'];
/** The verbs every service and handler module uses (`list`, `create`, `fetch`, `validate`). */
export const SERVICE_VERB_NAMES: readonly string[] = [
  'list', 'create', 'update', 'delete', 'remove', 'show', 'index', 'process', 'execute', 'init', 'start', 'stop',
  'load', 'save', 'find', 'fetch', 'send', 'parse', 'validate', 'apply',
];
const ubiquitousMethods = new Set([...UBIQUITOUS_FN_NAMES, ...UBIQUITOUS_VALUE_METHODS]);
const ubiquitousHandlers = new Set([...UBIQUITOUS_FN_NAMES, ...SERVICE_VERB_NAMES]);
/** A name a test's text mentions for many fns at once (a type's `new`, any value's `len`): alone it does not say which fn the test calls. */
export const isUbiquitousMethodName = (name: string): boolean => ubiquitousMethods.has(name);
/** A handler or service fn name shared by many modules (`new`, `create`, `list`): a mention elsewhere needs its module or type too. */
export const isUbiquitousHandlerName = (name: string): boolean => ubiquitousHandlers.has(name);

/**
 * Names of the boilerplate endpoints every backend has: health, readiness and liveness probes, metrics,
 * version, the root page, fallbacks and the favicon.
 */
export const BOILERPLATE_ENDPOINT_NAMES: readonly string[] = [
  'health', 'healthz', 'health_check', 'ready', 'readyz', 'readiness', 'live', 'liveness', 'livez', 'ping',
  'metrics', 'version', 'index', 'root', 'fallback', 'not_found', 'handler_404', 'favicon',
];
const boilerplateEndpoints = new Set(BOILERPLATE_ENDPOINT_NAMES);
export const isBoilerplateEndpointName = (fnName: string): boolean => boilerplateEndpoints.has(fnName);

// The TLS rule reads type names: what people call a certificate verifier that accepts everything.
/** Names of a verifier that accepts everything (`NoCertificateVerification`, `InsecureVerifier`, `AcceptAllCerts`). */
export const INSECURE_VERIFIER_NAMES = /\b(No|Null|Noop|Nop|Skip|Insecure|Dangerous|Danger|Dummy|Fake|Permissive|Unsafe|Disabled?)(?=[A-Z_])\w*Verif|(Insecure|AcceptAll|AcceptAny|TrustAll|TrustAny)\w*/;
export const namesInsecureVerifier = (text: string): boolean => INSECURE_VERIFIER_NAMES.test(text);

/** Fields that hold the wrapped error by convention (`self.source`, `self.inner`, `self.0` of `struct AppError(anyhow::Error)`). */
export const WRAPPED_ERROR_FIELDS: readonly string[] = ['source', 'inner', 'cause', 'error', 'err'];
const wrappedErrorFields = new Set(WRAPPED_ERROR_FIELDS);
export const namesWrappedErrorField = (field: string): boolean => /^\d+$/.test(field) || wrappedErrorFields.has(field);
