/**
 * Runs rules: one tree walk per Rust file dispatching to every enabled rule's visitors, and the
 * change-scoped rules once over the whole change set. Produces findings as plain data.
 */
import { normaliseSnippet, type Finding, type Severity } from '../review/finding.js';
import { mirroredLints, Suppressions } from '../review/suppression.js';
import { ImportMap } from '../rust/imports.js';
import { attachModel, fileModelFor, modelOfTree, type CrateModel } from '../model/index.js';
import { scopeSignature } from '../model/executor.js';
import { reparseMacroArguments, reparsedArguments } from '../rust/macros.js';
import { parseRust, ParseTimeoutError, type Node, type Tree } from '../rust/parser.js';
import { endLineOf, isTestPath, lineOf } from '../rust/syntax.js';
import { layoutOf } from '../model/crate-layout.js';
import { inTestScope } from '../model/test-attributes.js';
import {
  CATEGORY_SEVERITY,
  formatMessage,
  messageText,
  type ChangeContext,
  type ChangeRule,
  type FileContext,
  type FileRule,
  type ProjectView,
  type Report,
  type Rule,
} from './define-rule.js';

export interface RuleSetting {
  severity?: Severity;
  options?: Record<string, unknown>;
}

/** Enabled rules with their settings (from config). */
export type EnabledRules = ReadonlyMap<Rule, RuleSetting>;

export interface AnalysisOutput {
  findings: Finding[];
  suppressed: Finding[];
  /** A rule that threw: the review goes on without it. */
  ruleErrors: { ruleId: string; path: string; error: string }[];
  /**
   * Files not (fully) analysed, with the reason. `limit` says which bound stopped the analysis: such a
   * file was not (completely) reviewed and must not pass as if it had been.
   */
  skipped: { path: string; reason: string; limit?: 'time' | 'memory' | 'error' }[];
}

export const emptyOutput = (): AnalysisOutput => ({ findings: [], suppressed: [], ruleErrors: [], skipped: [] });

export function emptyProject(paths: readonly string[] = [], model?: CrateModel): ProjectView {
  const set = new Set(paths);
  return { paths, hasPath: (p) => set.has(p), ...(model ? { model } : {}) };
}

function severityOf(rule: Rule, setting: RuleSetting, messageId: string): Severity {
  const spec = rule.messages[messageId];
  const category = typeof spec === 'object' ? spec.category ?? rule.category : rule.category;
  return setting.severity ?? CATEGORY_SEVERITY[category];
}


function buildFinding(rule: Rule, setting: RuleSetting, path: string, lines: readonly string[], r: Report): Finding {
  const spec = rule.messages[r.messageId];
  if (spec === undefined) throw new Error(`rule ${rule.id} reported unknown message id "${r.messageId}"`);
  const line = r.node ? lineOf(r.node) : r.line ?? 1;
  const endLine = r.endLine ?? (r.node && r.node.endPosition.row + 1 > line && r.node.endPosition.row - r.node.startPosition.row < 8 ? endLineOf(r.node) : undefined);
  const finding: Finding = {
    ruleId: rule.id,
    role: rule.role,
    severity: severityOf(rule, setting, r.messageId),
    path,
    line,
    message: formatMessage(messageText(spec), r.data),
    source: 'rule',
    snippet: normaliseSnippet(r.snippet ?? lines[line - 1] ?? ''),
  };
  if (r.node) {
    finding.scope = scopeSignature(r.node);
    finding.column = r.node.startPosition.column + 1;
    if (!endLine) finding.endColumn = r.node.endPosition.row === r.node.startPosition.row ? r.node.endPosition.column + 1 : undefined;
  }
  if (endLine && endLine !== line) finding.endLine = endLine;
  // A shape covered by other clippy lints than the rule's: the crate-wide allows (review/crate-lints.ts) read them here.
  if (typeof spec === 'object' && spec.clippyLints) finding.mirrors = spec.clippyLints;
  const help = r.help ?? rule.help;
  if (help) finding.help = formatMessage(help, r.data);
  if (r.suggestion !== undefined) finding.suggestion = r.suggestion;
  if (r.suggestion !== undefined && r.suggestionNeedsEdit) finding.suggestionNeedsEdit = true;
  const also = [...new Set((r.also ?? []).map(lineOf))].filter((l) => l < line || l > (endLine ?? line));
  if (also.length) finding.alsoLines = also;
  if (r.rootCause !== undefined) finding.rootCause = typeof r.rootCause === 'string' ? r.rootCause : `${path}@${r.rootCause.startIndex}`;
  if (finding.endColumn === undefined) delete finding.endColumn;
  return finding;
}

export interface FileInput {
  path: string;
  source: string;
}

/**
 * Under tests (vitest.config.ts sets this), rules run on files their `requires` pattern rules out,
 * and a finding there is reported as a rule error: every rule test then checks the pattern.
 */
const CHECK_REQUIRES = process.env.RUST_REVIEW_CHECK_REQUIRES === '1';

const applies = (rule: FileRule, source: string): boolean => !rule.requires || rule.requires.test(source);

/**
 * One parse and one walk of a Rust file, every enabled file rule's visitors dispatched on the way.
 * `onTree` receives the tree (the review's other passes read it instead of parsing again); `parsed`
 * gives the tree when the review has it already (the crate model parsed the file).
 */
export function analyzeRustFile(file: FileInput, rules: EnabledRules, project: ProjectView, timeoutMs?: number, onTree?: (tree: Tree) => void, parsed?: () => Tree | undefined): AnalysisOutput {
  const out = emptyOutput();
  const fileRules = [...rules].filter((e): e is [FileRule, RuleSetting] => e[0].scope === 'file' && (CHECK_REQUIRES || applies(e[0], file.source)));
  if (!fileRules.length) return out;
  const deadline = timeoutMs ? performance.now() + timeoutMs : Infinity;
  let tree: Tree;
  try {
    tree = parsed?.() ?? parseRust(file.source, timeoutMs);
  } catch (e) {
    if (!(e instanceof ParseTimeoutError)) throw e;
    out.skipped.push({ path: file.path, reason: `not analysed: ${e.message} (\`limits.parse_timeout_ms\`)`, limit: 'time' });
    return out;
  }
  onTree?.(tree);
  const { dispatch, ends, suppressionsOf, failedRules } = createVisitors(file, tree, fileRules, project, out);
  // Visitors are dispatched over the tree's pre-order node list (see syntax-tree.ts), looked up by
  // type id. The clock is read every few hundred visits: per node it cost more than some rules.
  const byTypeId = new Array<Visitor[] | undefined>(tree.symbols.names.length);
  for (const [type, visitors] of dispatch) for (const id of tree.symbols.idsByName.get(type) ?? []) byTypeId[id] = visitors;
  // Indexed loops: this function is too large for V8 to optimise away for-of's iterator results.
  const nodes = tree.nodes;
  let visits = 0;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    const handlers = byTypeId[node.typeId];
    if (!handlers) continue;
    if (++visits % 256 === 0 && performance.now() > deadline) {
      out.skipped.push({ path: file.path, reason: `analysis stopped at line ${lineOf(node)}: over ${timeoutMs} ms (\`limits.parse_timeout_ms\`)`, limit: 'time' });
      break;
    }
    for (let k = 0; k < handlers.length; k++) {
      const h = handlers[k]!;
      if (!h.state.failed) runVisitor(h, node, file.path, out);
    }
  }
  for (const e of ends) if (!e.state.failed) runVisitor(e, undefined, file.path, out);
  reportUnfulfilledExpectations(file, fileRules, failedRules, suppressionsOf, out);
  return out;
}

export const UNFULFILLED_EXPECTATION = 'architecture/unfulfilled-lint-expectation';

/**
 * `#[expect(clippy::<lint>)]` that suppressed none of the findings of the enabled rule mirroring
 * `<lint>`, reported as rustc reports `unfulfilled_lint_expectations` (architecture/unfulfilled-lint-expectation).
 */
function reportUnfulfilledExpectations(file: FileInput, fileRules: [FileRule, RuleSetting][], failedRules: () => ReadonlySet<string>, suppressionsOf: () => Suppressions, out: AnalysisOutput): void {
  const entry = fileRules.find(([r]) => r.id === UNFULFILLED_EXPECTATION);
  if (!entry || !/\bexpect\s*\(/.test(file.source)) return;
  const failed = failedRules();
  const checked = new Set(fileRules.filter(([r]) => !failed.has(r.id) && r.id !== UNFULFILLED_EXPECTATION).flatMap(([r]) => mirroredLints(r)));
  if (!checked.size) return;
  const [rule, setting] = entry;
  const lines = file.source.split(/\r?\n/);
  for (const { node, lint } of suppressionsOf().unfulfilledExpectations(checked)) {
    const mirror = fileRules.find(([r]) => mirroredLints(r).includes(lint))![0];
    const f = buildFinding(rule, setting, file.path, lines, { node, messageId: 'unfulfilled', data: { lint, rule: mirror.id } });
    (suppressionsOf().isSuppressed(rule.id, f.line, node) ? out.suppressed : out.findings).push(f);
  }
}

/** A rule that throws is switched off for the rest of the file; the review goes on without it. */
interface Visitor {
  ruleId: string;
  state: { failed: boolean };
  fn: (n?: Node) => void;
}

function runVisitor(v: Visitor, node: Node | undefined, path: string, out: AnalysisOutput): void {
  try {
    v.fn(node);
  } catch (e) {
    v.state.failed = true;
    out.ruleErrors.push({ ruleId: v.ruleId, path, error: e instanceof Error ? e.message : String(e) });
  }
}

const mergedOptions = new WeakMap<Rule, WeakMap<RuleSetting, Readonly<Record<string, unknown>>>>();

/** A rule's defaults overridden by config, merged once per rule and setting rather than once per file. */
function optionsOf(rule: Rule, setting: RuleSetting): Readonly<Record<string, unknown>> {
  let bySetting = mergedOptions.get(rule);
  if (!bySetting) mergedOptions.set(rule, (bySetting = new WeakMap()));
  let options = bySetting.get(setting);
  if (!options) bySetting.set(setting, (options = Object.freeze({ ...rule.options, ...setting.options })));
  return options;
}

/** Each rule's context and visitors for one file, grouped by node type. */
function createVisitors(file: FileInput, tree: Tree, fileRules: [FileRule, RuleSetting][], project: ProjectView, out: AnalysisOutput) {
  const root = tree.rootNode;
  const imports = ImportMap.of(root);
  attachModel(tree, () => fileModelFor(tree, file.path, project.model));
  const lines = file.source.split(/\r?\n/);
  // Allow comments are looked for when a rule reports: most files get no finding.
  let suppressions: Suppressions | undefined;
  const suppressionsOf = (): Suppressions => (suppressions ??= new Suppressions(lines, root));
  const reparsed = new Map<number, Node[]>();
  const dispatch = new Map<string, Visitor[]>();
  const ends: Visitor[] = [];
  /** Rules that threw on this file (their visitors stop; their expectations are not judged). */
  const failed = new Set<string>();
  const states = new Map<string, { failed: boolean }>();
  const failedRules = (): ReadonlySet<string> => new Set([...failed, ...[...states].filter(([, st]) => st.failed).map(([id]) => id)]);
  // Shared by every rule's context: only `report` and `options` differ per rule.
  const reparseMacro = (invocation: Node): Node[] => {
    const cached = reparsed.get(invocation.id);
    if (cached) return cached;
    const result = reparseMacroArguments(file.source, invocation);
    const args = result ? reparsedArguments(result.call) : [];
    reparsed.set(invocation.id, args);
    return args;
  };
  // Rules ask this of most nodes they look at: the path half is answered once per file.
  // A test target declared elsewhere than `tests/`, and files test code mounts with `#[path]`, too (the model's layout).
  const testFile = isTestPath(file.path) || (!!project.model && layoutOf(project).isTestFile(file.path));
  const isTest = (node: Node): boolean => testFile || inTestScope(node);
  for (const [rule, setting] of fileRules) {
    const ruledOut = CHECK_REQUIRES && !applies(rule, file.source);
    const ctx: FileContext = {
      path: file.path,
      source: file.source,
      lines,
      root,
      imports,
      project,
      options: optionsOf(rule, setting),
      report(r) {
        const f = buildFinding(rule, setting, file.path, lines, r);
        if (ruledOut) {
          out.ruleErrors.push({ ruleId: rule.id, path: file.path, error: `reported line ${f.line} of a file its \`requires\` pattern ${rule.requires} rules out` });
          return;
        }
        (suppressionsOf().isSuppressed(rule.id, f.line, r.node, mirroredLints(rule, r.messageId)) ? out.suppressed : out.findings).push(f);
      },
      reparseMacro,
      isTest,
      get model() {
        return modelOfTree(tree)!;
      },
    };
    let visitors;
    try {
      visitors = rule.create(ctx);
    } catch (e) {
      out.ruleErrors.push({ ruleId: rule.id, path: file.path, error: String(e) });
      failed.add(rule.id);
      continue;
    }
    const state = { failed: false };
    states.set(rule.id, state);
    for (const [kind, fn] of Object.entries(visitors)) {
      if (!fn) continue;
      const visitor: Visitor = { ruleId: rule.id, state, fn: fn as (n?: Node) => void };
      if (kind === 'end') ends.push(visitor);
      else {
        const list = dispatch.get(kind);
        if (list) list.push(visitor);
        else dispatch.set(kind, [visitor]);
      }
    }
  }
  return { dispatch, ends, suppressionsOf, failedRules };
}

export interface ChangeInput {
  files: ChangeContext['files'];
  project: ProjectView;
  readHead: ChangeContext['readHead'];
  readBase: ChangeContext['readBase'];
  /** A whole-tree review (see ChangeContext.wholeTree). */
  wholeTree?: boolean;
  /** The review's parser (see `sharedParser`); each call parses afresh without it. */
  parse?: ChangeContext['parse'];
}

/**
 * The parser of a change's passes: the review's (see `sharedParser`), or a fresh parse per call for a
 * caller without one. Change rules get it as `ctx.parse`; the coverage table reads its trees with it too.
 */
export function changeParser(change: Pick<ChangeInput, 'parse'>): ChangeContext['parse'] {
  return change.parse ?? ((source: string) => parseRust(source).rootNode);
}

/** Runs every enabled change-scoped rule once over the whole change set. */
export async function runChangeRules(change: ChangeInput, rules: EnabledRules): Promise<AnalysisOutput> {
  const out = emptyOutput();
  // Per reported file: its lines and, for Rust, its text, whose tree finds the node on a reported line
  // so that allow comments and #[allow(clippy::..)] on the enclosing item apply to change-rule
  // findings as they do to file-rule ones. The tree is asked for when needed, not kept: a whole-tree
  // review reports in hundreds of files (the review's parser keeps recent trees; issue 17).
  const parse = changeParser(change);
  const reportedFiles = new Map<string, Promise<{ lines: string[]; suppressions: Suppressions; rust?: string }>>();
  const fileOf = (path: string) => {
    let p = reportedFiles.get(path);
    if (!p) {
      p = change.readHead(path).then((text) => {
        const lines = (text ?? '').split(/\r?\n/);
        // The suppressions' root is read only for a finding without a node, and every finding in a Rust file has one here.
        return { lines, suppressions: new Suppressions(lines), rust: text && path.endsWith('.rs') ? text : undefined };
      });
      reportedFiles.set(path, p);
    }
    return p;
  };
  for (const [rule, setting] of rules) {
    if (rule.scope !== 'change') continue;
    const pending: Promise<void>[] = [];
    const ctx: ChangeContext = {
      files: change.files,
      project: change.project,
      wholeTree: change.wholeTree,
      options: { ...rule.options, ...setting.options },
      readHead: change.readHead,
      readBase: change.readBase,
      parse,
      report(r) {
        pending.push(
          fileOf(r.path).then(({ lines, suppressions, rust }) => {
            const f = buildFinding(rule, setting, r.path, lines, r);
            const node = r.node ?? (rust !== undefined ? nodeAtLine(parse(rust), lines, f.line) : undefined);
            (suppressions.isSuppressed(rule.id, f.line, node, mirroredLints(rule, r.messageId)) ? out.suppressed : out.findings).push(f);
          }),
        );
      },
    };
    try {
      await (rule as ChangeRule).check(ctx);
      await Promise.all(pending);
    } catch (e) {
      out.ruleErrors.push({ ruleId: rule.id, path: '(change)', error: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}

/** The smallest node starting on `line` (at its first non-blank column). */
function nodeAtLine(root: Node, lines: readonly string[], line: number): Node | undefined {
  const text = lines[line - 1] ?? '';
  const column = Math.max(0, text.search(/\S/));
  const found = root.descendantForPosition({ row: line - 1, column });
  return found;
}

export function mergeOutputs(outputs: AnalysisOutput[]): AnalysisOutput {
  const all = emptyOutput();
  for (const o of outputs) {
    all.findings.push(...o.findings);
    all.suppressed.push(...o.suppressed);
    all.ruleErrors.push(...o.ruleErrors);
    all.skipped.push(...o.skipped);
  }
  return all;
}
