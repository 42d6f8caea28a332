/**
 * Database APIs: which calls run a query, per library. The model's "runs a query" summary and the
 * database rules read these; a name is written once, here.
 */

/** sqlx functions whose first argument is the SQL text. */
export const SQLX_QUERY_FNS = /^sqlx::(?:[a-z_]+::)*(query|query_as|query_scalar|query_with|query_as_with|query_scalar_with|raw_sql)$/;
/** sqlx compile-time checked macros (their SQL is a literal, checked against the schema). */
export const SQLX_QUERY_MACROS = /(^|::)(query|query_as|query_scalar|query_unchecked|query_as_unchecked|query_scalar_unchecked|query_file|query_file_as|query_file_scalar|query_file_unchecked|query_file_as_unchecked)$/;

/** sqlx `Query` / `Executor` methods that run a query and return a future of its result (it runs nothing until awaited). */
export const SQLX_FUTURE_METHODS: ReadonlySet<string> = new Set(['fetch_one', 'fetch_optional', 'fetch_all', 'execute']);
/** sqlx methods that run a query and return a stream of rows (or results) to poll. */
export const SQLX_STREAM_METHODS: ReadonlySet<string> = new Set(['fetch', 'fetch_many', 'execute_many']);
/** Methods that run a query and yield rows / a result (sqlx Query / Executor). */
export const SQLX_RUN_METHODS: ReadonlySet<string> = new Set([...SQLX_FUTURE_METHODS, ...SQLX_STREAM_METHODS]);
export const isSqlxFutureMethod = (method: string): boolean => SQLX_FUTURE_METHODS.has(method);
/** A sqlx query fn by resolved path (`sqlx::query_as`, `sqlx::postgres::query`), whose value the run methods run. */
export const isSqlxQueryFunction = (resolved: string): boolean => SQLX_QUERY_FNS.test(resolved);
/** tokio-postgres / postgres / deadpool-postgres client methods that run (or prepare) a statement. */
export const PG_CLIENT_METHODS: ReadonlySet<string> = new Set(['query', 'query_one', 'query_opt', 'query_raw', 'query_typed', 'query_typed_raw', 'execute', 'execute_raw', 'batch_execute', 'simple_query', 'simple_query_raw', 'prepare', 'prepare_cached', 'prepare_typed', 'prepare_typed_cached']);
/** Methods that prepare a statement on a connection (rusqlite, postgres, tokio-postgres): what they return runs SQL. */
export const PREPARE_METHODS: ReadonlySet<string> = new Set(['prepare', 'prepare_cached', 'prepare_typed', 'prepare_typed_cached']);
/** Methods of a prepared statement that run it (rusqlite `Statement`, postgres `Statement` via its client). */
export const STATEMENT_RUN_METHODS: ReadonlySet<string> = new Set(['execute', 'query', 'query_map', 'query_and_then', 'query_row', 'insert', 'exists']);
/** Calls that hand each row of a result to a closure (rusqlite `query_row` / `query_map` / `query_and_then`): its parameter is a row. */
export const ROW_MAPPING_METHODS: ReadonlySet<string> = new Set(['query_row', 'query_map', 'query_and_then', 'query_row_and_then']);
/** Methods of a row that read one column's value. */
export const ROW_GETTERS: ReadonlySet<string> = new Set(['get', 'try_get', 'get_ref', 'get_unwrap']);
/** diesel `RunQueryDsl` methods (blocking unless diesel-async's version is awaited). */
export const DIESEL_RUN_METHODS: ReadonlySet<string> = new Set(['load', 'get_result', 'get_results', 'first', 'execute', 'load_iter']);

/** diesel and diesel-async connection types (a binding declared one of these runs the query it is passed to). */
export const DIESEL_CONNECTION_TYPES = /\b(PgConnection|SqliteConnection|MysqlConnection|AsyncPgConnection|AsyncMysqlConnection|SyncConnectionWrapper)\b/;

/** diesel's `HasQuery::query()`: `Model::query()` starts a query of the model's table (diesel 2.2+). */
export const DIESEL_MODEL_QUERY_FN = 'query';

/**
 * Embedded key-value stores (the database is a library in the process): their handles' reads and
 * writes return the store's error (I/O, corruption, a failed transaction), by the handle's type.
 */
export const EMBEDDED_STORE_METHODS: readonly { types: readonly string[]; methods: RegExp }[] = [
  {
    types: ['sled::Tree', 'sled::Db'],
    methods: /^(get|insert|remove|contains_key|compare_and_swap|update_and_fetch|fetch_and_update|apply_batch|transaction|flush|first|last|pop_min|pop_max|get_lt|get_gt|clear|merge|open_tree|drop_tree|generate_id)$/,
  },
  {
    types: ['rocksdb::DB', 'rocksdb::TransactionDB', 'rocksdb::OptimisticTransactionDB', 'rocksdb::DBWithThreadMode'],
    methods: /^(get|get_cf|get_pinned|get_pinned_cf|put|put_cf|delete|delete_cf|merge|merge_cf|write|multi_get|multi_get_cf|flush|flush_cf|create_cf|drop_cf|key_may_exist)$/,
  },
  {
    types: ['redb::ReadTransaction', 'redb::WriteTransaction', 'redb::Table', 'redb::ReadOnlyTable', 'redb::Database'],
    methods: /^(get|insert|remove|open_table|commit|begin_read|begin_write|range|first|last|pop_first|pop_last|retain)$/,
  },
];

/** Whether `method` of a handle of this library type (`sled::Tree`) returns the store's error. */
export function isEmbeddedStoreCall(typePath: string, method: string): boolean {
  return EMBEDDED_STORE_METHODS.some((s) => s.types.includes(typePath) && s.methods.test(method));
}

/** Crates whose queries block the calling thread (sync drivers). */
export const SYNC_DATABASE_CRATES: readonly string[] = ['diesel', 'postgres', 'rusqlite', 'mysql', 'r2d2'];
/** Crates whose presence makes diesel calls async (awaited). */
export const ASYNC_DIESEL_CRATES: readonly string[] = ['diesel_async'];

/**
 * Wrappers by which a developer states that SQL text built at run time was reviewed and is safe
 * (sqlx 0.9's `AssertSqlSafe`, required by `query` for any non-`'static` string): an explicit opt-in,
 * like an `#[allow]`, so the injection rule leaves the text it wraps alone.
 */
export const SQL_SAFETY_ASSERTIONS: readonly string[] = ['sqlx::AssertSqlSafe'];

const safetyAssertionNames = new Set(SQL_SAFETY_ASSERTIONS.map((p) => p.slice(p.lastIndexOf(':') + 1)));

/** A call path (resolved through the file's imports) that asserts SQL text safe. */
export function isSqlSafetyAssertion(resolved: string): boolean {
  const path = resolved.replace(/^::/, '');
  return SQL_SAFETY_ASSERTIONS.includes(path) || (!path.includes('::') && safetyAssertionNames.has(path));
}

/** Verbs every crate uses (`insert`, `query`, `exists`): counted as API names, they would mark any list holding them as a database list (see http.ts). */
export const STD_VOCABULARY: readonly string[] = ['PREPARE_METHODS', 'STATEMENT_RUN_METHODS', 'ROW_GETTERS', 'SQL_STATEMENT_WORDS', 'SQL_SINK_WORDS', 'SQL_SINK_HINT', 'EMBEDDED_STORE_METHODS', 'DIESEL_BOUNDING_METHODS', 'LOAD_ALL_WORDS', 'LOAD_ALL_HINT',
  'CONNECT_METHODS', 'CONNECT_BUILDER_ROOTS', 'CONNECT_HINT', 'POOL_ACQUIRE_METHODS', 'POOL_GET_METHOD', 'TRANSACTION_STEP_METHODS', 'ORM_WRITE_METHODS', 'ORM_STATEMENT_METHODS', 'DIESEL_DSL_TEXT',
  'DATABASE_RESULT_METHODS', 'DATABASE_RESULT_METHODS_NEEDING_ARGS', 'SQL_TEXT_NAMES'];

/** Words of SQL statement text: a string holding one of them may be a query. */
export const SQL_STATEMENT_WORDS: readonly string[] = ['select', 'insert', 'update', 'delete', 'returning', 'where', 'from', 'join', 'set', 'values'];
const sqlStatementWord = new RegExp(`\\b(${SQL_STATEMENT_WORDS.join('|')})\\b`, 'i');
export const mentionsSqlWord = (text: string): boolean => sqlStatementWord.test(text);
/** Derives that map a struct to a table's row or columns (sqlx, diesel): their fields name columns. */
export const ROW_DERIVES: readonly string[] = ['FromRow', 'Queryable', 'QueryableByName', 'Selectable', 'Insertable', 'AsChangeset'];
const rowDerive = new RegExp(`\\b(${ROW_DERIVES.join('|')})\\b`);
/** Whether a text (a `#[derive(..)]` attribute) names a row derive. */
export const mentionsRowDerive = (text: string): boolean => rowDerive.test(text);
/** A Rust source that may name a column: a diesel `table!`, a row struct's derive, or SQL words. */
export const mayNameColumns = (source: string): boolean => source.includes('table!') || ROW_DERIVES.some((d) => source.includes(d)) || mentionsSqlWord(source);
/** Words a file running raw SQL text contains (sqlx / diesel SQL fns, `QueryBuilder`, text-taking methods, builder pushes): a cheap first test of the SQL-injection rule. */
export const SQL_SINK_WORDS: readonly string[] = ['sql', 'query', 'fetch', 'execute', 'prepare', 'separated', 'statement'];
export const SQL_SINK_HINT = new RegExp(SQL_SINK_WORDS.join('|'), 'i');

/** diesel query-builder methods after which a `.load(..)` is bounded (a limit, a page, one row, a count). */
export const DIESEL_BOUNDING_METHODS: readonly string[] = ['limit', 'paginate', 'first', 'find', 'count'];
const dieselBounding = new RegExp(`\\.(${DIESEL_BOUNDING_METHODS.join('|')}|select\\(count)|\\bpaginate\\(`);
/** The text of a diesel query is bounded by one of DIESEL_BOUNDING_METHODS. */
export const dieselQueryBounded = (text: string): boolean => dieselBounding.test(text);
/** Words of a file that may load every row: `fetch_all`, a raw `query`, diesel (the rule's cheap first test). */
export const LOAD_ALL_WORDS: readonly string[] = ['fetch_all', 'query', 'diesel'];
export const LOAD_ALL_HINT = new RegExp(LOAD_ALL_WORDS.join('|'));

/**
 * Opening a pool or a connection (sqlx, diesel, tokio-postgres / postgres, r2d2, bb8, deadpool):
 * each one costs a TCP + TLS + auth round trip and a pool keeps its own connections, so these are
 * meant to run once at start-up. Free functions and associated fns by resolved path.
 */
export const CONNECT_FUNCTIONS = /(^|::)((Pg|MySql|Sqlite|Any)?Pool::(connect|connect_lazy|connect_with|connect_lazy_with)|(Pg|MySql|Sqlite|Any)Connection::(connect|connect_with|establish)|tokio_postgres::connect|postgres::Client::connect|Client::connect|(r2d2|bb8|deadpool_postgres|deadpool)::Pool::builder|Pool::builder|r2d2::Pool::new)$/;
/** Methods that end a pool builder chain by connecting (`PgPoolOptions::new()..connect(url)`, deadpool's `cfg.create_pool(..)`, r2d2's `..build(manager)`). */
export const CONNECT_METHODS = /^(connect|connect_lazy|connect_with|connect_lazy_with|create_pool|build|build_unchecked)$/;
/** Roots of the builder chains CONNECT_METHODS end: sqlx `PoolOptions`, r2d2 / bb8 `Pool::builder`, deadpool `Config`, diesel `ConnectionManager`. */
export const CONNECT_BUILDER_ROOTS = /(PoolOptions::new|Pool::builder|::Config::(new|default|from_env)|ConnectionManager::<)/;
/** Text every CONNECT_FUNCTIONS / CONNECT_METHODS / CONNECT_BUILDER_ROOTS alternative contains (a rule's `requires`). */
export const CONNECT_HINT = /connect|establish|pool|config/i;

export const isConnectFunction = (resolved: string): boolean => CONNECT_FUNCTIONS.test(resolved);
export const isConnectMethod = (method: string): boolean => CONNECT_METHODS.test(method);
export const isConnectBuilderRoot = (text: string): boolean => CONNECT_BUILDER_ROOTS.test(text);
/** Whether a connect call, as written (`PgPoolOptions::new()..connect(..)`, `r2d2::Pool::builder()..build(..)`), opens a pool rather than one connection. */
export const opensPool = (written: string): boolean => /pool|Pool|builder/.test(written);

/** Methods of a pool that check a connection out of it (sqlx `acquire`, mysql / r2d2-style `get_conn`, `get_connection`). */
export const POOL_ACQUIRE_METHODS: readonly string[] = ['acquire', 'get_conn', 'get_connection'];
/** deadpool's, bb8's and r2d2's checkout: `pool.get()`, a checkout only when the receiver is a pool (on a map it is a lookup). */
export const POOL_GET_METHOD = 'get';
/** Methods of a pool, connection or transaction that begin or end a transaction (or run a closure in one: `conn.transaction(|tx| ..)`). */
export const TRANSACTION_STEP_METHODS: readonly string[] = ['begin', 'commit', 'rollback', 'transaction'];
const connectionWork = new Set([...SQLX_RUN_METHODS, ...PG_CLIENT_METHODS, ...POOL_ACQUIRE_METHODS, ...TRANSACTION_STEP_METHODS]);
const handleMethods = new Set([...POOL_ACQUIRE_METHODS, POOL_GET_METHOD, ...TRANSACTION_STEP_METHODS]);
/** A method that runs a query, checks out a connection or steps a transaction (`fetch_one`, `query_opt`, `acquire`, `begin`, `commit`): a chain calling one talks to the database. */
export const isDatabaseWorkMethod = (method: string): boolean => connectionWork.has(method);
/** A method of a database handle (a receiver named as a pool / connection / transaction) that checks out a connection or steps a transaction, `get` included. */
export const isDatabaseHandleMethod = (method: string): boolean => handleMethods.has(method);

/**
 * sea-orm writes that take the connection (or transaction) as an argument: `Entity::insert(m).exec(&txn)`,
 * `model.update(&txn)`, `Entity::delete_by_id(id).exec(&txn)`, `txn.execute(stmt)`.
 */
export const ORM_WRITE_METHODS = /^(insert|insert_many|update|update_many|delete|delete_many|delete_by_id|save|exec|exec_with_returning|execute|execute_unprepared)$/;
/** Methods of a sea-orm connection that run a statement they are handed. */
export const ORM_STATEMENT_METHODS = /^(execute|execute_unprepared)$/;

/** diesel's query DSL in a chain's text: `insert_into(..)`, `diesel::update(..)`, `posts::table`, `.filter(..)`, `dsl::..`. */
export const DIESEL_DSL_TEXT = /(^|[^\w])(insert_into|diesel::update|diesel::delete|update|delete|sql_query)\s*\(|::table\b|\.filter\(|\.find\(|\.select\(|\.order(_by)?\(|\.inner_join\(|\.left_join\(|\.into_boxed\(|^\s*\w+::table|\bdsl::/;

/**
 * Methods whose result is the database's answer (sqlx, diesel, tokio-postgres / postgres, rusqlite,
 * deadpool's `interact`, r2d2's `get_conn`): an `Option` / `Result` they return fails for the
 * database's reasons (no row, a lost connection), not for a bug in the caller.
 */
export const DATABASE_RESULT_METHODS = /^(fetch_one|fetch_optional|fetch_all|fetch_scalar|execute|get_result|get_results|load|first|query_one|query_opt|query_row|query|prepare|prepare_cached|batch_execute|try_get|begin|commit|rollback|transaction|interact|get_conn)$/;
/** Those that also exist with no arguments on unrelated types (`slice.first()`, `url.query()`): a database call only with arguments. */
export const DATABASE_RESULT_METHODS_NEEDING_ARGS = /^(first|load|query|execute|try_get|prepare)$/;

/**
 * Raw-query sinks by where their SQL text goes: the first argument of a driver's text-taking method
 * (SQLX_RUN_METHODS, PG_CLIENT_METHODS) or of sqlx's / diesel's SQL fns, the second of sea-orm's
 * `Statement::from_string(backend, sql)`. `method` for a method call, `resolved` for a free call.
 */
export function sqlTextSink(method: string | undefined, resolved: string | undefined): { position: number; label: string } | undefined {
  if (method !== undefined) return SQLX_RUN_METHODS.has(method) || PG_CLIENT_METHODS.has(method) ? { position: 0, label: `.${method}(..)` } : undefined;
  if (resolved === undefined) return undefined;
  if (SQLX_QUERY_FNS.test(resolved) || /^diesel::(dsl::)?(sql_query|sql)$/.test(resolved)) return { position: 0, label: resolved };
  if (/^sea_orm::(\w+::)*Statement::(from_string|from_sql_and_values)$/.test(resolved)) return { position: 1, label: resolved };
  return undefined;
}

/** Parameter names that say they hold SQL text (`sql`, `query`, `statement`, `insert_sql`, `count_query`). */
export const SQL_TEXT_NAMES = /^(sql|query|stmt|statement|raw_sql|\w+_(sql|query|stmt|statement))$/;
export const namesSqlText = (name: string): boolean => SQL_TEXT_NAMES.test(name);

/** sqlx `QueryBuilder` / `Separated` methods that append their argument to the SQL text as it is. */
export const QUERY_BUILDER_TEXT_PUSHES: readonly string[] = ['push', 'push_unseparated'];
/** The ones that bind their argument as a parameter (`$1` / `?` in the text). */
export const QUERY_BUILDER_BIND_PUSHES: readonly string[] = ['push_bind', 'push_bind_unseparated'];
const builderTextPushes = new Set(QUERY_BUILDER_TEXT_PUSHES);
const builderBindPushes = new Set(QUERY_BUILDER_BIND_PUSHES);
export const isQueryBuilderTextPush = (method: string): boolean => builderTextPushes.has(method);
export const isQueryBuilderBindPush = (method: string): boolean => builderBindPushes.has(method);
