/** The catalogue's pool and transaction APIs, the other services a backend calls, and the wrapper types the model sees through. */
import { QUERY_BUILDER_BIND_PUSHES, QUERY_BUILDER_TEXT_PUSHES, isQueryBuilderBindPush, isQueryBuilderTextPush } from '../../src/catalogue/database.js';
import { describe, expect, it } from 'vitest';
import { isConnectBuilderRoot, isConnectFunction, isConnectMethod, isDatabaseWorkMethod, opensPool, DIESEL_DSL_TEXT, ORM_STATEMENT_METHODS, ORM_WRITE_METHODS } from '../../src/catalogue/database.js';
import { isOnceInitMethod } from '../../src/catalogue/executor.js';
import { isListingFnName } from '../../src/catalogue/naming.js';
import { isNonDatabaseWait, isRemoteCallMethod, isServiceClientText, mentionsOutboundRequest } from '../../src/catalogue/services.js';
import { isConstructorName, isSmartPointerType, isWrapperType } from '../../src/catalogue/values.js';
import { isSharedStateExtractor } from '../../src/catalogue/web.js';

describe('catalogue: opening pools and connections', () => {
  it('knows the calls that open a pool or a connection, by resolved path', () => {
    expect(isConnectFunction('sqlx::PgPool::connect')).toBe(true);
    expect(isConnectFunction('sqlx::Pool::connect_lazy_with')).toBe(true);
    expect(isConnectFunction('diesel::PgConnection::establish')).toBe(true);
    expect(isConnectFunction('tokio_postgres::connect')).toBe(true);
    expect(isConnectFunction('r2d2::Pool::new')).toBe(true);
    expect(isConnectFunction('bb8::Pool::builder')).toBe(true);
    expect(isConnectFunction('reqwest::Client::new')).toBe(false);
    expect(isConnectFunction('sqlx::PgPool::close')).toBe(false);
  });

  it('knows builder chains that end in a connect, and whether they open a pool', () => {
    expect(isConnectMethod('connect_lazy')).toBe(true);
    expect(isConnectMethod('create_pool')).toBe(true);
    expect(isConnectMethod('max_connections')).toBe(false);
    expect(isConnectBuilderRoot('sqlx::postgres::PgPoolOptions::new')).toBe(true);
    expect(isConnectBuilderRoot('deadpool_postgres::Config::new')).toBe(true);
    expect(isConnectBuilderRoot('ConnectionManager::<PgConnection>::new')).toBe(true);
    expect(isConnectBuilderRoot('reqwest::Client::builder')).toBe(false);
    expect(opensPool('PgPoolOptions::new()..connect(..)')).toBe(true);
    expect(opensPool('cfg.create_pool(..)')).toBe(true);
    expect(opensPool('PgConnection::establish(..)')).toBe(false);
  });

  it('knows closures that run once or once per key', () => {
    for (const m of ['get_or_init', 'get_or_try_init', 'or_insert_with', 'or_try_insert_with', 'get_or_insert_with']) expect(isOnceInitMethod(m), m).toBe(true);
    expect(isOnceInitMethod('map')).toBe(false);
    expect(isOnceInitMethod('unwrap_or_else')).toBe(false);
  });
});

describe('catalogue: queries, transactions and ORM writes', () => {
  it('knows the methods that run a query or a transaction step', () => {
    for (const m of ['fetch', 'fetch_one', 'fetch_all', 'execute', 'query', 'query_opt', 'begin', 'acquire', 'commit']) expect(isDatabaseWorkMethod(m), m).toBe(true);
    for (const m of ['send', 'charge', 'json', 'map', 'get']) expect(isDatabaseWorkMethod(m), m).toBe(false);
  });

  it('knows a database handle\'s checkouts and transaction steps, `get` included, and the derives of row structs', async () => {
    const { isDatabaseHandleMethod, mentionsRowDerive } = await import('../../src/catalogue/database.js');
    for (const m of ['acquire', 'get', 'get_conn', 'begin', 'commit', 'rollback', 'transaction']) expect(isDatabaseHandleMethod(m), m).toBe(true);
    for (const m of ['fetch_one', 'insert', 'send']) expect(isDatabaseHandleMethod(m), m).toBe(false);
    expect(mentionsRowDerive('#[derive(Debug, sqlx::FromRow)]')).toBe(true);
    expect(mentionsRowDerive('#[derive(Insertable, AsChangeset)]')).toBe(true);
    expect(mentionsRowDerive('#[derive(Debug, Serialize)]')).toBe(false);
  });

  it('knows sea-orm writes through a connection argument, and diesel DSL text', () => {
    expect(ORM_WRITE_METHODS.test('delete_by_id')).toBe(true);
    expect(ORM_WRITE_METHODS.test('exec_with_returning')).toBe(true);
    expect(ORM_WRITE_METHODS.test('find_by_id')).toBe(false);
    expect(ORM_STATEMENT_METHODS.test('execute_unprepared')).toBe(true);
    expect(ORM_STATEMENT_METHODS.test('insert')).toBe(false);
    expect(DIESEL_DSL_TEXT.test('diesel::insert_into(users::table).values(&u)')).toBe(true);
    expect(DIESEL_DSL_TEXT.test('posts.filter(published.eq(true))')).toBe(true);
    expect(DIESEL_DSL_TEXT.test('client.query_one(&stmt, &[])')).toBe(false);
  });
});

describe('catalogue: other services a backend calls', () => {
  it('names clients of other services, but not database or cache clients', () => {
    for (const t of ['self.payments', 'state.mailer', 'stripe', 'sqs_client', 'self.http_client', 'ctx.webhook']) expect(isServiceClientText(t), t).toBe(true);
    for (const t of ['db_client', 'redis_client', 'self.pool', 'tx']) expect(isServiceClientText(t), t).toBe(false);
  });

  it('knows remote-call methods, waits that are not the database, and helpers that send requests', () => {
    expect(isRemoteCallMethod('send_email')).toBe(true);
    expect(isRemoteCallMethod('put_object')).toBe(true);
    expect(isRemoteCallMethod('fetch_one')).toBe(false);
    expect(isNonDatabaseWait('reqwest::get')).toBe(true);
    expect(isNonDatabaseWait('tokio::time::sleep')).toBe(true);
    expect(isNonDatabaseWait('hyper::Client::request')).toBe(true);
    expect(isNonDatabaseWait('sqlx::query')).toBe(false);
    expect(mentionsOutboundRequest('self.http.post(url).json(&b).send().await')).toBe(true);
    expect(mentionsOutboundRequest('let r = reqwest::get(url).await?;')).toBe(true);
    expect(mentionsOutboundRequest('sqlx::query("..").execute(&mut *tx).await')).toBe(false);
  });
});

describe('catalogue: names of fns and types', () => {
  it('knows how listing fns are named', () => {
    for (const n of ['list_orders', 'search', 'find_all', 'orders_index', 'admin_feed']) expect(isListingFnName(n), n).toBe(true);
    for (const n of ['get_order', 'children_of', 'listen', 'allocate']) expect(isListingFnName(n), n).toBe(false);
  });

  it('knows the types a value is reached through, and constructor names', () => {
    for (const t of ['Arc', 'std::sync::Mutex', 'RwLock', 'Option', 'Cow', 'RefCell', 'MutexGuard', 'State', 'web::Data', 'Extension']) expect(isWrapperType(t), t).toBe(true);
    for (const t of ['Vec', 'HashMap', 'Json', 'AppState']) expect(isWrapperType(t), t).toBe(false);
    expect(isSmartPointerType('Rc')).toBe(true);
    expect(isSmartPointerType('Mutex')).toBe(false);
    expect(isSharedStateExtractor('actix_web::web::Data')).toBe(true);
    expect(isSharedStateExtractor('Json')).toBe(false);
    for (const n of ['new', 'with_capacity', 'from_pool', 'connect', 'open', 'default']) expect(isConstructorName(n), n).toBe(true);
    for (const n of ['find', 'into_inner', 'newer']) expect(isConstructorName(n), n).toBe(false);
  });
});

describe('catalogue: futures that do nothing until awaited, and blocking-lock acquisitions', () => {
  it('tells sqlx futures from sqlx streams, and knows lazy tokio futures', async () => {
    const { isSqlxFutureMethod, isSqlxQueryFunction, SQLX_RUN_METHODS } = await import('../../src/catalogue/database.js');
    const { isLazyFutureFunction } = await import('../../src/catalogue/executor.js');
    for (const m of ['execute', 'fetch_one', 'fetch_optional', 'fetch_all']) expect(isSqlxFutureMethod(m), m).toBe(true);
    for (const m of ['fetch', 'fetch_many', 'execute_many']) expect([isSqlxFutureMethod(m), SQLX_RUN_METHODS.has(m)], m).toEqual([false, true]);
    expect(isSqlxQueryFunction('sqlx::query_as_with')).toBe(true);
    expect(isSqlxQueryFunction('sqlx::postgres::query')).toBe(true);
    expect(isSqlxQueryFunction('diesel::sql_query')).toBe(false);
    expect(isLazyFutureFunction('tokio::time::sleep')).toBe(true);
    expect(isLazyFutureFunction('tokio::fs::write')).toBe(true);
    expect(isLazyFutureFunction('tokio::spawn')).toBe(false); // runs without being awaited
    expect(isLazyFutureFunction('std::thread::sleep')).toBe(false);
  });

  it('knows which acquisitions may return a blocking lock\'s guard', async () => {
    const { mayAcquireBlockingLock, isReadLockMethod } = await import('../../src/catalogue/locks.js');
    for (const m of ['lock', 'read', 'write', 'try_lock', 'try_read', 'try_write', 'upgradable_read', 'lock_arc', 'read_arc', 'write_arc', 'read_recursive']) expect(mayAcquireBlockingLock(m), m).toBe(true);
    for (const m of ['blocking_lock', 'lock_owned', 'read_owned', 'write_owned', 'unwrap']) expect(mayAcquireBlockingLock(m), m).toBe(false);
    expect(isReadLockMethod('upgradable_read')).toBe(false); // its guard can be upgraded to write
  });
});

describe('catalogue: sqlx QueryBuilder pushes', () => {
  it('tells the pushes that append text from those that bind a parameter', () => {
    for (const m of QUERY_BUILDER_TEXT_PUSHES) expect([isQueryBuilderTextPush(m), isQueryBuilderBindPush(m)], m).toEqual([true, false]);
    for (const m of QUERY_BUILDER_BIND_PUSHES) expect([isQueryBuilderTextPush(m), isQueryBuilderBindPush(m)], m).toEqual([false, true]);
    expect(isQueryBuilderTextPush('push_str')).toBe(false);
  });
});
