/** The catalogue's knowledge the architecture rules and the iteration model ask: request data, I/O, formats, logging, crate layers, secret values, iterators. */
import { describe, expect, it } from 'vitest';
import { isChannelSendMethod } from '../../src/catalogue/effects.js';
import { isParseFunction, isSerializeFunction } from '../../src/catalogue/formats.js';
import { isIoFunction, isIoMethod, isNotIoAwaitedMethod, isNotIoFunction } from '../../src/catalogue/io.js';
import { isLogMacro, isLogOrPrintMacro } from '../../src/catalogue/logging.js';
import { isAdapterCrateWord, namesDatabaseHandle, namesRequest, namesSemaphore } from '../../src/catalogue/naming.js';
import { ADAPTER_FRAMEWORK_CRATES, DATABASE_CLIENT_CRATES, SERVER_FRAMEWORK_CRATES } from '../../src/catalogue/packages.js';
import { DEFAULT_DEV_PASSWORDS, LOCAL_HOSTS, PLACEHOLDER_SECRET_VALUES, REDACTING_CALL_NAMES, RESERVED_DOMAINS } from '../../src/catalogue/secrets.js';
import { isIteratorSource, isPerItemAdapter } from '../../src/catalogue/values.js';
import { DATABASE_RESULT_METHODS, DATABASE_RESULT_METHODS_NEEDING_ARGS } from '../../src/catalogue/database.js';
import {
  isRequestAccessor, isRequestDataType, isRequestStateAccessor, isRequestTrait, isResponseConversionTrait, isSharedStateExtraction, REQUEST_DATA_TYPES,
} from '../../src/catalogue/web.js';

describe('catalogue: request data', () => {
  it('knows the types whose contents the client controls, and not shared state or routing records', () => {
    for (const t of ['Json<Order>', '&HttpRequest', 'axum::http::HeaderMap', 'mut Multipart', 'Query<Params>', 'http::request::Parts', 'Uri', 'Cookies', 'web::Payload']) expect(isRequestDataType(t), t).toBe(true);
    for (const t of ['State<AppState>', 'web::Data<Pool>', 'Extension<User>', 'ConnectInfo<SocketAddr>', 'MatchedPath', 'JsonValue', 'String']) expect(isRequestDataType(t), t).toBe(false);
    expect(new Set(REQUEST_DATA_TYPES).size).toBe(REQUEST_DATA_TYPES.length);
  });

  it('knows a request\'s accessors of client data and of server state, and shared state extracted by hand', () => {
    for (const m of ['headers', 'match_info', 'query_string', 'cookie', 'body']) expect(isRequestAccessor(m), m).toBe(true);
    expect(isRequestAccessor('app_data')).toBe(false);
    for (const m of ['extensions', 'app_data', 'state']) expect(isRequestStateAccessor(m), m).toBe(true);
    expect(isRequestStateAccessor('headers')).toBe(false);
    expect(isSharedStateExtraction('State::from_request_parts')).toBe(true);
    expect(isSharedStateExtraction('axum::Extension::<Db>::from_request')).toBe(true);
    expect(isSharedStateExtraction('Json::from_request')).toBe(false);
  });

  it('knows the traits that turn an error into a response, as request traits too', () => {
    for (const t of ['IntoResponse', 'axum::response::IntoResponse', 'IntoResponseParts', 'actix_web::ResponseError']) expect(isResponseConversionTrait(t), t).toBe(true);
    expect(isResponseConversionTrait('Responder')).toBe(false);
    expect(isResponseConversionTrait('Display')).toBe(false);
    expect(isRequestTrait('IntoResponse')).toBe(true);
    expect(isRequestTrait('Responder')).toBe(true);
  });
});

describe('catalogue: database results, I/O and formats', () => {
  it('knows the methods whose result is the database\'s, and which of them need arguments to be one', () => {
    for (const m of ['fetch_optional', 'get_result', 'query_row', 'interact', 'get_conn', 'rollback']) expect(DATABASE_RESULT_METHODS.test(m), m).toBe(true);
    expect(DATABASE_RESULT_METHODS.test('acquire')).toBe(false); // a semaphore's too: a pool's only by its receiver's name
    expect(DATABASE_RESULT_METHODS_NEEDING_ARGS.test('first')).toBe(true);
    expect(DATABASE_RESULT_METHODS_NEEDING_ARGS.test('fetch_one')).toBe(false);
  });

  it('tells I/O from awaits that are not I/O', () => {
    expect(isIoMethod('read_to_string')).toBe(true);
    expect(isIoMethod('recv')).toBe(false);
    expect(isIoFunction('tokio::fs::read')).toBe(true);
    expect(isIoFunction('std::fs::File::open')).toBe(true);
    expect(isIoFunction('tokio::net::TcpStream::connect')).toBe(true);
    expect(isIoFunction('reqwest::get')).toBe(true);
    expect(isIoFunction('serde_json::from_str')).toBe(false);
    for (const m of ['join_next', 'recv', 'notified', 'acquire_owned', 'tick']) expect(isNotIoAwaitedMethod(m), m).toBe(true);
    expect(isNotIoAwaitedMethod('send')).toBe(false);
    expect(isNotIoFunction('tokio::spawn')).toBe(true);
    expect(isNotIoFunction('tokio::join!')).toBe(true);
    expect(isNotIoFunction('tokio::time::timeout_at')).toBe(true);
    expect(isNotIoFunction('reqwest::get')).toBe(false);
    for (const m of ['send', 'try_send', 'send_timeout', 'blocking_send']) expect(isChannelSendMethod(m), m).toBe(true);
    expect(isChannelSendMethod('recv')).toBe(false);
  });

  it('knows parsing of external text and serialising of our own values', () => {
    for (const f of ['serde_json::from_str', 'toml::from_str', 'std::str::from_utf8', 'uuid::Uuid::parse_str', 'chrono::DateTime::parse_from_rfc3339', 'base64::decode']) expect(isParseFunction(f), f).toBe(true);
    expect(isParseFunction('serde_json::to_string')).toBe(false);
    expect(isSerializeFunction('serde_json::to_string_pretty')).toBe(true);
    expect(isSerializeFunction('serde_json::from_slice')).toBe(false);
  });
});

describe('catalogue: logging, crate layers, names', () => {
  it('knows tracing / log macros and the print family', () => {
    expect(isLogMacro('info_span')).toBe(true);
    expect(isLogMacro('println')).toBe(false);
    expect(isLogOrPrintMacro('eprintln')).toBe(true);
    expect(isLogOrPrintMacro('format')).toBe(false);
  });

  it('knows the crates that make a crate an adapter, each once', () => {
    for (const c of ['axum', 'axum-core', 'actix-http', 'sqlx', 'sea-orm', 'deadpool-diesel', 'rocket', 'warp', 'poem']) expect(ADAPTER_FRAMEWORK_CRATES, c).toContain(c);
    expect(ADAPTER_FRAMEWORK_CRATES).not.toContain('serde');
    expect(new Set(ADAPTER_FRAMEWORK_CRATES).size).toBe(ADAPTER_FRAMEWORK_CRATES.length);
    expect(SERVER_FRAMEWORK_CRATES.filter((c) => DATABASE_CLIENT_CRATES.includes(c))).toEqual([]);
    for (const w of ['api', 'persistence', 'pg']) expect(isAdapterCrateWord(w), w).toBe(true);
    expect(isAdapterCrateWord('domain')).toBe(false);
  });

  it('knows how bindings holding a database handle, a semaphore or the request are named', () => {
    for (const n of ['pool', 'read_pool', 'db', 'pg_conn', 'TXN']) expect(namesDatabaseHandle(n), n).toBe(true);
    expect(namesDatabaseHandle('user')).toBe(false);
    expect(namesSemaphore('permits')).toBe(true);
    expect(namesSemaphore('rate_limiter')).toBe(true);
    expect(namesSemaphore('user')).toBe(false);
    expect(namesRequest('HttpRequest')).toBe(true);
    expect(namesRequest('req')).toBe(true);
    expect(namesRequest('requests')).toBe(false);
  });
});

describe('catalogue: secret values that are not secrets', () => {
  it('knows placeholders, dev passwords, local hosts, reserved domains and redacting calls', () => {
    for (const v of ['changeme', 'change-me', 'TODO', 'xxxx', '****', 'dev']) expect(PLACEHOLDER_SECRET_VALUES.test(v), v).toBe(true);
    expect(PLACEHOLDER_SECRET_VALUES.test('hunter2-prod')).toBe(false);
    expect(DEFAULT_DEV_PASSWORDS.test('postgres')).toBe(true);
    expect(DEFAULT_DEV_PASSWORDS.test('s3cr3t!')).toBe(false);
    for (const h of ['localhost', '127.0.0.1', 'host.docker.internal', 'db']) expect(LOCAL_HOSTS.test(h), h).toBe(true);
    expect(LOCAL_HOSTS.test('db.prod.internal')).toBe(false);
    for (const h of ['api.example.com', 'svc.test', 'printer.local']) expect(RESERVED_DOMAINS.test(h), h).toBe(true);
    expect(RESERVED_DOMAINS.test('db.prod.internal')).toBe(false);
    for (const c of ['redact', 'sha256', 'mask_email', 'fingerprint']) expect(REDACTING_CALL_NAMES.test(c), c).toBe(true);
    expect(REDACTING_CALL_NAMES.test('to_string')).toBe(false);
  });
});

describe('catalogue: iteration', () => {
  it('knows per-item adaptors and iterator sources, rayon\'s included', () => {
    for (const m of ['map', 'for_each', 'sort_by_key', 'then']) expect(isPerItemAdapter(m), m).toBe(true);
    expect(isPerItemAdapter('unwrap_or_else')).toBe(false);
    for (const m of ['iter', 'split_whitespace', 'chunks_exact', 'into_stream', 'par_iter', 'par_chunks']) expect(isIteratorSource(m), m).toBe(true);
    for (const m of ['map', 'ok', 'get']) expect(isIteratorSource(m), m).toBe(false);
  });
});

describe('catalogue: TLS verification switches, application error crates', () => {
  it('knows the switches and verifiers that turn TLS verification off', async () => {
    const tls = await import('../../src/catalogue/tls.js');
    const { namesInsecureVerifier } = await import('../../src/catalogue/naming.js');
    expect(tls.isVerificationDisablingSwitch('danger_accept_invalid_certs')).toBe(true);
    expect(tls.isVerificationDisablingSwitch('timeout')).toBe(false);
    expect(tls.isVerificationSwitch('set_verify_hostname')).toBe(true);
    expect(tls.isCustomVerifierMethod('with_custom_certificate_verifier')).toBe(true);
    expect(tls.isVerifyNoneMode('openssl::ssl::SslVerifyMode::NONE')).toBe(true);
    expect(tls.isVerifyNoneMode('SslVerifyMode::PEER')).toBe(false);
    expect(tls.VERIFICATION_HINT.test('verify_server_cert')).toBe(true);
    expect(namesInsecureVerifier('Arc::new(NoCertificateVerification)')).toBe(true);
    expect(namesInsecureVerifier('Arc::new(WebPkiVerifier::new(roots))')).toBe(false);
  });

  it('knows the application error crates\' erased types', async () => {
    const { isApplicationErrorResult, isApplicationErrorType } = await import('../../src/catalogue/packages.js');
    expect(isApplicationErrorResult('anyhow::Result')).toBe(true);
    expect(isApplicationErrorResult('std::io::Result')).toBe(false);
    expect(isApplicationErrorType('color_eyre::Report')).toBe(true);
    expect(isApplicationErrorType('thiserror::Error')).toBe(false);
  });
});

describe('catalogue: channels', () => {
  it('knows the unbounded channel constructors of each crate, and not the bounded ones', async () => {
    const { isUnboundedChannelConstructor } = await import('../../src/catalogue/channels.js');
    for (const p of ['tokio::sync::mpsc::unbounded_channel', 'futures::channel::mpsc::unbounded', 'crossbeam_channel::unbounded', 'flume::unbounded', 'async_channel::unbounded', 'kanal::unbounded_async']) expect(isUnboundedChannelConstructor(p), p).toBe(true);
    for (const p of ['tokio::sync::mpsc::channel', 'flume::bounded', 'crossbeam_channel::bounded', 'std::sync::mpsc::sync_channel']) expect(isUnboundedChannelConstructor(p), p).toBe(false);
  });

  it('knows every constructor of a (sender, receiver) pair, bounded or not, and not other fns of those crates', async () => {
    const { isChannelConstructor } = await import('../../src/catalogue/channels.js');
    for (const p of ['std::sync::mpsc::channel', 'std::sync::mpsc::sync_channel', 'tokio::sync::mpsc::channel', 'tokio::sync::mpsc::unbounded_channel', 'flume::bounded', 'crossbeam_channel::unbounded', 'async_channel::bounded', 'kanal::bounded_async']) expect(isChannelConstructor(p), p).toBe(true);
    for (const p of ['tokio::sync::oneshot::channel', 'tokio::sync::broadcast::channel', 'tokio::sync::watch::channel', 'flume::Sender::send', 'channel']) expect(isChannelConstructor(p), p).toBe(false);
  });
});

describe('catalogue: request timeout layers (web.ts)', () => {
  it('knows the layers that bound a whole request, and not the one that bounds only reading its body', async () => {
    const { isRequestTimeoutLayer } = await import('../../src/catalogue/web.js');
    for (const p of ['tower_http::timeout::TimeoutLayer::new', 'tower_http::timeout::TimeoutLayer::with_status_code', 'tower::timeout::TimeoutLayer::new']) expect(isRequestTimeoutLayer(p), p).toBe(true);
    for (const p of ['tower_http::timeout::RequestBodyTimeoutLayer::new', 'tokio::time::timeout', 'TimeoutLayer::new']) expect(isRequestTimeoutLayer(p), p).toBe(false);
  });
});

describe('catalogue: server-error statuses (web.ts)', () => {
  it('names each 5xx status once per framework spelling, with its code', async () => {
    const { ACTIX_SERVER_ERROR_NAMES, SERVER_ERROR_STATUS_CODES, serverErrorCode } = await import('../../src/catalogue/web.js');
    expect(serverErrorCode('StatusCode::BAD_GATEWAY')).toBe('502');
    expect(serverErrorCode('StatusCode::from_u16(503)')).toBe('503');
    expect(serverErrorCode('HttpResponse::GatewayTimeout()')).toBe('5xx');
    expect(serverErrorCode('HttpResponse::GatewayTimeout()', { ...SERVER_ERROR_STATUS_CODES, ...ACTIX_SERVER_ERROR_NAMES })).toBe('504');
  });
});

describe('catalogue: status constants and client-mistake variants (web.ts)', () => {
  it('tells a 5xx status constant from another status and from code that is none', async () => {
    const { isServerErrorStatus, isStatusLiteral } = await import('../../src/catalogue/web.js');
    for (const t of ['StatusCode::INTERNAL_SERVER_ERROR', 'http::StatusCode::BAD_GATEWAY', 'StatusCode::from_u16(503).unwrap()', 'Status::InternalServerError', 'rocket::http::Status::ServiceUnavailable']) {
      expect(isServerErrorStatus(t), t).toBe(true);
      expect(isStatusLiteral(t), t).toBe(true);
    }
    for (const t of ['StatusCode::NOT_FOUND', 'StatusCode::from_u16(418)', 'Status::NotFound', 'Status::UnprocessableEntity']) {
      expect(isServerErrorStatus(t), t).toBe(false);
      expect(isStatusLiteral(t), t).toBe(true);
    }
    for (const t of ['self.status_code()', 'StatusCode::from_u16(code)', 'status', 'Status::internal', 'Status::internal("db down")']) expect(isStatusLiteral(t), t).toBe(false);
  });

  it('reads client-mistake variants by convention, not server faults', async () => {
    const { namesClientMistake } = await import('../../src/catalogue/web.js');
    for (const v of ['NotFound', 'UserNotFound', 'InvalidEmail', 'Unauthorized', 'AccessDenied', 'AlreadyExists']) expect(namesClientMistake(v), v).toBe(true);
    for (const v of ['Database', 'Internal', 'Io', 'Upstream', 'Config']) expect(namesClientMistake(v), v).toBe(false);
  });
});

describe('catalogue: names and methods that hold an error (naming.ts, errors.ts)', () => {
  it('reads error bindings by the names Rust code gives them', async () => {
    const { namesError } = await import('../../src/catalogue/naming.js');
    for (const n of ['e', 'err', 'error', 'source', 'db_error', 'err_source']) expect(namesError(n), n).toBe(true);
    for (const n of ['user', 'message', 'errand', 'e2']) expect(namesError(n), n).toBe(false);
  });

  it('knows the Result methods whose closure is handed the error', async () => {
    const { handsOverError } = await import('../../src/catalogue/errors.js');
    for (const m of ['map_err', 'or_else', 'unwrap_or_else', 'inspect_err']) expect(handsOverError(m), m).toBe(true);
    for (const m of ['map', 'and_then', 'unwrap_or']) expect(handsOverError(m), m).toBe(false);
  });
});
