import { ENV_MUTATING_FUNCTIONS, ENV_MUTATING_TEXT, isSerialisingSandbox, sandboxMutates } from '../../catalogue/environment.js';
import type { ImportMap } from '../../rust/imports.js';
import type { Node } from '../../rust/parser.js';
import { callTakingClosure } from '../../model/facts.js';
import { staticLockHeldAt, unsandboxedTestOfSameCode } from '../../model/test-isolation.js';
import { attributePath, attributesOf, calleeText, enclosingFunction, fnName, isTestPath, methodName, methodReceiver } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';

/**
 * `jail.set_env(..)` where `jail` is the parameter of a closure handed to a sandbox
 * (`figment::Jail::expect_with(|jail| ..)`): the mutation as shown and the sandbox call.
 */
function sandboxMutation(call: Node, imports: ImportMap): { shown: string; enter: Node } | null {
  const method = methodName(call);
  const receiver = methodReceiver(call);
  if (!method || receiver?.type !== 'identifier') return null;
  for (let a = call.parent; a && a.type !== 'function_item'; a = a.parent) {
    if (a.type !== 'closure_expression') continue;
    const params = a.childForFieldName('parameters')?.namedChildren ?? [];
    if (!params.some((p) => (p.type === 'parameter' ? p.childForFieldName('pattern') : p)?.text === receiver.text)) continue;
    const enter = callTakingClosure(a);
    if (enter && sandboxMutates(imports.resolve(calleeText(enter)), method)) return { shown: `${calleeText(enter).split('::').slice(-2, -1)[0] ?? 'sandbox'}::${method}`, enter };
    return null;
  }
  return null;
}

/** `#[serial]` (serial_test) makes the marked tests take turns: the team has handled the race. */
function isSerialised(fn: Node | null): boolean {
  for (let f = fn; f; f = enclosingFunction(f)) {
    if (attributesOf(f).some((a) => /(^|::)(serial|file_serial)$/.test(attributePath(a)))) return true;
  }
  return false;
}

export default defineRule({
  id: 'tests/env-mutation',
  role: 'tests',
  category: 'suspicious',
  requires: ENV_MUTATING_TEXT,
  docs: {
    summary: '`std::env::set_var` / `remove_var` / `set_current_dir` (or a sandbox over them, such as figment\'s `Jail::set_env`) in test code: process-wide state changed while other tests run in parallel threads.',
    why: 'libtest runs tests on parallel threads of one process, so another test reads the variable half-way through (flaky tests, and a data race that made these functions `unsafe` in Rust 2024).',
    bad: `#[test]
fn reads_port_from_env() {
    std::env::set_var("APP_PORT", "9090");
    assert_eq!(Settings::from_env().unwrap().port, 9090);
}
`,
    good: `#[test]
fn reads_port_from_env() {
    let vars = HashMap::from([("APP_PORT".to_string(), "9090".to_string())]);
    assert_eq!(Settings::from_vars(&vars).unwrap().port, 9090);
}
`,
    path: 'tests/settings.rs',
    anchor: 'std::env::set_var docs (unsafe since Rust 2024, rust-lang/rust#124866)',
  },
  messages: {
    mutation: '`{{call}}` in test code changes the environment of the whole test process while other tests run in parallel (a data race; `unsafe` since Rust 2024)',
    sandboxRace: '`{{call}}` changes the process environment: the sandbox serialises only the tests inside one, and `{{other}}` runs the same code outside a sandbox in parallel',
  },
  help: 'Pass configuration in explicitly (build settings from a map or a struct), scope it with `temp_env::with_var`, or mark every test touching the variable `#[serial]` (serial_test).',
  create(ctx) {
    return {
      call_expression(call) {
        const written = calleeText(call);
        const direct = ENV_MUTATING_FUNCTIONS.find((p) => ctx.imports.mayName(written, p));
        // A sandbox restores the environment and serialises its users, not the other tests of the binary:
        // a tests/ binary of jails alone is fine; in a unit test (src/) it races the crate's tests that
        // run the same code outside a sandbox.
        const sandboxed = direct || /(^|\/)tests\//.test(ctx.path) ? null : sandboxMutation(call, ctx.imports);
        const callee = direct ?? sandboxed?.shown;
        if (!callee || !ctx.isTest(call)) return;
        let other: string | null = null;
        if (sandboxed && isSerialisingSandbox(ctx.imports.resolve(calleeText(sandboxed.enter)))) {
          other = unsandboxedTestOfSameCode(ctx.model, sandboxed.enter);
          if (!other) return;
        }
        // Every test taking the same static lock before touching the environment: they take turns.
        if (direct && staticLockHeldAt(call)) return;
        // Examples, benches and build scripts are single programs, not parallel tests.
        if (isTestPath(ctx.path) && !/(^|\/)tests\//.test(ctx.path)) return;
        const fn = enclosingFunction(call);
        // A `harness = false` test's `fn main` runs alone, before any test thread exists.
        if (fn && fnName(fn) === 'main') return;
        if (isSerialised(fn)) return;
        const args = call.childForFieldName('arguments')?.namedChildren ?? [];
        const shown = `${callee.split('::').slice(-2).join('::')}(${args[0]?.text ?? ''}${args.length > 1 ? ', ..' : ''})`;
        // One test setting several variables is one race: one comment lists them (src/report/same-cause.ts).
        if (other) ctx.report({ node: call, messageId: 'sandboxRace', data: { call: shown, other }, rootCause: fn ?? undefined });
        else ctx.report({ node: call, messageId: 'mutation', data: { call: shown }, rootCause: fn ?? undefined });
      },
    };
  },
});
