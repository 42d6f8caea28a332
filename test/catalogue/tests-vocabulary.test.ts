/** Test attributes, sleeps, method routers, test-helper names and crate layout the tests rules ask the catalogue about. */
import { describe, expect, it } from 'vitest';
import { SLEEP_FUNCTIONS, TEST_ATTRIBUTES, isAsyncOnlyTestAttribute, isSleepFunctionName, testAttributeKind } from '../../src/catalogue/executor.js';
import { HANDLER_MODULE_NAMES, MODULE_DIR_OWNER_STEMS, ROUTER_FILE_STEMS, ROUTER_MODULE_DIRS, isHandlerModulePath, isRouterFile, ownsModuleDir } from '../../src/catalogue/layout.js';
import { BOILERPLATE_ENDPOINT_NAMES, SERVICE_VERB_NAMES, SETUP_HELPER_WORDS, UBIQUITOUS_FN_NAMES, UBIQUITOUS_VALUE_METHODS, WAIT_HELPER_PREFIXES, isBoilerplateEndpointName, isUbiquitousHandlerName, isUbiquitousMethodName, namesSetupHelper, namesWaitFor, namesWaitHelper } from '../../src/catalogue/naming.js';
import { EQUALITY_ASSERTIONS, VALUE_COMPARING_ASSERTIONS, isAssertingMacro } from '../../src/catalogue/checks.js';
import { HTTP_METHODS, METHOD_ROUTERS, ROUTER_CALLS, ROUTING_CALLS, httpMethodIn, isMethodRouter, isRouterCall } from '../../src/catalogue/web.js';

const once = (lists: readonly (readonly string[])[]) => {
  const all = lists.flat();
  expect(new Set(all).size).toBe(all.length);
};

describe('catalogue: test attributes', () => {
  it('knows plain, runtime, parametrising and wrapping test attributes', () => {
    expect(testAttributeKind('test')).toBe('plain');
    expect(testAttributeKind('tokio::test')).toBe('runtime');
    expect(testAttributeKind('sqlx::test')).toBe('runtime');
    expect(testAttributeKind('rstest::rstest')).toBe('parametrised');
    expect(testAttributeKind('tracing_test::traced_test')).toBe('wrapper');
    expect(testAttributeKind('serial_test::serial')).toBeUndefined();
    expect(testAttributeKind('toString')).toBeUndefined();
    for (const p of TEST_ATTRIBUTES) expect(testAttributeKind(p), p).toBeDefined();
  });

  it('knows which runtime attributes refuse a non-async fn', () => {
    expect(isAsyncOnlyTestAttribute('tokio::test')).toBe(true);
    expect(isAsyncOnlyTestAttribute('ntex::test')).toBe(true);
    expect(isAsyncOnlyTestAttribute('sqlx::test')).toBe(false); // accepts both
    expect(isAsyncOnlyTestAttribute('test')).toBe(false);
  });
});

describe('catalogue: sleeps', () => {
  it('knows std\'s sleep (from the blocking catalogue) and the runtimes\' timers, each once', () => {
    expect(SLEEP_FUNCTIONS[0]).toBe('std::thread::sleep');
    expect(SLEEP_FUNCTIONS).toContain('tokio::time::sleep_until');
    expect(SLEEP_FUNCTIONS).toContain('smol::Timer::after');
    once([SLEEP_FUNCTIONS]);
    for (const n of ['sleep', 'tokio::time::sleep_until', 'Timer::after']) expect(isSleepFunctionName(n), n).toBe(true);
    for (const n of ['sleeper', 'tokio::time::interval', 'timeout']) expect(isSleepFunctionName(n), n).toBe(false);
  });
});

describe('catalogue: method routers', () => {
  it('knows the routers named for an HTTP method, which are routing calls too', () => {
    for (const m of ['get', 'delete', 'options', 'any']) expect(isMethodRouter(m), m).toBe(true);
    for (const m of ['route', 'service', 'fallback']) expect(isMethodRouter(m), m).toBe(false);
    for (const m of METHOD_ROUTERS) expect(ROUTING_CALLS).toContain(m);
    once([ROUTING_CALLS]);
  });

  it('names an HTTP method a route states in a value, one for every method router but `any`', () => {
    expect(httpMethodIn('MethodFilter::POST')).toBe('POST');
    expect(httpMethodIn('Method::PATCH')).toBe('PATCH');
    expect(httpMethodIn('MethodFilter::GET.or(MethodFilter::PUT)')).toBe('GET');
    expect(httpMethodIn('filter')).toBeNull();
    expect(METHOD_ROUTERS.filter((m) => m !== 'any').map((m) => m.toUpperCase())).toEqual(HTTP_METHODS);
  });

  it('knows the calls that give a handler its path, method and prefix', () => {
    expect(isRouterCall('route', 'route')).toBe(true);
    expect(isRouterCall('nest', 'nest_service')).toBe(true);
    expect(isRouterCall('nestRouter', 'nest_service')).toBe(false);
    expect(isRouterCall('scope', 'service')).toBe(false);
    expect(isRouterCall('mountFn', null)).toBe(false);
    for (const name of [...ROUTER_CALLS.route, ...ROUTER_CALLS.bindHandler, ...ROUTER_CALLS.bindWithFilter, ...ROUTER_CALLS.mountHandler]) expect(ROUTING_CALLS).toContain(name);
  });
});

describe('catalogue: test-helper and handler names', () => {
  it('names wait helpers and setup helpers', () => {
    for (const f of ['wait_for_worker', 'settle', 'give_it_time', 'let_it_run']) expect(namesWaitHelper(f), f).toBe(true);
    for (const f of ['await_all', 'sleep_a_bit', 'given']) expect(namesWaitHelper(f), f).toBe(false);
    for (const f of ['wait_for_worker', 'sleep_for_writes_to_land', 'pause_until_flushed']) expect(namesWaitFor(f), f).toBe(true);
    for (const f of ['sleep_a_bit', 'start_server', 'delay_queue']) expect(namesWaitFor(f), f).toBe(false);
    for (const f of ['setup', 'spawn_app', 'create_user', 'post_json', 'with_tenant']) expect(namesSetupHelper(f), f).toBe(true);
    for (const f of ['check_order', 'assert_ok', 'getter', 'newest']) expect(namesSetupHelper(f), f).toBe(false);
  });

  it('knows names too common to say which fn a mention means', () => {
    expect(isUbiquitousMethodName('new')).toBe(true);
    expect(isUbiquitousMethodName('len')).toBe(true);
    expect(isUbiquitousMethodName('create')).toBe(false);
    expect(isUbiquitousHandlerName('create')).toBe(true);
    expect(isUbiquitousHandlerName('new')).toBe(true);
    expect(isUbiquitousHandlerName('len')).toBe(false);
    expect(isUbiquitousHandlerName('create_invoice')).toBe(false);
  });

  it('knows boilerplate endpoints', () => {
    for (const f of ['health', 'readyz', 'metrics', 'favicon']) expect(isBoilerplateEndpointName(f), f).toBe(true);
    for (const f of ['create_order', 'healthy_users']) expect(isBoilerplateEndpointName(f), f).toBe(false);
  });

  it('writes each word once per group set', () => {
    once([WAIT_HELPER_PREFIXES]);
    once([SETUP_HELPER_WORDS]);
    once([UBIQUITOUS_FN_NAMES, UBIQUITOUS_VALUE_METHODS, SERVICE_VERB_NAMES]);
    once([BOILERPLATE_ENDPOINT_NAMES]);
  });
});

describe('catalogue: crate layout', () => {
  it('knows which files own their module directory', () => {
    for (const p of ['src/lib.rs', 'src/main.rs', 'src/db/mod.rs', 'src/bin/tool/main.rs']) expect(ownsModuleDir(p), p).toBe(true);
    for (const p of ['src/db.rs', 'src/library.rs', 'src/db/model.rs']) expect(ownsModuleDir(p), p).toBe(false);
  });

  it('knows the files where backends register routes', () => {
    for (const p of ['src/main.rs', 'crates/api/src/startup.rs', 'src/routes/mod.rs', 'src/handlers/mod.rs']) expect(isRouterFile(p), p).toBe(true);
    for (const p of ['src/handlers/users.rs', 'src/db.rs', 'tests/api.rs', 'src/handlers.rs']) expect(isRouterFile(p), p).toBe(false);
  });

  it('knows the modules where backends put handlers and service entry points, each name once', () => {
    for (const p of ['src/handlers/orders.rs', 'src/api.rs', 'crates/web/src/rest/v1.rs', 'src/service.rs', 'src/controllers/mod.rs']) expect(isHandlerModulePath(p), p).toBe(true);
    for (const p of ['src/db/orders.rs', 'src/apis.rs', 'src/handlers_util.rs', 'src/webhook.rs']) expect(isHandlerModulePath(p), p).toBe(false);
    once([HANDLER_MODULE_NAMES]);
  });

  it('lists module and router file names each once', () => {
    once([MODULE_DIR_OWNER_STEMS]);
    once([ROUTER_FILE_STEMS]);
    once([ROUTER_MODULE_DIRS]);
  });
});

describe('catalogue: assertions that pin a value', () => {
  it('lists the value-comparing assertions once, the equality ones among them, each an asserting macro', () => {
    for (const m of EQUALITY_ASSERTIONS) expect(VALUE_COMPARING_ASSERTIONS).toContain(m);
    for (const m of VALUE_COMPARING_ASSERTIONS) expect(isAssertingMacro(m), m).toBe(true);
    once([VALUE_COMPARING_ASSERTIONS]);
    expect(VALUE_COMPARING_ASSERTIONS).not.toContain('assert');
  });
});
