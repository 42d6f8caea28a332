import type { Node } from '../../rust/parser.js';
import { attributePath, attributesOf, fnName, lineOf } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { fnKey } from '../../model/fn-keys.js';
import { ChangeSources } from './support/sources.js';
import { testFunctions } from '../../model/test-attributes.js';

interface Ignore {
  attr: Node;
  reason: boolean;
}

/** `#[ignore]`, `#[ignore = "why"]`, or `#[cfg_attr(cond, ignore)]` on a test. */
function ignoreOf(fn: Node): Ignore | null {
  for (const attr of attributesOf(fn)) {
    const inner = attr.namedChildren.find((c) => c.type === 'attribute');
    const path = attributePath(attr);
    if (path === 'ignore') return { attr, reason: !!inner?.childForFieldName('value') };
    if (path === 'cfg_attr') {
      const text = inner?.childForFieldName('arguments')?.text ?? '';
      const m = /,\s*ignore\b(\s*=\s*")?/.exec(text);
      if (m) return { attr, reason: !!m[1] };
    }
  }
  return null;
}

/** CI runs ignored tests on purpose (`cargo test -- --ignored`): ignoring one with a reason moves it to that job. */
async function ciRunsIgnored(ctx: { project: { paths: readonly string[] }; readHead(p: string): Promise<string | undefined> }): Promise<boolean> {
  const workflows = ctx.project.paths.filter((p) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p)).slice(0, 5);
  for (const p of workflows) if (/--(include-)?ignored\b/.test((await ctx.readHead(p)) ?? '')) return true;
  return false;
}

export default defineRule({
  id: 'tests/ignored-test',
  role: 'tests',
  category: 'suspicious',
  clippyLint: 'ignore_without_reason',
  docs: {
    summary: '`#[ignore]` added to an existing test in this PR, or `#[ignore]` with no reason string.',
    why: 'An ignored test stops running in CI without anyone noticing; switching one off in the PR that changes the code it checks hides exactly the regression the test was written for. A reason (`#[ignore = "needs docker; run with --ignored"]`) tells the next reader whether and how to run it.',
    bad: `#[test]
#[ignore]
fn duplicate_event_is_processed_once() {
    let ledger = Ledger::default();
    ledger.apply(&EVENT);
    ledger.apply(&EVENT);
    assert_eq!(ledger.payments(), 1);
}
`,
    good: `#[test]
fn duplicate_event_is_processed_once() {
    let ledger = Ledger::default();
    ledger.apply(&EVENT);
    ledger.apply(&EVENT);
    assert_eq!(ledger.payments(), 1);
}
`,
    path: 'tests/webhooks.rs',
    anchor: 'clippy::ignore_without_reason; the Rust Reference, "The ignore attribute"',
  },
  messages: {
    newlyIgnored: 'existing test `{{name}}` is switched off with `#[ignore]` in this PR{{reason}}, so CI stops checking it',
    noReason: { text: 'test `{{name}}` is `#[ignore]`d without a reason', category: 'style' },
  },
  help: 'Fix the test (or the code) instead of ignoring it; if it must stay off, say why and where it runs: `#[ignore = "flaky on CI, see #123"]`.',
  async check(ctx) {
    const sources = await ChangeSources.open(ctx);
    let ciIgnored: Promise<boolean> | undefined;
    for (const file of sources.changedRust()) {
      if (!file.addedLines.size) continue;
      const head = await sources.headOnce(file.path);
      if (!head) continue;
      const added = testFunctions(head.root, head.imports)
        .map((fn) => ({ fn, ignore: ignoreOf(fn) }))
        .filter((t): t is { fn: Node; ignore: Ignore } => !!t.ignore && file.addedLines.has(lineOf(t.ignore.attr)));
      if (!added.length) continue;
      const base = await sources.baseOf(file);
      const baseTests = new Map(base ? testFunctions(base.root, base.imports).map((fn) => [fnKey(fn), fn]) : []);
      for (const { fn, ignore } of added) {
        const before = baseTests.get(fnKey(fn));
        const name = fnName(fn);
        if (before && !ignoreOf(before)) {
          // A reasoned ignore that moves a slow test to a CI job running `--ignored` is a choice, not a loss.
          if (ignore.reason && (await (ciIgnored ??= ciRunsIgnored(ctx)))) continue;
          ctx.report({ path: file.path, node: ignore.attr, messageId: 'newlyIgnored', data: { name, reason: ignore.reason ? '' : ' with no reason' } });
        } else if (!ignore.reason) {
          ctx.report({ path: file.path, node: ignore.attr, messageId: 'noReason', data: { name } });
        }
      }
    }
  },
});
