/**
 * Suppression as Rust developers write it (issue 15 item 6, issue 19 item 6): the mirrored clippy
 * lint's `#[allow]` / `#[expect]` wherever rustc accepts it, `#![allow]` inner attributes, the crate
 * root, Cargo.toml `[lints.clippy]` / `[workspace.lints.clippy]`, and unfulfilled `#[expect]`s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeRustFile, emptyProject, type AnalysisOutput } from '../../src/rules/engine.js';
import { loadRustParser } from '../../src/rust/parser.js';
import { ruleById } from '../../src/rules/registry.js';
import type { Rule } from '../../src/rules/define-rule.js';
import { applyCrateLints, crateLintAllows, crateRootLints, manifestLints } from '../../src/review/crate-lints.js';
import { Repo, cli, prRepo } from '../cli/repo.js';

const rust = (s: string) => s.replace(/^\n/, '');
const PTR_ARG = ruleById('ownership/ptr-arg')!;
const EXPECTATION = ruleById('architecture/unfulfilled-lint-expectation')!;

function analyse(code: string, rules: Rule[] = [PTR_ARG]): AnalysisOutput {
  return analyzeRustFile({ path: 'src/users.rs', source: code }, new Map(rules.map((r) => [r, {}])), emptyProject(['src/users.rs']));
}
const lines = (out: AnalysisOutput) => out.findings.map((f) => `${f.ruleId}:${f.line}`);

describe('#[allow(clippy::..)] / #[expect(..)] of the mirrored lint', () => {
  beforeAll(() => loadRustParser());

  const shapes: [string, string][] = [
    ['on the fn', '#[allow(clippy::ptr_arg)]\nfn a(name: &String) -> usize { name.len() }\n'],
    ['on the parameter', 'fn a(#[allow(clippy::ptr_arg)] name: &String) -> usize { name.len() }\n'],
    ['#[expect] on the parameter', 'fn a(#[expect(clippy::ptr_arg)] name: &String) -> usize { name.len() }\n'],
    ['on the impl', 'struct S;\n#[allow(clippy::ptr_arg)]\nimpl S {\n    fn a(&self, name: &String) -> usize { name.len() }\n}\n'],
    ['on the module', '#[allow(clippy::ptr_arg)]\nmod m {\n    fn a(name: &String) -> usize { name.len() }\n}\n'],
    ['#![allow] inside the module', 'mod m {\n    #![allow(clippy::ptr_arg)]\n    fn a(name: &String) -> usize { name.len() }\n}\n'],
    ['#![allow] at the top of the file', '#![allow(clippy::ptr_arg)]\nfn a(name: &String) -> usize { name.len() }\n'],
    ['in a list with other lints', '#[allow(dead_code, clippy::ptr_arg, clippy::needless_pass_by_value)]\nfn a(name: &String) -> usize { name.len() }\n'],
    ['a further lint the rule mirrors (borrowed_box)', '#[allow(clippy::borrowed_box)]\nfn a(b: &Box<u32>) -> u32 { **b }\n'],
  ];
  for (const [name, code] of shapes) {
    it(`suppresses: ${name}`, () => {
      const out = analyse(code);
      expect(lines(out)).toEqual([]);
      expect(out.suppressed.length).toBe(1);
    });
  }

  it('on a `let` statement, as rustc scopes it: only that statement', () => {
    const code = rust(`
async fn handler(cache: &Mutex<u32>) {
    #[allow(clippy::await_holding_lock)]
    let guard = cache.lock().unwrap();
    refresh().await;
    drop(guard);
    let other = cache.lock().unwrap();
    refresh().await;
    drop(other);
}
`);
    const rule = ruleById('async/lock-guard-across-await')!;
    const out = analyzeRustFile({ path: 'src/users.rs', source: `use std::sync::Mutex;\n${code}` }, new Map([[rule, {}]]), emptyProject());
    expect(out.findings.map((f) => f.line)).toEqual([7]);
    expect(out.suppressed.map((f) => f.line)).toEqual([4]);
  });

  it('does not suppress another lint or a sibling item', () => {
    const code = '#[allow(clippy::redundant_clone)]\nfn a(name: &String) -> usize { name.len() }\n#[allow(clippy::ptr_arg)]\nfn b() {}\nfn c(name: &String) -> usize { name.len() }\n';
    expect(lines(analyse(code))).toEqual(['ownership/ptr-arg:2', 'ownership/ptr-arg:5']);
  });
});

describe('a rule that reports several shapes: each shape is silenced by the lint that covers it', () => {
  beforeAll(() => loadRustParser());
  const FUTURE = ruleById('async/future-not-awaited')!;
  // `let _ = fut` is clippy::let_underscore_future; `let _name = fut` never read is no lint at all.
  const code = (attr: string) => rust(`
async fn record_visit(id: u64) -> Result<(), AuditError> {
    AUDIT.push(id).await
}
${attr}
pub async fn open_page(id: u64) -> Page {
    let _ = record_visit(id);
    let _visit = record_visit(id);
    Page::new(id)
}
`);

  it('#[allow(clippy::let_underscore_future)] silences `let _ = fut;` and leaves `let _x = fut;` reported', () => {
    const plain = analyse(code(''), [FUTURE]);
    expect(lines(plain)).toEqual(['async/future-not-awaited:6', 'async/future-not-awaited:7']);
    const allowed = analyse(code('#[allow(clippy::let_underscore_future)]'), [FUTURE]);
    expect(lines(allowed)).toEqual(['async/future-not-awaited:7']);
    expect(allowed.suppressed.map((f) => f.line)).toEqual([6]);
  });

  it('the crate-wide allow (Cargo.toml, crate root) likewise', () => {
    const out = analyse(code(''), [FUTURE]);
    applyCrateLints(out, new Map([['', new Set(['let_underscore_future'])]]), ruleById);
    expect(lines(out)).toEqual(['async/future-not-awaited:7']);
    expect(out.suppressed.map((f) => f.line)).toEqual([6]);
  });

  it('an #[expect] of the lint is fulfilled by its own shape only', () => {
    const unfulfilled = analyse(code('#[expect(clippy::let_underscore_future)]').replace('    let _ = record_visit(id);\n', ''), [FUTURE, EXPECTATION]);
    expect(lines(unfulfilled).sort()).toEqual(['architecture/unfulfilled-lint-expectation:4', 'async/future-not-awaited:6']);
  });
});

describe('unfulfilled #[expect(clippy::..)] (architecture/unfulfilled-lint-expectation)', () => {
  beforeAll(() => loadRustParser());

  it('reports an #[expect] under which the mirrored rule finds nothing, on the attribute', () => {
    const code = '#[expect(clippy::ptr_arg)]\nfn a(name: &str) -> usize { name.len() }\n';
    const out = analyse(code, [PTR_ARG, EXPECTATION]);
    expect(lines(out)).toEqual(['architecture/unfulfilled-lint-expectation:1']);
    expect(out.findings[0]!.message).toContain('clippy::ptr_arg');
    expect(out.findings[0]!.message).toContain('ownership/ptr-arg');
    expect(out.findings[0]!.severity).toBe('info');
  });

  it('is silent when the #[expect] suppressed a finding, for #[allow], and for lints no enabled rule mirrors', () => {
    const code = '#[expect(clippy::ptr_arg)]\nfn a(name: &String) -> usize { name.len() }\n#[allow(clippy::ptr_arg)]\nfn b(name: &str) {}\n#[expect(clippy::too_many_lines)]\nfn c() {}\n';
    expect(lines(analyse(code, [PTR_ARG, EXPECTATION]))).toEqual([]);
    // The mirrored rule is not enabled: nothing judged its lint.
    expect(lines(analyse('#[expect(clippy::ptr_arg)]\nfn a(name: &str) {}\n', [EXPECTATION]))).toEqual([]);
  });

  it('can itself be silenced with an allow comment', () => {
    const code = '// rust-review: allow(architecture/unfulfilled-lint-expectation) kept for the nightly clippy\n#[expect(clippy::ptr_arg)]\nfn a(name: &str) {}\n';
    const out = analyse(code, [PTR_ARG, EXPECTATION]);
    expect(lines(out)).toEqual([]);
    expect(out.suppressed.length).toBe(1);
  });
});

describe('Cargo.toml [lints.clippy] and the crate root', () => {
  it('reads `lint = "allow"`, `{ level = "allow", priority = .. }`, dotted keys, and ignores other levels', () => {
    const m = manifestLints(rust(`
[package]
name = "api"

[lints.clippy]
ptr_arg = "allow"
redundant-clone = { level = "allow", priority = 1 }
unwrap_used = "deny"
expect_used = { level = "warn" }

[lints.rust]
unsafe_code = "allow"
`));
    expect([...m.allowed].sort()).toEqual(['ptr_arg', 'redundant_clone']);
    expect(m.inheritsWorkspace).toBe(false);
    expect([...manifestLints('[lints]\nclippy.todo = "allow"\nworkspace = true\n').allowed]).toEqual(['todo']);
    expect(manifestLints('[lints]\nworkspace = true\n').inheritsWorkspace).toBe(true);
    expect(manifestLints('[package]\nname = "x"\nlints.workspace = true\n').inheritsWorkspace).toBe(false);
    expect(manifestLints('lints.workspace = true\n').inheritsWorkspace).toBe(true);
    expect([...manifestLints('[workspace.lints.clippy]\nptr_arg = "allow"\n').workspaceAllowed]).toEqual(['ptr_arg']);
  });

  it('reads #![allow(clippy::..)] and #![expect(..)] of a crate root', () => {
    expect([...crateRootLints('//! docs\n#![allow(clippy::ptr_arg, dead_code)]\n#![expect(clippy::todo)]\n#![deny(clippy::unwrap_used)]\n')]).toEqual(['ptr_arg', 'todo']);
  });

  it('reads #![allow] in the crate root the manifest declares (`[lib] path`, `[[bin]] path`)', async () => {
    const files: Record<string, string> = {
      'service/Cargo.toml': '[package]\nname = "service"\n\n[lib]\npath = "mod.rs"\n\n[[bin]]\nname = "admin"\npath = "tools/admin.rs"\n',
      'service/mod.rs': '#![allow(clippy::ptr_arg)]\npub mod rooms;\n',
      'service/rooms.rs': '',
      'service/tools/admin.rs': '#![allow(clippy::todo)]\nfn main() {}\n',
      'service/src/lib.rs': '#![allow(clippy::unwrap_used)]\n',
    };
    const allows = await crateLintAllows(Object.keys(files), ['service/rooms.rs'], async (p) => files[p]);
    expect(allows.get('service')).toEqual(new Set(['ptr_arg', 'todo']));
  });

  it('members with `lints.workspace = true` inherit [workspace.lints.clippy]; others and other crates do not', async () => {
    const files: Record<string, string> = {
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n\n[workspace.lints.clippy]\nptr_arg = "allow"\n',
      'crates/api/Cargo.toml': '[package]\nname = "api"\n\n[lints]\nworkspace = true\n',
      'crates/api/src/users.rs': '',
      'crates/core/Cargo.toml': '[package]\nname = "core"\n\n[lints.clippy]\nredundant_clone = "allow"\n',
      'crates/core/src/lib.rs': '#![allow(clippy::unwrap_used)]\n',
      'crates/core/src/model.rs': '',
      'crates/other/Cargo.toml': '[package]\nname = "other"\n',
      'crates/other/src/lib.rs': '',
    };
    const paths = Object.keys(files);
    const allows = await crateLintAllows(paths, ['crates/api/src/users.rs', 'crates/core/src/model.rs', 'crates/other/src/lib.rs'], async (p) => files[p]);
    expect(allows.get('crates/api')).toEqual(new Set(['ptr_arg']));
    expect(allows.get('crates/core')).toEqual(new Set(['redundant_clone', 'unwrap_used']));
    expect(allows.has('crates/other')).toBe(false);
    const finding = (ruleId: string, path: string) => ({ ruleId, path, line: 1, role: 'ownership' as const, severity: 'warning' as const, message: '', source: 'rule' as const });
    const output: AnalysisOutput = {
      findings: [finding('ownership/ptr-arg', 'crates/api/src/users.rs'), finding('ownership/ptr-arg', 'crates/core/src/model.rs'), finding('architecture/unwrap-in-handler', 'crates/core/src/model.rs'), finding('ownership/ptr-arg', 'crates/other/src/lib.rs')],
      suppressed: [],
      ruleErrors: [],
      skipped: [],
    };
    applyCrateLints(output, allows, ruleById);
    expect(output.findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual(['ownership/ptr-arg crates/core/src/model.rs', 'ownership/ptr-arg crates/other/src/lib.rs']);
    expect(output.suppressed).toHaveLength(2);
  });
});

describe('the built CLI honours Cargo.toml [lints.clippy] and the crate root #![allow]', () => {
  const repos: Repo[] = [];
  afterAll(() => repos.forEach((r) => r.remove()));
  const PTR = 'pub fn label(name: &String) -> usize {\n    name.len()\n}\n';

  it('reports the mirrored rule without the allow, and counts it as suppressed with it', async () => {
    const plain = prRepo({ 'Cargo.toml': '[package]\nname = "api"\n', 'src/lib.rs': 'pub mod users;\n' }, { 'src/users.rs': PTR });
    const allowed = prRepo({ 'Cargo.toml': '[package]\nname = "api"\n\n[lints.clippy]\nptr_arg = { level = "allow", priority = 1 }\n', 'src/lib.rs': 'pub mod users;\n' }, { 'src/users.rs': PTR });
    const root = prRepo({ 'Cargo.toml': '[package]\nname = "api"\n', 'src/lib.rs': '#![allow(clippy::ptr_arg)]\npub mod users;\n' }, { 'src/users.rs': PTR });
    repos.push(plain, allowed, root);
    const ids = async (r: Repo) => JSON.parse((await cli('review', '--repo', r.dir, '--format', 'json')).stdout).findings.map((f: { ruleId: string }) => f.ruleId);
    expect(await ids(plain)).toContain('ownership/ptr-arg');
    expect(await ids(allowed)).not.toContain('ownership/ptr-arg');
    expect(await ids(root)).not.toContain('ownership/ptr-arg');
  });
});
