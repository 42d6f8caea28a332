/**
 * `// rust-review: allow(<rule-id>[, <rule-id>]) <reason>` on the line, the line above, or above the
 * enclosing item; `#[allow(clippy::<lint>)]` / `#[expect(..)]` for rules that mirror that lint.
 */
import type { Node } from '../rust/parser.js';
import { attributeText, attributesOf, enclosingItems, lineOf } from '../rust/syntax.js';

const ALLOW_COMMENT = /rust-review:\s*allow\(([^)]*)\)/;

export class Suppressions {
  private readonly allowed = new Map<number, string[]>();
  private readonly fileClippy: string[] = [];

  constructor(private readonly lines: readonly string[], root?: Node) {
    lines.forEach((text, i) => {
      const m = ALLOW_COMMENT.exec(text);
      if (m && /\/\/|\/\*|--|#/.test(text.slice(0, m.index))) {
        this.allowed.set(i + 1, m[1]!.split(',').map((s) => s.trim()).filter(Boolean));
      }
    });
    if (root) {
      for (const c of root.namedChildren) {
        if (c.type === 'inner_attribute_item') this.fileClippy.push(...clippyLints(c.text));
      }
    }
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

  /** Whether a finding of `ruleId` at `line` (about `node`, when known) is suppressed. */
  isSuppressed(ruleId: string, line: number, node?: Node, clippyLint?: string): boolean {
    if (this.allowsAt(line, ruleId) || this.allowedAbove(line, ruleId)) return true;
    if (clippyLint && this.fileClippy.includes(clippyLint)) return true;
    if (!node) return false;
    for (const item of enclosingItems(node)) {
      const attrs = attributesOf(item);
      const top = attrs.length ? lineOf(attrs[0]!) : lineOf(item);
      if (this.allowsAt(top, ruleId) || this.allowedAbove(top, ruleId)) return true;
      if (clippyLint && attrs.some((a) => clippyLints(attributeText(a)).includes(clippyLint))) return true;
    }
    return false;
  }
}

function matchesRule(pattern: string, ruleId: string): boolean {
  if (pattern === ruleId || pattern === 'all' || pattern === '*') return true;
  return pattern.endsWith('/*') && ruleId.startsWith(pattern.slice(0, -1));
}

function clippyLints(attr: string): string[] {
  if (!/^#?!?\[?\s*(allow|expect)\s*\(/.test(attr.replace(/^#!?\[/, ''))) return [];
  return [...attr.matchAll(/clippy::(\w+)/g)].map((m) => m[1]!);
}
