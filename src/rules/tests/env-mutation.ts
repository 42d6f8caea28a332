import type { Node } from '../../rust/parser.js';
import { attributePath, attributesOf, calleeText, enclosingFunction, fnName, isTestPath } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';

const MUTATORS = ['std::env::set_var', 'std::env::remove_var', 'std::env::set_current_dir'];

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
  requires: /set_var|remove_var|set_current_dir/,
  docs: {
    summary: '`std::env::set_var` / `remove_var` / `set_current_dir` in test code: process-wide state changed while other tests run in parallel threads.',
    why: 'libtest runs tests on parallel threads of one process, so another test reads the variable half-way through (flaky tests, and a data race that made these functions `unsafe` in Rust 2024).',
    bad: '#[test]\nfn reads_port_from_env() {\n    std::env::set_var("APP_PORT", "9090");\n    assert_eq!(Settings::from_env().unwrap().port, 9090);\n}\n',
    good: '#[test]\nfn reads_port_from_env() {\n    let vars = HashMap::from([("APP_PORT".to_string(), "9090".to_string())]);\n    assert_eq!(Settings::from_vars(&vars).unwrap().port, 9090);\n}\n',
    path: 'tests/settings.rs',
    anchor: 'std::env::set_var docs (unsafe since Rust 2024, rust-lang/rust#124866)',
  },
  messages: {
    mutation: '`{{call}}` in test code changes the environment of the whole test process while other tests run in parallel (a data race; `unsafe` since Rust 2024)',
  },
  help: 'Pass configuration in explicitly (build settings from a map or a struct), scope it with `temp_env::with_var`, or mark every test touching the variable `#[serial]` (serial_test).',
  create(ctx) {
    return {
      call_expression(call) {
        const written = calleeText(call);
        if (!/(^|::)(set_var|remove_var|set_current_dir)$/.test(ctx.imports.resolve(written))) return;
        const callee = MUTATORS.find((p) => ctx.imports.mayName(written, p));
        if (!callee || !ctx.isTest(call)) return;
        // Examples, benches and build scripts are single programs, not parallel tests.
        if (isTestPath(ctx.path) && !/(^|\/)tests\//.test(ctx.path)) return;
        const fn = enclosingFunction(call);
        // A `harness = false` test's `fn main` runs alone, before any test thread exists.
        if (fn && fnName(fn) === 'main') return;
        if (isSerialised(fn)) return;
        const args = call.childForFieldName('arguments')?.namedChildren ?? [];
        const shown = `${callee.split('::').slice(-2).join('::')}(${args[0]?.text ?? ''}${args.length > 1 ? ', ..' : ''})`;
        ctx.report({ node: call, messageId: 'mutation', data: { call: shown } });
      },
    };
  },
});
