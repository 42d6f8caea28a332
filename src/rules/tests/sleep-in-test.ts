import type { Node } from '../../rust/parser.js';
import { ancestors, calleeText, fnName } from '../../rust/syntax.js';
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
    return {
      call_expression(call) {
        const written = calleeText(call);
        // Resolve first: `use tokio::time::sleep as wait;` makes `wait(..)` a sleep.
        if (!/(^|::)(sleep|sleep_until|after)$/.test(ctx.imports.resolve(written))) return;
        const callee = SLEEPS.find((p) => ctx.imports.mayName(written, p));
        if (!callee) return;
        const fn = sleepingTest(call);
        if (!fn) return;
        const isTest = isTestFn(fn, ctx.imports);
        if (!isTest && !isWaitHelper(fn, ctx.isTest(fn))) return;
        if (TOKIO_SLEEP.test(callee)) {
          if (/start_paused\s*=\s*true/.test(testAttributeText(fn, ctx.imports))) return;
          if (/\bpause\s*\(\s*\)/.test(fn.childForFieldName('body')?.text ?? '')) return;
        }
        const duration = call.childForFieldName('arguments')?.namedChildren[0]?.text ?? '';
        ctx.report({ node: call, messageId: isTest ? 'sleep' : 'helper', data: { name: fnName(fn), duration: duration.replace(/\s+/g, ' '), callee }, rootCause: fn });
      },
    };
  },
});
