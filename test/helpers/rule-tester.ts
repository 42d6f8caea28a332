/**
 * Rule tests in the style of a rule tester. `valid` snippets must stay silent (a failure means the
 * rule is *noisy*); `invalid` snippets must fire on the exact line (a failure means it is *missing*).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { messageText, type ChangeRule, type FileRule, type FileStatus, type Rule } from '../../src/rules/define-rule.js';
import { analyzeRustFile, emptyProject, runChangeRules, type AnalysisOutput } from '../../src/rules/engine.js';
import { loadRustParser } from '../../src/rust/parser.js';
import type { Finding } from '../../src/review/finding.js';
import { crateModelOf } from './crate-model.js';

export interface ValidCase {
  name?: string;
  code: string;
  /** Analysed as this path (default `src/handlers.rs`). */
  path?: string;
  options?: Record<string, unknown>;
  /** Other files of the head tree (for rules that look at the project). */
  projectPaths?: string[];
  /** Other Rust files of the crate, by path: the crate model is built from them and the case's file. */
  files?: Record<string, string>;
  /** Cargo manifests of the repository, by path (`crates/api/Cargo.toml`): packages and who depends on whom. */
  manifests?: Record<string, string>;
}

export interface InvalidCase<M extends string = string> extends ValidCase {
  /** Expected 1-based lines, one per finding, in order. */
  lines: number[];
  /** The message every finding must come from (a key of the rule's `messages`; asserted). */
  messageId?: M;
  /** Substring the (first) message must contain, e.g. the variable name. */
  messageIncludes?: string;
  severity?: Finding['severity'];
}

export async function runFileRule(rule: FileRule, c: ValidCase): Promise<AnalysisOutput> {
  await loadRustParser();
  const rules = new Map([[rule as Rule, { options: c.options }]]);
  const path = c.path ?? 'src/handlers.rs';
  const model = c.files || c.manifests ? await crateModelOf({ ...c.files, [path]: c.code }, c.manifests) : undefined;
  const paths = c.projectPaths ?? (c.files || c.manifests ? [...Object.keys(c.files ?? {}), ...Object.keys(c.manifests ?? {}), path] : []);
  return analyzeRustFile({ path, source: c.code }, rules, emptyProject(paths, model));
}

export function testFileRule<M extends string>(rule: FileRule<M>, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule.id, () => {
    beforeAll(() => loadRustParser());
    cases.valid.forEach((c, i) => {
      it(`stays silent (else noisy): ${c.name ?? `valid #${i + 1}`}`, async () => {
        const out = await runFileRule(rule, c);
        expect(out.ruleErrors).toEqual([]);
        expect(out.findings.map((f) => `${f.line}: ${f.message}`)).toEqual([]);
      });
    });
    cases.invalid.forEach((c, i) => {
      it(`fires (else missing): ${c.name ?? `invalid #${i + 1}`}`, async () => {
        const out = await runFileRule(rule, c);
        expect(out.ruleErrors).toEqual([]);
        expect(out.findings.map((f) => f.line)).toEqual(c.lines);
        if (c.messageId) expectMessageId(rule, c.messageId, out.findings);
        if (c.messageIncludes) expect(out.findings[0]!.message).toContain(c.messageIncludes);
        if (c.severity) expect(out.findings[0]!.severity).toBe(c.severity);
      });
    });
  });
}

/**
 * Every finding's message was made from the `messageId` template (findings carry the text, not the
 * id: the template's `{{placeholders}}` match any text).
 */
export function expectMessageId(rule: Rule, messageId: string, findings: Finding[]): void {
  const spec = rule.messages[messageId];
  expect(spec, `rule ${rule.id} has no message "${messageId}" (it has: ${Object.keys(rule.messages).join(', ')})`).toBeDefined();
  const template = messageText(spec!);
  const pattern = new RegExp(`^${template.split(/\{\{\s*\w+\s*\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*?')}$`);
  for (const f of findings) expect(f.message, `message of line ${f.line} is not from "${messageId}": ${template}`).toMatch(pattern);
}

export interface ChangeFixture {
  /** path -> { base?, head?, status? }: a missing base means added, a missing head means removed. */
  files: Record<string, { base?: string; head?: string; status?: FileStatus; addedLines?: number[] }>;
  /** Unchanged files present in both trees. */
  unchanged?: Record<string, string>;
  options?: Record<string, unknown>;
  /** A whole-tree review (`review --all`): see ChangeContext.wholeTree. */
  wholeTree?: boolean;
}

/** Runs a change-scoped rule. Added lines default to every line of an added file, or lines that differ. */
export async function runChangeRule(rule: ChangeRule, fx: ChangeFixture): Promise<AnalysisOutput> {
  await loadRustParser();
  const head = new Map<string, string>(Object.entries(fx.unchanged ?? {}));
  const base = new Map<string, string>(Object.entries(fx.unchanged ?? {}));
  const files = Object.entries(fx.files).map(([path, f]) => {
    if (f.head !== undefined) head.set(path, f.head);
    if (f.base !== undefined) base.set(path, f.base);
    const status: FileStatus = f.status ?? (f.base === undefined ? 'added' : f.head === undefined ? 'removed' : 'modified');
    const headLines = (f.head ?? '').split('\n');
    const baseLines = new Set((f.base ?? '').split('\n'));
    const added = f.addedLines ?? headLines.flatMap((l, i) => (f.base === undefined || !baseLines.has(l) ? [i + 1] : []));
    return { path, status, addedLines: new Set(f.head === undefined ? [] : added) };
  });
  // The crate model of the head tree, as a review builds it from the Rust files it reads.
  // Cargo manifests of the head tree tell the model the packages (a test-support package, ..).
  const model = await crateModelOf(Object.fromEntries([...head].filter(([p]) => p.endsWith('.rs'))), Object.fromEntries([...head].filter(([p]) => /(^|\/)Cargo\.toml$/.test(p))));
  return runChangeRules(
    {
      files,
      project: emptyProject([...head.keys()], model),
      wholeTree: fx.wholeTree,
      readHead: async (p) => head.get(p),
      readBase: async (p) => base.get(p),
    },
    new Map([[rule as Rule, { options: fx.options }]]),
  );
}
