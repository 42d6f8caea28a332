// rust-clippy's UI suite as an evaluation set for the rules that mirror a clippy lint (issue 15).
//
// For each lint group below, our matching rule runs on clippy's `tests/ui/<lint>.rs` (and variants);
// its findings are compared with the primary lines of `<lint>.stderr` (±1 line) and with the lines
// clippy's tests mark as not linting ("should not lint", "no lint", ...). Each group also states what
// our rule's docs say it checks (`scope`), so the table gives recall both over all expected lines
// and over the expected lines inside our documented scope.
//
//   npm run eval:clippy                    the table (builds first)
//   npm run eval:clippy -- --lines         also every missed / wrong line
//   npm run eval:clippy -- --json          machine-readable
//
// Clippy's source is read from a local mirror (CLIPPY_GIT_DIR, default the `fetch` tool's copy at
// /work/.mirror/rust-lang+rust-clippy/repo) at the pinned commit below; it is never committed here.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLIPPY_COMMIT = process.env.CLIPPY_COMMIT ?? 'e57f468d8f079a7b50627a95121fd16fff8e5bfa';
const GIT_DIR = process.env.CLIPPY_GIT_DIR ?? '/work/.mirror/rust-lang+rust-clippy/repo';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (p) => path.join(root, 'dist', p);
const { loadRustParser } = await import(dist('rust/parser.js'));
const { ruleById } = await import(dist('rules/registry.js'));
const { analyzeRustFile, emptyProject, runChangeRules } = await import(dist('rules/engine.js'));

/**
 * Lint groups: the lints one rule mirrors, the files of clippy's suite that test them, and the
 * documented scope of our rule as a predicate over one expected line (`code` is the source line,
 * `at` the text from the reported column on, `msg` clippy's message).
 *
 * `outOfScope`: expected lines the predicate would count in scope that the rule's docs say plainly
 * it does not check, each with the reason (the docs' own words where they can be quoted).
 *
 * `deliberate`: lines we report and clippy's test does not expect, where our finding is right and
 * clippy's silence is a limit of its analysis (its own test says so, or the code is plainly
 * wasteful). Each has the reason a reader can check; they count as correct and the table says how
 * many. A line there that we stop reporting, or that clippy starts expecting, is an error.
 */
export const GROUPS = [
  {
    lints: ['ptr_arg'],
    rule: 'ownership/ptr-arg',
    files: ['tests/ui/ptr_arg.rs'],
    scope: 'a parameter typed `&String`, `&Vec<T>`, `&PathBuf` or `&Box<T>`',
    inScope: ({ at }) => /^&(String\b|Vec<|PathBuf\b|Box<)/.test(at),
  },
  {
    lints: ['borrowed_box'],
    rule: 'ownership/ptr-arg',
    files: ['tests/ui/borrowed_box.rs'],
    scope: 'a parameter typed `&Box<T>`',
    inScope: ({ at, code }) => /^&(mut\s+)?Box</.test(at) && !/^&mut/.test(at) && /fn\s+\w+.*\(/.test(code),
  },
  {
    lints: ['redundant_clone'],
    rule: 'ownership/redundant-clone',
    files: ['tests/ui/redundant_clone.rs'],
    scope: 'a `.clone()` / `.to_owned()` / `.to_vec()` of a local value never used again (moved or lent), a copy (also `.to_string()` / `.to_path_buf()` / `.to_os_string()`) of a value built in the same expression, or a clone of a `String` / `Vec` / `PathBuf` only borrowed by a method returning a new value',
    inScope: ({ at, code }) => /^\.(clone|to_owned|to_vec)\(\)/.test(at) || (/^\.(to_string|to_path_buf|to_os_string)\(\)/.test(at) && /[)\]]\.(to_string|to_path_buf|to_os_string)\(\)/.test(code)),
    deliberate: {
      'redundant_clone.rs:259':
        '`let _z = x.clone();` in clippy\'s `false_negative_5707`: `x` (a Clone, non-Copy unit struct) is never used after the clone and the earlier `&x` borrow has ended, so moving `x` does the same; the test\'s own comment says clippy "can\'t lint" it (rust-clippy PR 7346).',
    },
  },
  {
    lints: ['unnecessary_to_owned'],
    rule: 'ownership/to-owned-then-borrow',
    files: ['tests/ui/unnecessary_to_owned.rs', 'tests/ui/unnecessary_to_owned_on_split.rs'],
    scope: 'a `.to_string()` / `.to_owned()` / `String::from` / `.to_vec()` / `.clone()` of a `str` / `String` / slice / `Vec` / `Path` / `OsStr` / `CStr` whose fresh copy is only borrowed (`f(&x.to_string())`), or handed by value to a parameter that only views it (`impl AsRef<..>`, a type parameter bounded by `AsRef<..>` alone and named nowhere else in the signature)',
    outOfScope: Object.fromEntries([
      ...[88, 189].map((line) => [
        `unnecessary_to_owned.rs:${line}`,
        '`x_ref.to_string()` where `x_ref: &X`, a struct of the test with its own `impl ToString` and `impl AsRef<str>`: not a copy of a string but a conversion the type defines, which need not equal `as_ref()`; the rule\'s docs (why) exclude it.',
      ]),
      ...[144, 161].map((line) => [
        `unnecessary_to_owned.rs:${line}`,
        '`x.to_owned()` where `x: &X`, a struct of the test that implements `AsRef<str>`: a copy of a value that is not a string, slice or path; the rule\'s docs (why) report copies of those only.',
      ]),
    ]),
    inScope: ({ at, code }) =>
      /^&[\w.:()"]*?\.(to_string|to_owned|to_vec|clone)\(\)$/.test(at.split(/[),;]\s*$/)[0] ?? '') ||
      /^&[^&]*\.(to_string|to_owned|to_vec|clone)\(\)\s*[),]/.test(at) ||
      // By value to a parameter that only views it: the test's `require_as_ref_*` / `require_impl_as_ref_*` fns.
      (/^\w+\.(to_string|to_owned|to_vec)\(\)\s*[),]/.test(at) && /\brequire_(impl_)?as_ref_\w+\(/.test(code)),
  },
  {
    lints: ['to_string_in_format_args'],
    rule: 'ownership/to-owned-then-borrow',
    files: ['tests/ui/format_args.rs'],
    scope: 'a `.to_string()` / `.to_owned()` written as a format-like macro\'s argument that exactly one plain `{}` placeholder displays, in a crate that writes no `to_string` of its own',
    // The test file writes `impl ToString for Somewhere`: a `to_string` of its own, so only copies of a string are in scope there.
    inScope: ({ code }) => /"\w+"\.to_string\(\)/.test(code),
  },
  {
    lints: ['needless_collect'],
    rule: 'ownership/collect-then-consume',
    files: ['tests/ui/needless_collect.rs', 'tests/ui/needless_collect_indirect.rs'],
    scope: 'an iterator collected into a `Vec` (or a crate type that derefs to one) only to be iterated once (after items pushed / extended onto the end), counted, or checked for emptiness',
    inScope: ({ code, context }) => /Vec|collect::<Vec|: Vec/.test(context) && /\.len\(\)|is_empty\(\)|into_iter\(\)|\bfor\b|\.iter\(\)/.test(context) && !/Hash|BTree|VecDeque|BinaryHeap|LinkedList/.test(code),
    deliberate: Object.fromEntries(
      [284, 308, 332].map((line) => [
        `needless_collect_indirect.rs:${line}`,
        'the `*_false_case` tests: `w` is a `Vec` of references collected only to read `w.len()` twice; counting the iterator once (`let n = v.iter().count();`) gives both uses without allocating, which is what our finding says. Clippy stays silent because it only rewrites a single use ("Do not lint, because w is used").',
      ]),
    ),
  },
  {
    lints: ['unwrap_used', 'expect_used'],
    rule: 'architecture/unwrap-in-handler',
    files: ['tests/ui/unwrap_expect_used.rs'],
    scope: '`.unwrap()` / `.expect()` on request data, headers, database or I/O results in production code paths',
    inScope: ({ code }) => /header|request|\breq\b|query|fetch|File::|read_to|std::fs|env::var|socket|connect/i.test(code),
  },
  {
    lints: ['await_holding_lock'],
    rule: 'async/lock-guard-across-await',
    files: ['tests/ui/await_holding_lock.rs'],
    scope: 'a `std::sync` / `parking_lot` lock guard alive at an `.await` in the same async body',
    inScope: () => true,
    outOfScope: {
      'await_holding_lock.rs:186':
        'clippy\'s known false positive (its own FIXME above `dropped_before_await`, rust-clippy 6446): the guard is `drop`ped before the `.await`, so it is not alive there; our docs report only guards still alive at the `.await`, and the rule\'s tests keep this silent.',
    },
  },
  {
    lints: ['todo', 'unimplemented'],
    rule: 'architecture/unfinished-code',
    files: ['tests/ui/panicking_macros.rs'],
    scope: '`todo!` / `unimplemented!` in production code',
    inScope: () => true,
  },
  {
    lints: ['dbg_macro'],
    rule: 'architecture/unfinished-code',
    files: ['tests/ui/dbg_macro/dbg_macro.rs'],
    scope: '`dbg!` in production code (not in tests)',
    inScope: ({ context }) => !/#\[test\]|cfg\(test\)/.test(context),
  },
  {
    lints: ['ignore_without_reason'],
    rule: 'tests/ignored-test',
    files: ['tests/ui/ignore_without_reason.rs'],
    scope: '`#[ignore]` with no reason string',
    inScope: () => true,
  },
  {
    lints: ['should_panic_without_expect'],
    rule: 'tests/should-panic-without-expected',
    files: ['tests/ui/should_panic_without_expect.rs'],
    scope: '`#[should_panic]` without `expected = ".."`',
    inScope: () => true,
  },
  {
    lints: ['mem_forget'],
    rule: 'ownership/leak-to-satisfy-lifetime',
    files: ['tests/ui/mem_forget.rs'],
    scope: '`mem::forget` on a request path (a handler or a spawned task)',
    inScope: ({ context }) => /async|spawn/.test(context),
  },
  {
    lints: ['arc_with_non_send_sync'],
    rule: 'ownership/non-send-shared-state',
    files: ['tests/ui/arc_with_non_send_sync.rs'],
    scope: '`Arc<RefCell<T>>` (and `Rc` / `RefCell` state moved into a spawn)',
    inScope: ({ code }) => /RefCell/.test(code),
  },
  {
    lints: ['let_underscore_future'],
    rule: 'async/future-not-awaited',
    files: ['tests/ui/let_underscore_future.rs'],
    scope: 'a call to an async fn (or a fn returning `impl Future`) whose future is dropped (`let _ = f();`), or a binding holding one discarded (`let _ = fut;`)',
    inScope: ({ code }) => /let _ =/.test(code),
  },
  {
    lints: ['undocumented_unsafe_blocks'],
    rule: 'architecture/unsafe-without-safety-comment',
    files: ['tests/ui-toml/undocumented_unsafe_blocks/undocumented_unsafe_blocks.rs'],
    stderr: { 'tests/ui-toml/undocumented_unsafe_blocks/undocumented_unsafe_blocks.rs': 'tests/ui-toml/undocumented_unsafe_blocks/undocumented_unsafe_blocks.default.stderr' },
    scope: 'an `unsafe` block or `unsafe impl` without a `// SAFETY:` comment right above it',
    inScope: ({ at }) => /^unsafe\s*(\{|impl)/.test(at),
  },
];

const NO_LINT = /\b(should ?n[o']?t|shouldn't|don't|do not|doesn't|does not|no|not|won't)[ -]?(be )?(lint|warn|trigger|fire)/i;

function show(file) {
  return execFileSync('git', ['--git-dir', GIT_DIR, 'show', `${CLIPPY_COMMIT}:${file}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** `//~^ lint` style annotations: line -> lints expected there. */
function annotations(lines) {
  const out = new Map();
  let last = null;
  lines.forEach((text, i) => {
    const m = /\/\/~([\^|v]*)\s*(\w+)/.exec(text);
    if (!m || /^(ERROR|WARN|NOTE|HELP)$/.test(m[2])) return;
    let target = i + 1;
    if (m[1] === '|') target = last ?? target;
    else if (m[1].startsWith('^')) target = i + 1 - m[1].length;
    else if (m[1].startsWith('v')) target = i + 1 + m[1].length;
    last = target;
    out.set(target, [...(out.get(target) ?? []), m[2]]);
  });
  return out;
}

/** Primary locations of the stderr's errors with their lint (from `-D clippy::x` notes or annotations). */
function expectedLines(stderr, base, lintAt) {
  const out = [];
  const byMessage = new Map();
  const blocks = stderr.split(/\n(?=error(?:\[\w+\])?: )/);
  for (const block of blocks) {
    const head = /^error(?:\[\w+\])?: (.*)\n\s*--> ([^:\n]+):(\d+):(\d+)/.exec(block);
    if (!head || path.basename(head[2]) !== base) continue;
    const line = Number(head[3]);
    const note = /`-D clippy::([\w-]+)`/.exec(block)?.[1]?.replace(/-/g, '_');
    const msgKey = head[1].replace(/`[^`]*`/g, '``');
    if (note) byMessage.set(msgKey, note);
    const lint = note ?? lintAt(line) ?? byMessage.get(msgKey);
    out.push({ line, column: Number(head[4]), lint, msg: head[1] });
  }
  return out;
}

/** Lines clippy's test marks as not linting: a comment saying so, and the code line after it. */
function noLintLines(lines) {
  const out = new Set();
  lines.forEach((text, i) => {
    const c = text.indexOf('//');
    if (c < 0 || text.includes('//~') || !NO_LINT.test(text.slice(c))) return;
    if (text.slice(0, c).trim()) out.add(i + 1);
    else {
      for (let j = i + 1; j < lines.length && j < i + 4; j++) {
        if (lines[j].trim().startsWith('//') || lines[j].trim().startsWith('#[')) continue;
        out.add(j + 1);
        break;
      }
    }
  });
  return out;
}

const near = (a, b) => Math.abs(a - b) <= 1;

/** The one file as the change input of a whole-tree review (`review --all`): all lines added, no base. */
function wholeTreeOf(source) {
  const addedLines = new Set(source.split('\n').map((_, i) => i + 1));
  return {
    files: [{ path: 'src/lib.rs', status: 'added', addedLines }],
    project: emptyProject(['src/lib.rs']),
    wholeTree: true,
    readHead: async (p) => (p === 'src/lib.rs' ? source : undefined),
    readBase: async () => undefined,
  };
}

async function evaluate(group) {
  const rule = ruleById(group.rule);
  if (!rule) throw new Error(`no rule ${group.rule}`);
  const row = { lints: group.lints.join('+'), rule: group.rule, scope: group.scope, expected: 0, found: 0, inScope: 0, inScopeFound: 0, ours: 0, correct: 0, deliberate: 0, noLint: 0, noLintHit: 0, missed: [], wrong: [], deliberateLines: [] };
  const deliberate = new Map(Object.entries(group.deliberate ?? {}));
  const usedNotes = new Set();
  for (const file of group.files) {
    const source = show(file);
    const lines = source.split('\n');
    const stderrPath = group.stderr?.[file] ?? file.replace(/\.rs$/, '.stderr');
    const notes = annotations(lines);
    const lintAt = (l) => (notes.get(l) ?? []).find((x) => group.lints.includes(x)) ?? notes.get(l)?.[0];
    const expected = expectedLines(show(stderrPath), path.basename(file), lintAt).filter((e) => group.lints.includes(e.lint));
    // Analysed as a library file: not a test path, not a handler module, not main.rs. A change rule
    // (one that compares head and base, such as tests/ignored-test) sees the file as `review --all`
    // shows it: a whole-tree review where every line is new and there is no base.
    const out = rule.scope === 'change' ? await runChangeRules(wholeTreeOf(source), new Map([[rule, {}]])) : analyzeRustFile({ path: 'src/lib.rs', source }, new Map([[rule, {}]]), emptyProject(['src/lib.rs']));
    if (out.ruleErrors.length) console.error(`${group.rule} on ${file}:`, out.ruleErrors);
    const ours = [...new Set(out.findings.map((f) => f.line))];
    const quiet = noLintLines(lines);
    const base = path.basename(file);
    for (const e of expected) {
      const code = lines[e.line - 1] ?? '';
      const context = lines.slice(Math.max(0, e.line - 6), e.line + 3).join('\n');
      const scoped = group.inScope({ code, at: code.slice(e.column - 1), context, msg: e.msg }) && !group.outOfScope?.[`${path.basename(file)}:${e.line}`];
      const hit = ours.some((l) => near(l, e.line));
      row.expected++;
      if (hit) row.found++;
      if (scoped) row.inScope++;
      if (scoped && hit) row.inScopeFound++;
      const excluded = group.outOfScope?.[`${base}:${e.line}`];
      if (!hit) row.missed.push(`${base}:${e.line}${scoped ? ' (in scope)' : ''}  ${code.trim()}${excluded ? `\n            outside the docs: ${excluded}` : ''}`);
    }
    for (const l of ours) {
      row.ours++;
      const note = deliberate.get(`${base}:${l}`);
      if (expected.some((e) => near(e.line, l))) {
        if (note) throw new Error(`${group.rule}: ${base}:${l} is listed as deliberate but clippy expects it: drop the note`);
        row.correct++;
      } else if (note) {
        usedNotes.add(`${base}:${l}`);
        row.correct++;
        row.deliberate++;
        row.deliberateLines.push(`${base}:${l}  ${(lines[l - 1] ?? '').trim()}\n            why: ${note}`);
      } else row.wrong.push(`${base}:${l}${quiet.has(l) ? ' (marked no-lint)' : ''}  ${(lines[l - 1] ?? '').trim()}`);
    }
    for (const q of quiet) {
      if (expected.some((e) => near(e.line, q))) continue;
      row.noLint++;
      if (ours.includes(q)) row.noLintHit++;
    }
  }
  const stale = [...deliberate.keys()].filter((k) => !usedNotes.has(k));
  if (stale.length) throw new Error(`${group.rule}: deliberate lines no longer reported: ${stale.join(', ')} (drop their notes)`);
  return row;
}

const pct = (a, b) => (b ? `${Math.round((100 * a) / b)} %` : '-');

await loadRustParser();
const rows = [];
for (const g of GROUPS) rows.push(await evaluate(g));
const total = rows.reduce((t, r) => {
  for (const k of ['expected', 'found', 'inScope', 'inScopeFound', 'ours', 'correct', 'deliberate', 'noLint', 'noLintHit']) t[k] += r[k];
  return t;
}, { lints: 'total', rule: '', expected: 0, found: 0, inScope: 0, inScopeFound: 0, ours: 0, correct: 0, deliberate: 0, noLint: 0, noLintHit: 0 });

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ clippyCommit: CLIPPY_COMMIT, rows, total }, null, 2));
} else {
  const header = ['lint(s)', 'rule', 'expected', 'found', 'recall', 'in scope', 'found', 'in-scope recall', 'ours', 'correct', 'precision', 'no-lint lines hit'];
  // `correct` includes the deliberate lines (see GROUPS): `12 (3 deliberate)`.
  const table = [...rows, total].map((r) => [r.lints, r.rule, r.expected, r.found, pct(r.found, r.expected), r.inScope, r.inScopeFound, pct(r.inScopeFound, r.inScope), r.ours, r.deliberate ? `${r.correct} (${r.deliberate} deliberate)` : r.correct, pct(r.correct, r.ours), `${r.noLintHit}/${r.noLint}`].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
  const fmt = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(`rust-clippy ${CLIPPY_COMMIT.slice(0, 12)}: our rules on clippy's UI tests (±1 line)\n`);
  console.log(fmt(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const t of table) console.log(fmt(t));
  if (process.argv.includes('--lines')) {
    for (const r of rows) {
      if (!r.missed.length && !r.wrong.length && !r.deliberateLines.length) continue;
      console.log(`\n## ${r.lints} (${r.rule}): ${r.scope}`);
      for (const m of r.missed) console.log(`  missed  ${m}`);
      for (const w of r.wrong) console.log(`  wrong   ${w}`);
      for (const d of r.deliberateLines) console.log(`  ours, deliberate  ${d}`);
    }
  }
}
