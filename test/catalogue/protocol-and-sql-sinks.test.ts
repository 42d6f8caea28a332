import { describe, expect, it } from 'vitest';
import { namesSqlText, sqlTextSink } from '../../src/catalogue/database.js';
import { isProtocolRequestType } from '../../src/catalogue/web.js';
import { blockingHandleMethod } from '../../src/catalogue/blocking.js';

describe('protocol servers\' request messages', () => {
  it('are a protocol library\'s decoded request types, by resolved path', () => {
    expect(isProtocolRequestType('ldap3_proto::proto::LdapPasswordModifyRequest')).toBe(true);
    expect(isProtocolRequestType('ldap3_proto::LdapMsg')).toBe(true);
    expect(isProtocolRequestType('hickory_server::server::Request')).toBe(true);
    expect(isProtocolRequestType('ldap3_proto::proto::LdapResultCode')).toBe(false);
    expect(isProtocolRequestType('LdapPasswordModifyRequest')).toBe(false);
    expect(isProtocolRequestType('my_app::Request')).toBe(false);
  });
});

describe('raw-query sinks by argument position', () => {
  it('name the SQL text argument of drivers\' methods and SQL fns', () => {
    expect(sqlTextSink('execute', undefined)).toEqual({ position: 0, label: '.execute(..)' });
    expect(sqlTextSink(undefined, 'sqlx::query_as')).toEqual({ position: 0, label: 'sqlx::query_as' });
    expect(sqlTextSink(undefined, 'diesel::sql_query')).toMatchObject({ position: 0 });
    expect(sqlTextSink(undefined, 'sea_orm::Statement::from_string')).toMatchObject({ position: 1 });
    expect(sqlTextSink('bind', undefined)).toBeUndefined();
    expect(sqlTextSink(undefined, 'std::format')).toBeUndefined();
  });

  it('read parameter names that say they hold SQL text', () => {
    for (const n of ['sql', 'query', 'statement', 'insert_sql', 'count_query']) expect(namesSqlText(n)).toBe(true);
    for (const n of ['payload', 'body', 'queryable', 'sqlite_path']) expect(namesSqlText(n)).toBe(false);
  });
});

describe('blocking handles', () => {
  it('reads and writes on a socket pair\'s or pipe\'s end block; other methods do not', () => {
    expect(blockingHandleMethod('std::os::unix::net::UnixStream::pair', 'bytes')).toMatchObject({ name: 'UnixStream::bytes', api: { kind: 'io' } });
    expect(blockingHandleMethod('std::io::pipe', 'write_all')).toMatchObject({ name: 'std::io::Write::write_all', api: { alternative: 'tokio::net::unix::pipe' } });
    expect(blockingHandleMethod('std::os::unix::net::UnixStream::pair', 'set_nonblocking')).toBeNull();
    expect(blockingHandleMethod('tokio::net::UnixStream::pair', 'read')).toBeNull();
  });
});
