/**
 * The engine judges this rule (src/rules/engine.ts, `reportUnfulfilledExpectations`): it needs the
 * findings of the other rules, which no rule sees. This file holds its metadata, messages and docs.
 */
import { defineRule } from '../define-rule.js';

export default defineRule({
  id: 'architecture/unfulfilled-lint-expectation',
  role: 'architecture',
  category: 'style',
  docs: {
    summary: 'An `#[expect(clippy::<lint>)]` under which the rule mirroring that lint finds nothing, as rustc reports `unfulfilled_lint_expectations`.',
    why: "`#[expect]` documents that the code does something a lint objects to; once the code changes and the lint no longer fires, the attribute is a stale claim (rustc warns about it when clippy runs). The finding names the rule that judged the code, so a team that does not run clippy still hears that the exception can go. Only lints whose mirrored rule is enabled are judged, and only in files that rule read.",
    bad: `pub fn normalize_email(#[expect(clippy::ptr_arg)] email: &str) -> String {
    email.trim().to_lowercase()
}
`,
    good: `pub fn normalize_email(#[expect(clippy::ptr_arg)] email: &String) -> String {
    email.trim().to_lowercase()
}
`,
    withRules: ['ownership/ptr-arg'],
    anchor: 'rustc lint `unfulfilled_lint_expectations`; RFC 2383 (`#[expect]`)',
  },
  messages: {
    unfulfilled: 'this `#[expect(clippy::{{lint}})]` expects a lint that does not fire here: `{{rule}}`, which mirrors it, finds nothing under it',
  },
  help: 'Remove the attribute (or the lint from it) if the code no longer does what the lint objects to.',
  create() {
    return {};
  },
});
