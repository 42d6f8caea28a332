import type { Node } from '../../rust/parser.js';
import { FILE_WRITES } from '../../catalogue/blocking.js';
import { ancestors, calleeText, descendants, fnName } from '../../rust/syntax.js';
import { macroName } from '../../rust/macros.js';
import { callTakingClosure } from '../../model/facts.js';
import { defineRule } from '../define-rule.js';
import { isTestFn, testAttributeText } from './support/test-fns.js';

const SLEEPS = ['std::thread::sleep', 'tokio::time::sleep', 'tokio::time::sleep_until', 'async_std::task::sleep', 'actix_rt::time::sleep', 'smol::Timer::after'];
/** Sleeps that paused tokio time turns into instant, deterministic clock advances. */
const TOKIO_SLEEP = /^tokio::time::sleep/;

/**
 * The test fn when the sleep runs straight in its body. A sleep inside a loop is polling (the fix, not the
 * defect); inside a closure or async block it usually simulates slow work for the code under test,
 * unless the test spawned that closure as a thread or task that asserts after sleeping: then the
 * sleep orders the test's own threads (`spawn(|| { submit(a); sleep(50ms); assert!(..) })`).
 */
function sleepingTest(call: Node): Node | null {
  for (const a of ancestors(call)) {
    if ((a.type === 'closure_expression' || a.type === 'async_block') && spawnedAndAssertsAfter(a, call)) continue;
    if (/^(loop_expression|while_expression|for_expression|closure_expression|async_block)$/.test(a.type)) return null;
    if (a.type === 'function_item') return a;
  }
  return null;
}

/**
 * The async fn a blocking `std::thread::sleep` stalls: the sleep runs on its executor thread (not in a
 * closure or block handed elsewhere), whether straight, in a retry loop or in a polling loop. A test's
 * runtime has one thread by default, so the server or task the test waits on cannot run meanwhile.
 */
function asyncFnBlockedBySleep(call: Node): Node | null {
  for (const a of ancestors(call)) {
    if (a.type === 'closure_expression' || a.type === 'async_block') return null;
    if (a.type === 'function_item') return isAsyncFn(a) ? a : null;
  }
  return null;
}

/** A closure (or `async move` block) handed to a `spawn` whose body asserts after `sleep`. */
function spawnedAndAssertsAfter(scope: Node, sleep: Node): boolean {
  let arg: Node = scope;
  if (scope.type === 'async_block' && scope.parent?.type === 'closure_expression') arg = scope.parent;
  const call = arg.type === 'closure_expression' ? callTakingClosure(arg) : arg.parent?.type === 'arguments' ? arg.parent.parent : null;
  if (call?.type !== 'call_expression' || !/(^|::|\.)spawn$/.test(calleeText(call))) return false;
  return scope.descendantsOfType('macro_invocation').some((m) => m.startIndex > sleep.endIndex && /^(assert\w*|debug_assert\w*)$/.test(macroName(m)));
}

/**
 * A free helper in test code named for waiting (`wait_for_worker`, `settle`): its sleep is the test's
 * wait. Methods are left alone, they are usually fakes simulating a slow dependency.
 */
function isWaitHelper(fn: Node, inTestCode: boolean): boolean {
  const owner = fn.parent?.parent?.type;
  return inTestCode && owner !== 'impl_item' && owner !== 'trait_item' && /^(wait|settle|give_|let_)/.test(fnName(fn));
}

/** Names a duration expression reads (`delay`, `TTL`, `cfg.idle`), not the paths of the calls in it (`Duration::from_millis`). */
function namesRead(expr: Node): string[] {
  const out: string[] = [];
  for (const d of [expr, ...descendants(expr)]) {
    if (d.type !== 'identifier') continue;
    const parent = d.parent;
    if (parent?.type === 'scoped_identifier' || (parent?.type === 'call_expression' && parent.childForFieldName('function')?.id === d.id)) continue;
    out.push(d.text);
  }
  return out;
}

/**
 * `sleep(delay)` where the test also hands `delay` to the code it tests (`new_queue(&cfg, delay)`, a
 * config field): the test is about that time passing (an idle period, a TTL, a delayed start), and
 * sleeping it is the test, not a guess at how long some work takes.
 */
function sleepsConfiguredTime(call: Node, fn: Node, isSleep: (n: Node) => boolean): boolean {
  const arg = call.childForFieldName('arguments')?.namedChildren[0];
  const body = fn.childForFieldName('body');
  if (!arg || !body) return false;
  const names = new Set(namesRead(arg));
  if (!names.size) return false;
  for (const d of descendants(body)) {
    if (!(d.type === 'arguments' || d.type === 'field_initializer' || d.type === 'shorthand_field_initializer')) continue;
    // Another sleep of the same time is not the code under test.
    if ([...ancestors(d)].some((a) => a.type === 'call_expression' && isSleep(a))) continue;
    const values = d.type === 'arguments' ? d.namedChildren : [d.type === 'shorthand_field_initializer' ? d : d.childForFieldName('value')].filter((v): v is Node => !!v);
    if (values.some((v) => namesRead(v).some((n) => names.has(n)))) return true;
  }
  return false;
}

function isAsyncFn(fn: Node): boolean {
  return fn.children.some((c) => c.type === 'function_modifiers' && c.children.some((m) => m.type === 'async'));
}

/**
 * The first call after the sleep writes a file (statements that call nothing, such as
 * `let content = "..";`, in between): the sleep makes its mtime strictly newer than an earlier one.
 */
function ordersAFileWrite(call: Node, imports: { resolve(written: string): string }): boolean {
  let stmt: Node | null = call;
  while (stmt?.parent && stmt.parent.type !== 'block') stmt = stmt.parent;
  for (let next = stmt?.nextNamedSibling; next; next = next.nextNamedSibling) {
    const calls = [next, ...descendants(next)].filter((d) => d.type === 'call_expression' || d.type === 'macro_invocation');
    if (!calls.length) continue;
    return calls.some((d) => d.type === 'call_expression' && FILE_WRITES.has(imports.resolve(calleeText(d))));
  }
  return false;
}

export default defineRule({
  id: 'tests/sleep-in-test',
  role: 'tests',
  category: 'suspicious',
  // The sleep callee (`sleep`, `sleep_until`, `Timer::after`) or the `use` it resolves through; a test-path helper needs no `test` text.
  requires: /sleep|after/,
  docs: {
    summary: 'A test that sleeps a fixed time to wait for something (a worker, a spawned task, a server) instead of waiting for the event itself.',
    why: 'A fixed sleep guesses how long the work takes: too short on a loaded CI runner (a flaky test), too long everywhere else (a slow suite). `std::thread::sleep` in an async test also blocks the test runtime\'s only thread.',
    bad: '#[tokio::test]\nasync fn writes_thumbnail() {\n    let (tx, rx) = mpsc::channel(8);\n    let _worker = Thumbnailer::spawn(store(), rx);\n    tx.send(IMAGE_ID).await.unwrap();\n    tokio::time::sleep(Duration::from_millis(500)).await;\n    assert!(store().contains("img/1.png.thumb.jpg"));\n}\n',
    good: '#[tokio::test]\nasync fn writes_thumbnail() {\n    let (tx, rx) = mpsc::channel(8);\n    let worker = Thumbnailer::spawn(store(), rx);\n    tx.send(IMAGE_ID).await.unwrap();\n    drop(tx);\n    worker.await.unwrap();\n    assert!(store().contains("img/1.png.thumb.jpg"));\n}\n',
    path: 'tests/thumbnailer.rs',
    anchor: 'tokio::time::pause docs ("If time is paused and the runtime has no work to do, the clock is auto-advanced"); tokio::task::JoinHandle',
  },
  messages: {
    helper: 'test helper `{{name}}` sleeps `{{duration}}` (`{{callee}}`) instead of waiting for the event: every test using it is slow, and flaky on a loaded CI runner',
    sleep: 'test `{{name}}` sleeps `{{duration}}` (`{{callee}}`) to wait for something: slow, and flaky on a loaded CI runner',
    blocking: '`{{callee}}` in the async test code `{{name}}` blocks the test runtime\'s thread: the server or task the test waits on cannot run while it sleeps (use `tokio::time::sleep(..).await`)',
  },
  help: 'Wait for the event itself: await the task\'s `JoinHandle`, a channel or `Notify` signal, or poll the condition in a loop under `tokio::time::timeout`; when the test is about time, use `#[tokio::test(start_paused = true)]` so sleeps advance a virtual clock.',
  create(ctx) {
    const sleepOf = (call: Node): string | undefined => {
      const written = calleeText(call);
      // Resolve first: `use tokio::time::sleep as wait;` makes `wait(..)` a sleep.
      if (!/(^|::)(sleep|sleep_until|after)$/.test(ctx.imports.resolve(written))) return undefined;
      return SLEEPS.find((p) => ctx.imports.mayName(written, p));
    };
    return {
      call_expression(call) {
        const callee = sleepOf(call);
        if (!callee) return;
        const fn = sleepingTest(call);
        const isTest = !!fn && (isTestFn(fn, ctx.imports) || ctx.model.registeredAsTest(fn));
        if (!fn || (!isTest && !isWaitHelper(fn, ctx.isTest(fn)))) {
          // A blocking sleep in async test code outside a test's own wait (an async helper, a retry or polling loop): it stalls the test's runtime.
          const blocked = /^std::thread::/.test(callee) ? asyncFnBlockedBySleep(call) : null;
          if (blocked && ctx.isTest(blocked)) ctx.report({ node: call, messageId: 'blocking', data: { name: fnName(blocked), callee } });
          return;
        }
        if (TOKIO_SLEEP.test(callee)) {
          if (/start_paused\s*=\s*true/.test(testAttributeText(fn, ctx.imports))) return;
          if (/\bpause\s*\(\s*\)/.test(fn.childForFieldName('body')?.text ?? '')) return;
        }
        // A blocking sleep in an async test stalls the runtime the code under test runs on: not "the
        // time passing" the test is about, whatever duration it sleeps.
        const blocksRuntime = !TOKIO_SLEEP.test(callee) && /^std::thread::/.test(callee) && isAsyncFn(fn);
        if (isTest && !blocksRuntime && (sleepsConfiguredTime(call, fn, (n) => !!sleepOf(n)) || ordersAFileWrite(call, ctx.imports))) return;
        const duration = (call.childForFieldName('arguments')?.namedChildren[0]?.text ?? '').replace(/\s+/g, ' ');
        // The same fixed wait (`CONNECT_WAIT_TIME`, `Duration::from_millis(WAIT_MS)`) repeated by the
        // tests of a file is one practice with one fix (a readiness signal): one comment lists them.
        ctx.report({ node: call, messageId: isTest ? 'sleep' : 'helper', data: { name: fnName(fn), duration, callee }, rootCause: `${ctx.path}: sleeps ${duration}` });
      },
    };
  },
});
