/**
 * Suppression as Rust developers write it (issue 15 item 6):
 * - `// rust-review: allow(<rule-id>[, <rule-id>]) <reason>` on the line, the line above, or above the
 *   enclosing item (`--` in SQL);
 * - for rules that mirror a clippy lint, `#[allow(clippy::<lint>)]` / `#[expect(..)]` on anything
 *   that encloses the finding: an item, a statement (`let`), a parameter, a field, a match arm, an
 *   expression, a module or fn body (`#![allow]` inner attributes), the file (`#![allow]` at the
 *   top). The innermost attribute naming the lint decides, as in rustc; an `#[expect]` that
 *   suppresses a finding is *fulfilled* (see `unfulfilledExpectations`).
 * Crate-wide allows (Cargo.toml `[lints.clippy]`, the crate root's `#![allow]`) are applied to the
 * whole review in crate-lints.ts.
 */
import type { Node } from '../rust/parser.js';
import { enclosingItems, lineOf } from '../rust/syntax.js';
import type { MessageSpec, Rule } from '../rules/define-rule.js';

const ALLOW_COMMENT = /rust-review:\s*allow\(([^)]*)\)/;

/**
 * The clippy lints a rule mirrors: for one of its messages (a shape it reports), the lints covering
 * that shape (the message's own `clippyLints`, else the rule's); without one, every lint the rule
 * mirrors for any shape (which lints a file's `#[expect]`s are checked against).
 */
export function mirroredLints(rule: Pick<Rule, 'clippyLint' | 'clippyLints' | 'messages'>, messageId?: string): readonly string[] {
  const own = (spec: MessageSpec | undefined) => (typeof spec === 'object' ? spec.clippyLints : undefined);
  const ruleLints = rule.clippyLint ? [rule.clippyLint, ...(rule.clippyLints ?? [])] : (rule.clippyLints ?? []);
  if (messageId !== undefined) return own(rule.messages[messageId]) ?? ruleLints;
  const all = new Set(ruleLints);
  for (const spec of Object.values(rule.messages)) for (const l of own(spec) ?? []) all.add(l);
  return [...all];
}

/** One `#[allow(clippy::..)]` / `#[expect(clippy::..)]` attribute. */
export interface LintAttribute {
  node: Node;
  level: 'allow' | 'expect';
  lints: string[];
}

/** The level and clippy lints of an attribute node (outer or inner), or null. */
export function lintAttribute(attr: Node): LintAttribute | null {
  const m = /^#!?\[\s*(allow|expect)\s*\(/.exec(attr.text);
  if (!m) return null;
  const lints = [...attr.text.matchAll(/clippy::(\w+)/g)].map((x) => x[1]!);
  return lints.length ? { node: attr, level: m[1] as 'allow' | 'expect', lints } : null;
}

const OWNS_ATTRIBUTES = new Set(['match_arm']);
const SKIPPED = new Set(['line_comment', 'block_comment']);

/** The attributes that apply to `node`: outer ones right before it, its own, and inner ones in it. */
function attributesApplyingTo(node: Node): Node[] {
  const out: Node[] = [];
  for (let s = node.previousSibling; s; s = s.previousSibling) {
    if (s.type === 'attribute_item') out.push(s);
    else if (!SKIPPED.has(s.type)) break;
  }
  // Inner attributes (`#![allow]`) apply to the module, fn body or file that holds them; a match
  // arm holds its own outer attributes. In other nodes an `attribute_item` child belongs to a sibling.
  for (const c of node.children) if (c.type === 'inner_attribute_item' || (c.type === 'attribute_item' && OWNS_ATTRIBUTES.has(node.type))) out.push(c);
  return out;
}

export class Suppressions {
  private readonly allowed = new Map<number, string[]>();
  /** `#[expect(clippy::..)]` attributes that suppressed a finding. */
  private readonly fulfilled = new Set<Node>();

  constructor(
    private readonly lines: readonly string[],
    private readonly root?: Node,
  ) {
    lines.forEach((text, i) => {
      const m = ALLOW_COMMENT.exec(text);
      if (m && /\/\/|\/\*|--|#/.test(text.slice(0, m.index))) {
        this.allowed.set(i + 1, m[1]!.split(',').map((s) => s.trim()).filter(Boolean));
      }
    });
  }

  private allowsAt(line: number, ruleId: string): boolean {
    return (this.allowed.get(line) ?? []).some((pattern) => matchesRule(pattern, ruleId));
  }

  /** Comment block directly above `line` (comments and attributes), nearest first. */
  private allowedAbove(line: number, ruleId: string): boolean {
    for (let l = line - 1; l >= 1; l--) {
      const text = this.lines[l - 1]!.trim();
      if (this.allowsAt(l, ruleId)) return true;
      if (!(text.startsWith('//') || text.startsWith('#[') || text.startsWith('/*') || text.startsWith('*') || text.startsWith('--'))) return false;
    }
    return false;
  }

  /** The innermost `#[allow]` / `#[expect]` naming one of `lints` that encloses `node`. */
  private clippyAttributeOver(node: Node, lints: readonly string[]): LintAttribute | null {
    for (let n: Node | null = node; n; n = n.parent) {
      for (const a of attributesApplyingTo(n)) {
        const attr = lintAttribute(a);
        if (attr && attr.lints.some((l) => lints.includes(l))) return attr;
      }
    }
    return null;
  }

  /** Whether a finding of `ruleId` at `line` (about `node`, when known) is suppressed. */
  isSuppressed(ruleId: string, line: number, node?: Node, clippyLints: readonly string[] = []): boolean {
    if (this.allowsAt(line, ruleId) || this.allowedAbove(line, ruleId)) return true;
    const at = node ?? this.root;
    if (clippyLints.length && at) {
      const attr = this.clippyAttributeOver(at, clippyLints);
      if (attr) {
        if (attr.level === 'expect') this.fulfilled.add(attr.node);
        return true;
      }
    }
    if (!node) return false;
    for (const item of enclosingItems(node)) {
      const attrs = attributesApplyingTo(item).filter((a) => a.type === 'attribute_item');
      const top = attrs.length ? Math.min(...attrs.map(lineOf)) : lineOf(item);
      if (this.allowsAt(top, ruleId) || this.allowedAbove(top, ruleId)) return true;
    }
    return false;
  }

  /**
   * `#[expect(clippy::<lint>)]` attributes of the file that suppressed no finding, for the lints in
   * `checked` (those whose mirrored rule ran on the file), as rustc's `unfulfilled_lint_expectations`.
   */
  unfulfilledExpectations(checked: ReadonlySet<string>): { node: Node; lint: string }[] {
    if (!this.root) return [];
    const out: { node: Node; lint: string }[] = [];
    for (const a of this.root.descendantsOfType(['attribute_item', 'inner_attribute_item'])) {
      if (this.fulfilled.has(a)) continue;
      const attr = lintAttribute(a);
      const lint = attr?.level === 'expect' ? attr.lints.find((l) => checked.has(l)) : undefined;
      if (lint) out.push({ node: a, lint });
    }
    return out;
  }
}

function matchesRule(pattern: string, ruleId: string): boolean {
  // No blanket allow (`all`, `*`, empty): a suppression names the rule (or its role, `async/*`).
  if (pattern === ruleId) return true;
  return pattern.endsWith('/*') && ruleId.startsWith(pattern.slice(0, -1));
}
