import type { Node } from '../../rust/parser.js';
import { FILE_WRITES } from '../../catalogue/blocking.js';
import { isTaskCancelMethod } from '../../catalogue/executor.js';
import { DURATION_TEXT, isClockRead, isDurationConstructor, isWaitBound } from '../../catalogue/time.js';
import { ancestors, calleeText, descendants, fnName, methodName } from '../../rust/syntax.js';
import { macroName } from '../../rust/macros.js';
import { callTakingClosure } from '../../model/facts.js';
import { SLEEP_FUNCTIONS, isSleepFunctionName } from '../../catalogue/executor.js';
import { namesWaitFor, namesWaitHelper } from '../../catalogue/naming.js';
import { defineRule } from '../define-rule.js';
import { isTestFn, testAttributeText } from '../../model/test-attributes.js';

/** Sleeps that paused tokio time turns into instant, deterministic clock advances. */
const TOKIO_SLEEP = /^tokio::time::sleep/;

/**
 * The test fn when the sleep runs straight in its body (`inSpawned`: in a task or thread the test
 * spawned, ordering it against the test's other threads). A sleep inside a loop is polling (the fix, not the
 * defect); inside a closure or async block it usually simulates slow work for the code under test,
 * unless the test spawned that closure as a thread or task that asserts after sleeping: then the
 * sleep orders the test's own threads (`spawn(|| { submit(a); sleep(50ms); assert!(..) })`).
 */
function sleepingTest(call: Node): { fn: Node; inSpawned: boolean } | null {
  let inSpawned = false;
  for (const a of ancestors(call)) {
    if ((a.type === 'closure_expression' || a.type === 'async_block') && spawnedAndAssertsAfter(a, call)) {
      inSpawned = true;
      continue;
    }
    if (/^(loop_expression|while_expression|for_expression|closure_expression|async_block)$/.test(a.type)) return null;
    if (a.type === 'function_item') return { fn: a, inSpawned };
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
  return inTestCode && owner !== 'impl_item' && owner !== 'trait_item' && namesWaitHelper(fnName(fn));
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

/** The sleep is in a loop of `fn` (a retry or polling loop). */
function inLoopOf(call: Node, fn: Node): boolean {
  for (let a = call.parent; a && a.id !== fn.id; a = a.parent) if (/^(loop_expression|while_expression|for_expression)$/.test(a.type)) return true;
  return false;
}

function isAsyncFn(fn: Node): boolean {
  return fn.children.some((c) => c.type === 'function_modifiers' && c.children.some((m) => m.type === 'async'));
}

/**
 * The first call after the sleep writes a file or reads a clock (statements that call nothing, such
 * as `let content = "..";`, in between): the sleep makes its mtime, or the time read, strictly newer
 * than an earlier one. It orders timestamps; it waits for no work.
 */
function ordersATimestamp(call: Node, imports: { resolve(written: string): string }): boolean {
  let stmt: Node | null = call;
  while (stmt?.parent && stmt.parent.type !== 'block') stmt = stmt.parent;
  for (let next = stmt?.nextNamedSibling; next; next = next.nextNamedSibling) {
    const calls = [next, ...descendants(next)].filter((d) => d.type === 'call_expression' || d.type === 'macro_invocation');
    if (!calls.length) continue;
    return calls.some((d) => d.type === 'call_expression' && (FILE_WRITES.has(imports.resolve(calleeText(d))) || isClockRead(imports.resolve(calleeText(d)))));
  }
  return false;
}

/**
 * The test builds a span of time besides the waits it bounds (`cfg.grace = Duration::from_secs(2)`,
 * `assert_eq!(next, last + TimeDelta::minutes(5))`): it is about time passing (a TTL, a retry
 * interval, a rate-limit window), and a sleep there lets that time pass. Longer cannot make it fail;
 * it only costs the wait. Spans inside sleeps and timeouts are the test's own waits, not the code's.
 */
function aboutTimePassing(fn: Node, imports: { resolve(written: string): string }): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  const inWaitBound = (n: Node) => [...ancestors(n)].some((a) => a.id !== n.id && a.type === 'call_expression' && isWaitBound(imports.resolve(calleeText(a))));
  for (const d of descendants(body)) {
    if (d.type === 'call_expression' && isDurationConstructor(calleeText(d)) && !inWaitBound(d)) return true;
    // Macro arguments are tokens (`assert_eq!(a, b + TimeDelta::seconds(5))`): their text says it.
    if (d.type === 'token_tree' && d.parent?.type === 'macro_invocation' && DURATION_TEXT.test(d.text) && !inWaitBound(d)) return true;
  }
  return false;
}

/**
 * Work the test started in this process before the sleep and that runs on meanwhile (the last such): a task or
 * thread it spawns, directly or through a crate fn that does (the model's summary: `Worker::start(rx)`
 * over `tokio::spawn`). The sleep waits for it; the test holds what it needs to wait for it instead.
 */
function startedBefore(call: Node, fn: Node, startedTask: (c: Node) => string | undefined): { label: string; line: number; stoppedLater: boolean } | undefined {
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  // The work started last before the sleep is what it waits for (a transformer task, then the consumer that uses it).
  let last: { node: Node; label: string } | undefined;
  for (const d of descendants(body)) {
    if (d.startIndex >= call.startIndex) break;
    if (d.type !== 'call_expression') continue;
    const label = startedTask(d);
    if (label) last = { node: d, label };
  }
  if (!last) return undefined;
  const { node, label } = last;
  return { label: label.length > 40 ? `${label.slice(0, 37)}..` : label, line: node.startPosition.row + 1, stoppedLater: stoppedAfter(node, call, body) };
}

/**
 * The test stops what `start` started after the sleep (`handle.abort()` on the binding it went to):
 * a consumer or server loop that would not end by itself. There is no end to await; the sleep waits
 * for it to be ready or to handle input from outside, which it exposes no signal for.
 */
function stoppedAfter(start: Node, sleep: Node, body: Node): boolean {
  let at: Node | null = start;
  while (at && at.type !== 'let_declaration' && at.id !== body.id) at = at.parent;
  const pattern = at?.type === 'let_declaration' ? at.childForFieldName('pattern') : null;
  const names = new Set(pattern ? [pattern, ...descendants(pattern)].filter((n) => n.type === 'identifier').map((n) => n.text) : []);
  if (!names.size) return false;
  return [...descendants(body)].some((d) => {
    if (d.type !== 'call_expression' || d.startIndex < sleep.endIndex) return false;
    const method = d.childForFieldName('function');
    if (method?.type !== 'field_expression' || !isTaskCancelMethod(method.childForFieldName('field')?.text ?? '')) return false;
    return names.has(method.childForFieldName('value')?.text ?? '');
  });
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
    bad: `#[tokio::test]
async fn writes_thumbnail() {
    let (tx, rx) = mpsc::channel(8);
    let _worker = Thumbnailer::spawn(store(), rx);
    tx.send(IMAGE_ID).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(store().contains("img/1.png.thumb.jpg"));
}
`,
    good: `#[tokio::test]
async fn writes_thumbnail() {
    let (tx, rx) = mpsc::channel(8);
    let worker = Thumbnailer::spawn(store(), rx);
    tx.send(IMAGE_ID).await.unwrap();
    drop(tx);
    worker.await.unwrap();
    assert!(store().contains("img/1.png.thumb.jpg"));
}
`,
    path: 'tests/thumbnailer.rs',
    anchor: 'tokio::time::pause docs ("If time is paused and the runtime has no work to do, the clock is auto-advanced"); tokio::task::JoinHandle',
  },
  messages: {
    helper: 'test helper `{{name}}` sleeps `{{duration}}` (`{{callee}}`) instead of waiting for the event: every test using it is slow, and flaky on a loaded CI runner',
    sleep: 'test `{{name}}` sleeps `{{duration}}` (`{{callee}}`) to wait for `{{started}}` (line {{startedLine}}), work it started in this process: slow, and flaky on a loaded CI runner',
    threads: 'test `{{name}}` sleeps `{{duration}}` (`{{callee}}`) in a thread or task it spawned to order it against its other threads: slow, and flaky on a loaded CI runner',
    blockingTest: '`{{callee}}` in the async test `{{name}}` blocks the test runtime\'s thread while `{{started}}` (line {{startedLine}}), work the test started on that runtime, needs it to run (use `tokio::time::sleep(..).await`, or better, wait for the work itself)',
    blocking: '`{{callee}}` in the async test code `{{name}}` blocks the test runtime\'s thread: the server or task the test waits on cannot run while it sleeps (use `tokio::time::sleep(..).await`)',
    timePasses: {
      text: 'test `{{name}}` sleeps `{{duration}}` (`{{callee}}`) to let a configured time pass (a TTL, an interval, a window): a longer wait cannot fail it, but every run pays for it; a paused or injected clock makes it instant',
      category: 'style',
    },
    waitsForService: {
      text: 'test `{{name}}` sleeps `{{duration}}` (`{{callee}}`) for `{{started}}` (line {{startedLine}}), a service it starts and later stops, to be ready or to handle its input: a readiness signal, or polling the expected state under a timeout, would be faster and steadier',
      category: 'style',
    },
    viaHelper: 'test `{{name}}` waits with `{{helper}}`, which sleeps a fixed time (`{{callee}}`, {{at}}) instead of waiting for the event: slow, and flaky on a loaded CI runner',
    waitsOutside: {
      text: 'test `{{name}}` sleeps `{{duration}}` (`{{callee}}`) but starts no task or thread of its own to wait for: it lets time pass or waits on a server, broker or database outside the test; polling for the expected state under a timeout would be faster and steadier',
      category: 'style',
    },
  },
  help: 'Wait for the event itself: await the task\'s `JoinHandle`, a channel or `Notify` signal, or poll the condition in a loop under `tokio::time::timeout`; when the test is about time, use `#[tokio::test(start_paused = true)]` so sleeps advance a virtual clock.',
  create(ctx) {
    const sleepOf = (call: Node): string | undefined => {
      const written = calleeText(call);
      // Resolve first: `use tokio::time::sleep as wait;` makes `wait(..)` a sleep.
      if (!isSleepFunctionName(ctx.imports.resolve(written))) return undefined;
      return SLEEP_FUNCTIONS.find((p) => ctx.imports.mayName(written, p));
    };
    /**
     * What the sleep waits for decides what it costs. Work the test started in this process (a task,
     * a thread) could be awaited, joined or signalled: a fixed guess there is the defect. A configured
     * time passing, a service started and stopped, or work outside the process: a note at most. A
     * blocking sleep stalls the work the test started on its runtime, whatever it waits for.
     */
    const judge = (call: Node, fn: Node, inSpawned: boolean, blocksRuntime: boolean, data: Record<string, string>, rootCause: string) => {
      const timePasses = aboutTimePassing(fn, ctx.imports);
      const started = startedBefore(call, fn, (c) => ctx.model.startedTask(c));
      const startedData = started ? { ...data, started: started.label, startedLine: String(started.line) } : data;
      if (inSpawned && !timePasses) ctx.report({ node: call, messageId: 'threads', data, rootCause });
      else if (started && blocksRuntime) ctx.report({ node: call, messageId: 'blockingTest', data: startedData, rootCause });
      else if (started && !timePasses) ctx.report({ node: call, messageId: started.stoppedLater ? 'waitsForService' : 'sleep', data: startedData, rootCause });
      else ctx.report({ node: call, messageId: timePasses ? 'timePasses' : 'waitsOutside', data, rootCause });
    };
    /** Virtual time: tokio's sleeps advance a paused clock instantly. */
    const pausedClock = (fn: Node): boolean => /start_paused\s*=\s*true/.test(testAttributeText(fn, ctx.imports)) || /\bpause\s*\(\s*\)/.test(fn.childForFieldName('body')?.text ?? '');
    /**
     * A test's own wait through a crate helper that sleeps (`db.wait_for_writes().await`, the sleep in
     * one backend's impl of a test-helper trait): the same guess, written once for every test using it.
     */
    const sleepsThroughHelper = (call: Node) => {
      const found = sleepingTest(call);
      if (!found || !(isTestFn(found.fn, ctx.imports) || ctx.model.registeredAsTest(found.fn))) return;
      // Named for waiting, as isWaitHelper asks of a helper's own sleep: a helper that starts a server and
      // polls it, or a fake that simulates latency, is not the test's guess at how long work takes.
      const name = methodName(call) ?? calleeText(call).replace(/\s+/g, '').split('::').pop()!;
      if (!namesWaitFor(name)) return;
      const helper = ctx.model.sleepingCallee(call);
      if (!helper || aboutTimePassing(found.fn, ctx.imports)) return;
      // A free helper named for waiting is reported at its own sleep (isWaitHelper): one comment, there.
      if (!helper.ref.fn.owner && helper.evidence.path === helper.ref.file.path && namesWaitHelper(helper.ref.fn.name)) return;
      if (TOKIO_SLEEP.test(helper.evidence.call) && pausedClock(found.fn)) return;
      const at = `${helper.evidence.path}:${helper.evidence.line}`;
      ctx.report({ node: call, messageId: 'viaHelper', data: { name: fnName(found.fn), helper: `${calleeText(call).replace(/\s+/g, '')}(..)`, callee: helper.evidence.call, at }, rootCause: `sleeps at ${at}` });
    };
    return {
      call_expression(call) {
        const callee = sleepOf(call);
        if (!callee) return sleepsThroughHelper(call);
        const found = sleepingTest(call);
        const fn = found?.fn ?? null;
        const isTest = !!fn && (isTestFn(fn, ctx.imports) || ctx.model.registeredAsTest(fn));
        const duration = (call.childForFieldName('arguments')?.namedChildren[0]?.text ?? '').replace(/\s+/g, ' ');
        // The same fixed wait (`CONNECT_WAIT_TIME`, `Duration::from_millis(WAIT_MS)`) repeated by the
        // tests of a file is one practice with one fix (a readiness signal): one comment lists them.
        const rootCause = `${ctx.path}: sleeps ${duration}`;
        if (!fn || (!isTest && !isWaitHelper(fn, ctx.isTest(fn)))) {
          // A blocking sleep in async test code outside a test's own wait: in a retry or polling loop
          // it stalls the runtime the awaited work runs on; straight in the body (a test whose
          // attribute is a project's own macro) it is judged as a test's sleep.
          const blocked = /^std::thread::/.test(callee) ? asyncFnBlockedBySleep(call) : null;
          if (!blocked || !ctx.isTest(blocked)) return;
          const data = { name: fnName(blocked), callee, duration };
          if (inLoopOf(call, blocked)) ctx.report({ node: call, messageId: 'blocking', data });
          else judge(call, blocked, false, true, data, rootCause);
          return;
        }
        if (TOKIO_SLEEP.test(callee) && pausedClock(fn)) return;
        // A blocking sleep in an async test stalls the runtime the code under test runs on: not "the
        // time passing" the test is about, whatever duration it sleeps.
        const blocksRuntime = !TOKIO_SLEEP.test(callee) && /^std::thread::/.test(callee) && isAsyncFn(fn);
        if (isTest && !blocksRuntime && (sleepsConfiguredTime(call, fn, (n) => !!sleepOf(n)) || ordersATimestamp(call, ctx.imports))) return;
        const data = { name: fnName(fn), duration, callee };
        if (!isTest) ctx.report({ node: call, messageId: 'helper', data, rootCause });
        else judge(call, fn, !!found?.inSpawned, blocksRuntime, data, rootCause);
      },
    };
  },
});
