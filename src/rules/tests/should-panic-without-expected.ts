import { attributePath, attributesOf, fnName } from '../../rust/syntax.js';
import { compiledOutOfTests } from '../../model/cfg.js';
import { defineRule } from '../define-rule.js';

export default defineRule({
  id: 'tests/should-panic-without-expected',
  role: 'tests',
  category: 'style',
  requires: /should_panic/,
  clippyLint: 'should_panic_without_expect',
  docs: {
    summary: '`#[should_panic]` without `expected = "..."`: the test passes on any panic.',
    why: 'An unrelated `unwrap()` on a missing fixture or a broken setup panics too, and the test then passes for the wrong reason. `expected` pins the panic the test is about.',
    bad: `#[test]
#[should_panic]
fn rejects_empty_cart() {
    Cart::default().checkout();
}
`,
    good: `#[test]
#[should_panic(expected = "cart is empty")]
fn rejects_empty_cart() {
    Cart::default().checkout();
}
`,
    path: 'tests/cart.rs',
    anchor: 'clippy::should_panic_without_expect',
  },
  messages: {
    bare: 'test `{{name}}` has `#[should_panic]` without `expected = "..."`, so it passes on any panic, including an unrelated `unwrap()`',
  },
  help: 'Add the part of the panic message the test is about: `#[should_panic(expected = "cart is empty")]`.',
  create(ctx) {
    return {
      function_item(fn) {
        // `#[cfg(not(test))]`: the fn is not in the test build, so it never runs as a test.
        if (compiledOutOfTests(fn)) return;
        for (const attr of attributesOf(fn)) {
          if (attributePath(attr) !== 'should_panic') continue;
          // `#[should_panic(expected = "..")]`, or the short form `#[should_panic = ".."]`.
          const inner = attr.namedChildren.find((c) => c.type === 'attribute');
          if (/\bexpected\b/.test(attr.text) || inner?.childForFieldName('value')) continue;
          // The placeholder is for the user to fill in with the panic message the test is about.
          const line = ctx.lines[attr.startPosition.row] ?? '';
          const suggestion = /^\s*#\[should_panic\]\s*$/.test(line) ? line.replace('#[should_panic]', '#[should_panic(expected = "..")]') : undefined;
          ctx.report({ node: attr, messageId: 'bare', data: { name: fnName(fn) }, ...(suggestion ? { suggestion, suggestionNeedsEdit: true } : {}) });
        }
      },
    };
  },
});
