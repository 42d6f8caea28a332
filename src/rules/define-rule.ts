/**
 * A rule is metadata plus one function. `create(ctx)` returns visitors keyed by tree-sitter node kind
 * (file rules); `check(ctx)` looks at the whole change set (change rules). Rules never see GitHub,
 * the diff or the clock, and never pick a severity: the category does, and config may override it.
 */
import type { Node } from '../rust/parser.js';
import type { Role, Severity } from '../review/finding.js';
import type { ImportMap } from '../rust/imports.js';
import type { CrateModel, FileModel } from '../model/index.js';

export type Category = 'correctness' | 'security' | 'suspicious' | 'perf' | 'style';

export const CATEGORY_SEVERITY: Record<Category, Severity> = {
  correctness: 'error',
  security: 'error',
  suspicious: 'warning',
  perf: 'warning',
  style: 'info',
};

export interface RuleDocs {
  /** One sentence: what the rule finds. */
  summary: string;
  /** Why a Rust backend team cares. */
  why: string;
  /** A snippet that must produce a finding (it is a test). */
  bad: string;
  /** The fixed snippet that must produce none (it is a test). */
  good: string;
  /** Other rules enabled with this one when the examples are tested (a rule that judges their findings). */
  withRules?: readonly string[];
  /** File path the examples are analysed as (default `src/handlers.rs`). */
  path?: string;
  /** Public reference: clippy lint, squawk rule, library docs. */
  anchor?: string;
  /**
   * For change rules whose examples need more than one added file (a base version, other files of
   * the repository): the change sets the `bad` / `good` examples are tested with.
   */
  fixtures?: { bad: DocFixture; good: DocFixture };
}

/** A small change set: per path its base and/or head text; `unchanged` files exist in both trees. */
export interface DocFixture {
  files: Record<string, { base?: string; head?: string }>;
  unchanged?: Record<string, string>;
}

/**
 * A message template with `{{name}}` placeholders, or the template with what differs from the rule for
 * that shape: its category, and the clippy lints that cover that shape when a rule reports several
 * (`clippyLints: []` when none does: an `#[allow]` of the rule's lint then leaves that shape
 * reported, as clippy would report it).
 */
export type MessageSpec = string | { text: string; category?: Category; clippyLints?: readonly string[] };

export interface Report<M extends string = string> {
  /** The node the finding is about; gives line/column and the code snippet. */
  node?: Node;
  /** Explicit 1-based line (with `node` absent), e.g. for Cargo.toml or SQL. */
  line?: number;
  endLine?: number;
  /** The path, for change rules that report on several files. */
  path?: string;
  /** A key of the rule's `messages` (a typo fails to compile). */
  messageId: M;
  data?: Record<string, string | number>;
  /** Overrides the rule's default help for this finding. */
  help?: string;
  suggestion?: string;
  /** The suggestion has a placeholder to fill in (see Finding.suggestionNeedsEdit). */
  suggestionNeedsEdit?: boolean;
  /** Code used for the fingerprint when there is no node. */
  snippet?: string;
  /**
   * Other places the defect shows (where a guard is awaited, where a transaction was begun), in order
   * of preference: the finding moves to the first one the change touched when its own line is not.
   */
  also?: Node[];
  /**
   * The root cause this finding shares with others of the rule (see Finding.rootCause): a node (the
   * test fn, the construction; of the reported file) or a key of the rule's own (a change rule's
   * client in another file, a sweep over many files).
   */
  rootCause?: Node | string;
}

export type Visitors = Partial<Record<string, (node: Node) => void>> & { end?: () => void };

export interface FileContext<M extends string = string> {
  readonly path: string;
  readonly source: string;
  readonly lines: readonly string[];
  readonly root: Node;
  readonly imports: ImportMap;
  readonly options: Record<string, unknown>;
  /** All paths in the head tree (for "is there a tests/ folder", "is this a library crate"). */
  readonly project: ProjectView;
  report(report: Report<M>): void;
  /** Re-parses a function-like macro's arguments at their original positions (cached per invocation). */
  reparseMacro(invocation: Node): Node[];
  /** Whether a node is in test code (cfg(test) module, test fn, tests/ path). */
  isTest(node: Node): boolean;
  /** The model of the crate as seen from this file (built on first use): resolution, summaries, where code runs. */
  readonly model: FileModel;
}

export interface ProjectView {
  /** Every file path of the head tree (repo-relative). May be empty when unknown. */
  readonly paths: readonly string[];
  hasPath(path: string): boolean;
  /** The model of the crate built from every Rust file the review read (absent: each file is modelled alone). */
  readonly model?: CrateModel;
}

export type FileStatus = 'added' | 'modified' | 'removed' | 'renamed';

export interface ChangedFileView {
  readonly path: string;
  readonly previousPath?: string;
  readonly status: FileStatus;
  /** Head-side line numbers that the change added (for "was this function touched"). */
  readonly addedLines: ReadonlySet<number>;
}

export interface ChangeContext<M extends string = string> {
  readonly files: readonly ChangedFileView[];
  readonly project: ProjectView;
  /**
   * A whole-tree review (`review --all`): every file is listed as added because there is no base,
   * not because the change wrote it. Rules about what a change adds ("a new handler without a
   * test") leave per-place comments to real changes and count in the summary instead.
   */
  readonly wholeTree?: boolean;
  readonly options: Record<string, unknown>;
  /** Head content of any path in the head tree (undefined when absent or skipped). */
  readHead(path: string): Promise<string | undefined>;
  /** Base content of any path in the base tree. */
  readBase(path: string): Promise<string | undefined>;
  /** Parses Rust source into a plain-JavaScript tree. */
  parse(source: string): Node;
  report(report: Report<M> & { path: string }): void;
}

interface RuleBase<M extends string = string> {
  id: string;
  role: Role;
  category: Category;
  docs: RuleDocs;
  messages: Record<M, MessageSpec>;
  /** Default help for every finding of the rule. */
  help?: string;
  /**
   * The clippy lint this rule mirrors: `#[allow(clippy::<lint>)]` / `#[expect(..)]` on anything
   * enclosing a finding, the crate root's `#![allow]` and Cargo.toml's `[lints.clippy]` suppress it.
   */
  clippyLint?: string;
  /** Further clippy lints the rule mirrors (each suppresses it as `clippyLint` does). */
  clippyLints?: readonly string[];
  /** Default options, overridable in config (snake_case keys, each described in `optionDocs`). */
  options?: Record<string, unknown>;
  /** What each option means: the JSON Schema and the docs show it (test/config/schema.test.ts). */
  optionDocs?: Record<string, string>;
  /** Former option names still accepted with a deprecation note: old name -> new name. */
  renamedOptions?: Record<string, string>;
  /** Off unless enabled in config. */
  defaultOff?: boolean;
  /**
   * More specific rules that own some of this rule's findings: when one of them reports the same
   * line, this rule's finding is dropped (one comment per defect, from the right specialist).
   */
  yieldsTo?: string[];
}

export interface FileRule<M extends string = string> extends RuleBase<M> {
  scope: 'file';
  /**
   * Text every file the rule can report on contains (the API it looks for, a keyword): the engine
   * does not run the rule on other files. It must be a necessary condition, found in the source as
   * written (a `use .. as` alias still names the original in the file); under tests the rule runs
   * everywhere and a finding on a file the pattern rules out is a rule error. Every file pays for the
   * test: a long case-insensitive alternation that most files match costs more than it saves.
   */
  requires?: RegExp;
  /** Which files it runs on; default Rust sources (`.rs`). */
  create(ctx: FileContext<M>): Visitors;
}

export interface ChangeRule<M extends string = string> extends RuleBase<M> {
  scope: 'change';
  check(ctx: ChangeContext<M>): void | Promise<void>;
}

export type Rule = FileRule | ChangeRule;

type WithoutScope<T> = Omit<T, 'scope'>;

/**
 * `M` is inferred from `messages`: `ctx.report({ messageId })` with an id the rule does not declare
 * fails to compile.
 */
export function defineRule<M extends string>(rule: WithoutScope<FileRule<M>>): FileRule<M>;
export function defineRule<M extends string>(rule: WithoutScope<ChangeRule<M>>): ChangeRule<M>;
export function defineRule(rule: WithoutScope<FileRule> | WithoutScope<ChangeRule>): Rule {
  const scope = 'create' in rule ? 'file' : 'change';
  // A global or sticky pattern keeps state between test() calls and would skip files at random.
  if ('requires' in rule && rule.requires && (rule.requires.global || rule.requires.sticky)) throw new Error(`rule ${rule.id}: \`requires\` must not have the g or y flag`);
  return Object.freeze({ ...rule, scope }) as Rule;
}

export function messageText(spec: MessageSpec): string {
  return typeof spec === 'string' ? spec : spec.text;
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  const fill = (t: string) => t.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => (key in data ? String(data[key]) : `{{${key}}}`));
  // A value from the code inside a template's `code span` may hold backticks itself (a string
  // literal): the span gets a longer fence, so the message stays one span (CommonMark code spans).
  return template.replace(/`([^`]*)`|[^`]+|`/g, (whole, code: string | undefined) => {
    if (code === undefined) return fill(whole);
    const value = fill(code);
    if (!value.includes('`')) return `\`${value}\``;
    const fence = '`'.repeat(Math.max(...value.match(/`+/g)!.map((r) => r.length)) + 1);
    return `${fence} ${value} ${fence}`;
  });
}
