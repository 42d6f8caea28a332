import type { Node } from '../../rust/parser.js';
import { FILE_WRITES } from '../../catalogue/blocking.js';
import { isTimeoutWrapper } from '../../catalogue/http.js';
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

const UNIT_MS: Record<string, number> = { from_secs: 1000, from_millis: 1, from_micros: 0.001, from_nanos: 0.000001, from_secs_f64: 1000, from_secs_f32: 1000 };

/** `Duration::from_millis(1_200)`, `std::time::Duration::from_secs(2)`: the length in ms, when literal. */
function literalMillis(expr: Node): number | null {
  if (expr.type !== 'call_expression') return null;
  const m = /(^|::)Duration::(from_\w+)$/.exec(calleeText(expr));
  const unit = m ? UNIT_MS[m[2]!] : undefined;
  const arg = expr.childForFieldName('arguments')?.namedChildren;
  if (unit === undefined || arg?.length !== 1 || !/^(integer|float)_literal$/.test(arg[0]!.type)) return null;
  const n = Number(arg[0]!.text.replace(/_/g, '').replace(/(u|i|f)\d+$|usize$|isize$/, ''));
  return Number.isFinite(n) ? n * unit : null;
}

/** The statement of the block `node` is in. */
function statementOf(node: Node): Node | null {
  let stmt: Node | null = node;
  while (stmt?.parent && stmt.parent.type !== 'block') stmt = stmt.parent;
  return stmt?.parent ? stmt : null;
}

const isAssertion = (n: Node): boolean => [n, ...descendants(n)].some((d) => d.type === 'macro_invocation' && /^(debug_)?assert\w*$/.test(macroName(d)));

/**
 * `cache.set(k, v, Duration::from_secs(1)); sleep(Duration::from_millis(1200)).await; assert_eq!(cache.get(k), None)`:
 * the test hands the code under test a literal duration (an argument, a config field), sleeps at
 * least that long and checks the effect right after. It tests that the time passing does what it
 * should (a TTL, an expiry window); the sleep is the test, not a guess at how long work takes.
 */
function outlastsConfiguredTime(call: Node, fn: Node, isSleep: (n: Node) => boolean): boolean {
  const slept = literalMillis(call.childForFieldName('arguments')?.namedChildren[0] ?? call);
  const body = fn.childForFieldName('body');
  const stmt = statementOf(call);
  if (slept === null || !body || !stmt) return false;
  const next = stmt.nextNamedSibling;
  const checksNext = !!next && (isAssertion(next) || (next.type === 'let_declaration' && !!next.nextNamedSibling && isAssertion(next.nextNamedSibling)));
  if (!checksNext) return false;
  for (const d of descendants(body)) {
    if (d.startIndex >= call.startIndex) break;
    if (d.type !== 'call_expression' || d.id === call.id) continue;
    const ms = literalMillis(d);
    if (ms === null || ms > slept) continue;
    // Handed to code: a call's argument, a field initialiser or assignment (`cfg.ttl = ..`); not another sleep or a timeout.
    const holder = d.parent?.type === 'arguments' ? d.parent.parent : null;
    if (holder && (isSleep(holder) || isTimeoutWrapper(calleeText(holder)))) continue;
    if (holder || d.parent?.type === 'field_initializer' || d.parent?.type === 'assignment_expression') return true;
  }
  // Inside a macro (`assert!(cache.set(k, v, Duration::from_secs(1)).is_ok())`) the call is tokens.
  for (const m of body.descendantsOfType('macro_invocation')) {
    if (m.startIndex >= call.startIndex) break;
    for (const [, before, unit, n] of m.text.matchAll(DURATION_IN_TOKENS)) {
      if (/(sleep|timeout)\s*\(\s*$/.test(before!)) continue;
      const ms = Number(n!.replace(/_/g, '')) * (UNIT_MS[unit!] ?? NaN);
      if (ms <= slept) return true;
    }
  }
  return false;
}

const DURATION_IN_TOKENS = /([\w:(\s]{0,12})Duration::(from_\w+)\(\s*([\d_.]+)\s*\)/g;

function isAsyncFn(fn: Node): boolean {
  return fn.children.some((c) => c.type === 'function_modifiers' && c.children.some((m) => m.type === 'async'));
}

/** The statement right after the sleep writes a file: the sleep makes its mtime strictly newer than an earlier one. */
function ordersAFileWrite(call: Node, imports: { resolve(written: string): string }): boolean {
  let stmt: Node | null = call;
  while (stmt?.parent && stmt.parent.type !== 'block') stmt = stmt.parent;
  const next = stmt?.nextNamedSibling;
  if (!next) return false;
  return [next, ...descendants(next)].some((d) => d.type === 'call_expression' && FILE_WRITES.has(imports.resolve(calleeText(d))));
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
        if (!fn) return;
        const isTest = isTestFn(fn, ctx.imports);
        if (!isTest && !isWaitHelper(fn, ctx.isTest(fn))) return;
        if (TOKIO_SLEEP.test(callee)) {
          if (/start_paused\s*=\s*true/.test(testAttributeText(fn, ctx.imports))) return;
          if (/\bpause\s*\(\s*\)/.test(fn.childForFieldName('body')?.text ?? '')) return;
        }
        // A blocking sleep in an async test stalls the runtime the code under test runs on: not "the
        // time passing" the test is about, whatever duration it sleeps.
        const blocksRuntime = !TOKIO_SLEEP.test(callee) && /^std::thread::/.test(callee) && isAsyncFn(fn);
        const isSleep = (n: Node) => !!sleepOf(n);
        if (isTest && !blocksRuntime && (sleepsConfiguredTime(call, fn, isSleep) || outlastsConfiguredTime(call, fn, isSleep) || ordersAFileWrite(call, ctx.imports))) return;
        const duration = (call.childForFieldName('arguments')?.namedChildren[0]?.text ?? '').replace(/\s+/g, ' ');
        // The same fixed wait (`CONNECT_WAIT_TIME`, `Duration::from_millis(WAIT_MS)`) repeated by the
        // tests of a file is one practice with one fix (a readiness signal): one comment lists them.
        ctx.report({ node: call, messageId: isTest ? 'sleep' : 'helper', data: { name: fnName(fn), duration, callee }, rootCause: `${ctx.path}: sleeps ${duration}` });
      },
    };
  },
});
