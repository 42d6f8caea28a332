import { attributePath, fnName, isAsyncFn } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { isAsyncOnlyRuntime, testAttrKind, testAttributes } from '../../model/test-attributes.js';

export default defineRule({
  id: 'tests/async-test-attr',
  role: 'tests',
  category: 'correctness',
  // Every test attribute path (`test`, `tokio::test`, `rstest`, `test_case`, ..) or the `use` it resolves through says `test`.
  requires: /test/,
  docs: {
    summary: '`#[test]` on an `async fn` (no runtime drives it), or a runtime test attribute such as `#[tokio::test]` on a plain `fn`.',
    why: 'libtest cannot run a future: `#[test] async fn` is rejected ("async functions cannot be used for tests"), and `#[tokio::test]` on a sync fn is an error too. The test the PR adds never runs until this is fixed.',
    bad: `#[cfg(test)]
mod tests {
    #[test]
    async fn price_for_org_reads_subscription() {
        let breakdown = price_for_org(&pool().await, ORG).await.unwrap();
        assert_eq!(breakdown.seats, 120);
    }
}
`,
    good: `#[cfg(test)]
mod tests {
    #[sqlx::test(fixtures("subscriptions"))]
    async fn price_for_org_reads_subscription(pool: PgPool) {
        let breakdown = price_for_org(&pool, ORG).await.unwrap();
        assert_eq!(breakdown.seats, 120);
    }
}
`,
    path: 'src/services/pricing.rs',
    anchor: 'rustc: "async functions cannot be used for tests"; tokio::test docs',
  },
  messages: {
    plainOnAsync: '`#[{{attr}}]` on `async fn {{name}}`: libtest cannot drive a future, so this test does not compile and never runs',
    runtimeOnSync: '`#[{{attr}}]` on `fn {{name}}`, which is not `async`: the runtime attribute needs an `async fn`',
  },
  help: 'Use a runtime test attribute on the `async fn`: `#[tokio::test]`, `#[sqlx::test]` (an isolated database per test), or `#[actix_web::test]`; or drop `async` and keep `#[test]`.',
  create(ctx) {
    return {
      function_item(fn) {
        const attrs = testAttributes(fn, ctx.imports);
        if (!attrs.length) return;
        const kinds = attrs.map((a) => testAttrKind(a, ctx.imports));
        const name = fnName(fn);
        if (isAsyncFn(fn)) {
          if (kinds.includes('runtime')) return;
          // `#[rstest] async fn` runs on rstest's default runtime; `#[test_case]` emits a plain `#[test]`.
          const culprit = attrs.find((a) => testAttrKind(a, ctx.imports) === 'plain' || /(^|::)test_case$/.test(attributePath(a)));
          if (!culprit) return;
          const line = ctx.lines[culprit.startPosition.row] ?? '';
          const suggestion = /^\s*#\[test\]\s*$/.test(line) && /\btokio::/.test(ctx.source) ? line.replace('#[test]', '#[tokio::test]') : undefined;
          ctx.report({ node: culprit, messageId: 'plainOnAsync', data: { attr: attributePath(culprit), name }, suggestion });
          return;
        }
        const asyncOnly = attrs.find((a) => isAsyncOnlyRuntime(a, ctx.imports));
        if (asyncOnly) ctx.report({ node: asyncOnly, messageId: 'runtimeOnSync', data: { attr: attributePath(asyncOnly), name } });
      },
    };
  },
});
