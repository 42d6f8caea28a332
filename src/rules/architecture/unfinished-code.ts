import type { Node } from '../../rust/parser.js';
import { macroName } from '../../rust/macros.js';
import { calleeText, closest, fnName } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';

/** Placeholder and debugging macros that must not ship. */
const LEFTOVER_MACRO: Record<string, 'placeholder' | 'dbg'> = { todo: 'placeholder', unimplemented: 'placeholder', dbg: 'dbg' };

function fnLabel(node: Node): string {
  const fn = closest(node, 'function_item');
  return fn ? `\`${fnName(fn)}\`` : 'this item';
}

export default defineRule({
  id: 'architecture/unfinished-code',
  role: 'architecture',
  category: 'suspicious',
  docs: {
    summary: '`todo!`, `unimplemented!` or `dbg!` left in production code; `std::process::exit` on a request path.',
    why: '`todo!` and `unimplemented!` panic when the branch is reached: a request that hits the unfinished path gets a 500, a background job dies, a service loop of `main` ends the program. A warning where a request, a background job or such a loop reaches the code; a note where only start-up or a command reaches it, or where nothing in the change is seen calling it (a skeleton, a trait method no caller uses yet): the panic is then a reminder, not a failure anyone meets. `dbg!` writes to stderr on every call. `process::exit` reached from a request handler lets one request end the service: it skips destructors, buffered log flushing and graceful shutdown of the other in-flight requests.',
    bad: `pub async fn cancel(Path(id): Path<u64>, State(db): State<Db>) -> Result<(), ApiError> {
    let order = db.order(id).await?;
    match order.status {
        Status::Pending => cancel_pending(order).await,
        Status::Shipped => todo!("return flow"),
    }
}
`,
    good: `pub async fn cancel(Path(id): Path<u64>, State(db): State<Db>) -> Result<(), ApiError> {
    let order = db.order(id).await?;
    match order.status {
        Status::Pending => cancel_pending(order).await,
        Status::Shipped => Err(ApiError::Conflict("shipped orders cannot be cancelled yet".into())),
    }
}
`,
    anchor: 'clippy::todo, clippy::unimplemented, clippy::dbg_macro, clippy::exit',
  },
  messages: {
    placeholder: '`{{macro}}!` in {{fn}} panics when this path is reached{{consequence}}',
    // Code only start-up or a tool's command reaches: a note to finish it, not a failure a request or a job meets.
    placeholderUnreached: { text: '`{{macro}}!` in {{fn}}: nothing that serves requests or runs as a background job reaches it{{where}}; it panics once something does', category: 'style' },
    // Code no request, job or start-up path is seen to reach (a skeleton, a trait method dispatch calls, a library's API): claim no consequence.
    placeholderUnplaced: { text: '`{{macro}}!` in {{fn}} panics once something calls it; no request handler, background job or start-up code is seen reaching it yet', category: 'style' },
    dbg: '`dbg!` left in {{fn}}: it prints to stderr on every call and is a debugging leftover',
    exit: '`{{call}}` in {{fn}} ends the whole process from a request path: one request stops the service, skipping destructors, log flushing and graceful shutdown',
  },
  help: 'Return an explicit error (e.g. a 409 / 501 variant of your error type) until the path exists; remove debugging output; let `main` decide when to exit.',
  create(ctx) {
    function onLeftover(node: Node, written: string): void {
      const name = written.replace(/^(::)?(std|core)::/, '');
      const kind = Object.hasOwn(LEFTOVER_MACRO, name) ? LEFTOVER_MACRO[name] : undefined;
      if (!kind || ctx.isTest(node) || ctx.model.onlyInTests(node)) return;
      if (kind === 'dbg') {
        ctx.report({ node, messageId: kind, data: { fn: fnLabel(node) } });
        return;
      }
      // Say what the panic does where the model places the code, and from where it is reached: a
      // warning only where a request or a running job can meet it.
      const where = ctx.model.executionContext(node);
      const from = ctx.model.reachedFrom(node);
      const outer = closest(node, 'function_item');
      const named = from && (!outer || from !== fnName(outer)) ? from : undefined;
      if (where === 'request' || where === 'background') {
        // Background code outside any spawned task is a service loop on the entry's own task: its panic ends the program.
        const consequence =
          where === 'request'
            ? `: a request that reaches it${named ? ` (through \`${named}\`)` : ''} gets a 500 and the worker logs a panic`
            : ctx.model.inSpawnedTask(node)
              ? `: the background task${named ? ` started in \`${named}\`` : ''} dies with it`
              : `: it runs in a loop on the program's own task, not in a spawned one, so the whole program stops with it`;
        ctx.report({ node, messageId: 'placeholder', data: { macro: name, fn: fnLabel(node), consequence } });
        return;
      }
      if (where === 'startup') {
        ctx.report({ node, messageId: 'placeholderUnreached', data: { macro: name, fn: fnLabel(node), where: ' (only start-up or a command runs this code)' } });
        return;
      }
      // Where the model cannot place the code (a library's API, a fn only another crate or a trait's dispatch calls,
      // a skeleton nothing calls yet): a note that claims no context.
      ctx.report({ node, messageId: 'placeholderUnplaced', data: { macro: name, fn: fnLabel(node) } });
    }
    return {
      macro_invocation(node) {
        onLeftover(node, macroName(node));
      },
      // `dbg!` in the raw tokens of an unknown macro's arguments or of a `macro_rules!` body (known
      // macros' arguments are parsed as code and met above): `wrap!(dbg!(x))` prints whatever the macro
      // does with it. Not `todo!` / `unimplemented!`: in a `mock! { .. }` or a trait-stub macro they are
      // bodies the macro never runs, and an unknown macro must not make this rule more certain.
      // Direct children only: nested token trees are visited themselves.
      token_tree(tt) {
        const children = tt.children;
        for (let i = 0; i + 2 < children.length; i++) {
          const name = children[i]!;
          if (name.type !== 'identifier' || LEFTOVER_MACRO[name.text] !== 'dbg' || children[i + 1]!.text !== '!' || children[i + 2]!.type !== 'token_tree') continue;
          if (children[i - 1]?.text !== '::' || /^(std|core)$/.test(children[i - 2]?.text ?? '')) onLeftover(name, name.text);
        }
      },
      call_expression(node) {
        const written = calleeText(node);
        if (!/(^|::)exit$/.test(written) || !ctx.imports.mayName(written, 'std::process::exit')) return;
        if (ctx.isTest(node)) return;
        // Ending the process is a decision about the whole program: fail-fast at start-up, a command-line
        // tool's exit code, a fatal background condition, a runtime's own entry are deliberate. Where one
        // request can end the service for every other (a handler, what it calls) it is not.
        if (ctx.model.executionContext(node) !== 'request') return;
        ctx.report({ node, messageId: 'exit', data: { call: written, fn: fnLabel(node) } });
      },
    };
  },
});
