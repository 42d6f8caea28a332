/** Matching head findings to the base's: by what they are, not the line they sit on. */
import { beforeAll, describe, expect, it } from 'vitest';
import { defineRule } from '../../src/rules/define-rule.js';
import { analyzeRustFile, emptyProject } from '../../src/rules/engine.js';
import { loadRustParser } from '../../src/rust/parser.js';
import { enclosingFn, layoutFree, matchBaseline, type Located } from '../../src/review/baseline.js';
import { normaliseSnippet, type Finding } from '../../src/review/finding.js';

const RULE = 'architecture/unwrap-in-handler';

/** A finding as the engine builds it: snippet from the line, column of the reported node. */
function at(text: string, path: string, line: number, needle = '.unwrap()', message = '`unwrap()` on request data'): Located {
  const code = text.split('\n')[line - 1]!;
  const col = code.indexOf(needle);
  const finding: Finding = { ruleId: RULE, role: 'architecture', severity: 'warning', path, line, message, source: 'rule', snippet: normaliseSnippet(code), ...(col >= 0 ? { column: col + 1 } : {}) };
  return { finding, text };
}

const lineOf = (text: string, needle: string, nth = 0) => text.split('\n').flatMap((l, i) => (l.includes(needle) ? [i + 1] : []))[nth]!;
const none = () => false;

describe('matchBaseline', () => {
  it('matches a finding whose lines shifted', () => {
    const base = 'fn a() {\n    let v = body.parse().unwrap();\n}\n';
    const head = '// a new comment\n\nfn a() {\n    let v = body.parse().unwrap();\n}\n';
    expect(matchBaseline([at(head, 'a.rs', 4)], [at(base, 'a.rs', 2)], none)).toEqual([true]);
  });

  it('does not match a different rule, path or code', () => {
    const base = 'fn a() {\n    let v = body.parse().unwrap();\n}\n';
    const head = 'fn b() {\n    let w = other.parse().unwrap();\n}\n';
    expect(matchBaseline([at(head, 'a.rs', 2)], [at(base, 'a.rs', 2)], none)).toEqual([false]);
    expect(matchBaseline([at(base, 'b.rs', 2)], [at(base, 'a.rs', 2)], none)).toEqual([true]); // same code moved to another file (tier 4)
    const other = { ...at(base, 'a.rs', 2), finding: { ...at(base, 'a.rs', 2).finding, ruleId: 'database/unwrap-db-result' } };
    expect(matchBaseline([at(base, 'a.rs', 2)], [other], none)).toEqual([false]);
  });

  it('counts duplicates: two in the base, three in the head leave the one on an added line new', () => {
    const line = '    let v = body.parse().unwrap();';
    const base = ['fn a() {', line, line, '}', ''].join('\n');
    const head = ['fn a() {', line, line, line, '}', ''].join('\n');
    const heads = [2, 3, 4].map((n) => at(head, 'a.rs', n));
    const added = (f: Finding) => f.line === 3;
    expect(matchBaseline(heads, [at(base, 'a.rs', 2), at(base, 'a.rs', 3)], added)).toEqual([true, false, true]);
  });

  it('matches a function moved within the file', () => {
    const f1 = 'fn first() {\n    let v = body.parse().unwrap();\n}\n';
    const f2 = 'fn second() {\n    let w = query.get().unwrap();\n}\n';
    const base = f1 + f2;
    const head = f2 + f1;
    const heads = [at(head, 'a.rs', lineOf(head, 'body')), at(head, 'a.rs', lineOf(head, 'query'))];
    const bases = [at(base, 'a.rs', lineOf(base, 'body')), at(base, 'a.rs', lineOf(base, 'query'))];
    expect(matchBaseline(heads, bases, () => true)).toEqual([true, true]);
  });

  it('matches a call rustfmt broke over several lines (layout and trailing comma ignored)', () => {
    const base = 'fn a() {\n    let v = client.get(url, headers, timeout_for(kind)).send().unwrap();\n}\n';
    const head = 'fn a() {\n    let v = client\n        .get(\n            url,\n            headers,\n            timeout_for(kind),\n        )\n        .send()\n        .unwrap();\n}\n';
    // The finding sits on the call's first line in both: the line's code differs, the code from the node on does not.
    const b = at(base, 'a.rs', 2, 'client');
    const h = at(head, 'a.rs', 2, 'client');
    expect(b.finding.snippet).not.toBe(h.finding.snippet);
    expect(matchBaseline([h], [b], () => true)).toEqual([true]);
  });

  it('matches a line a lint sweep edited, by message within the same function, but not in another function', () => {
    const base = 'fn handler() {\n    let v = parse(&body.clone()).unwrap();\n}\nfn other() {}\n';
    const head = 'fn handler() {\n    let v = parse(&body).unwrap();\n}\nfn other() {\n    let v = parse(&body).unwrap();\n}\n';
    const b = at(base, 'a.rs', 2);
    expect(matchBaseline([at(head, 'a.rs', 2)], [b], () => true)).toEqual([true]);
    expect(matchBaseline([at(head, 'a.rs', 5)], [b], () => true)).toEqual([false]);
  });

  it('matches a line where only the text of a string literal changed (a typo fixed in a variable name), even when the message quotes it', () => {
    const base = 'fn reads_env() {\n    env::set_var("APP_PROT", port.to_string());\n    env::set_var(r#"APP_HOST"#, host);\n}\n';
    const head = 'fn reads_env() {\n    env::set_var("APP_PORT", port.to_string());\n    env::set_var(r#"APP_HOST_NAME"#, host);\n}\n';
    const found = (text: string, line: number, name: string) => at(text, 'a.rs', line, 'env::set_var', `\`env::set_var(${name}, ..)\` in test code`);
    const bases = [found(base, 2, '"APP_PROT"'), found(base, 3, 'r#"APP_HOST"#')];
    expect(matchBaseline([found(head, 2, '"APP_PORT"'), found(head, 3, 'r#"APP_HOST_NAME"#')], bases, () => true)).toEqual([true, true]);
    // The code around the literal changed too: not the same code.
    const other = 'fn reads_env() {\n    env::set_var("APP_PORT", port.to_string());\n    env::set_var(r#"APP_HOST"#, other_host);\n}\n';
    expect(matchBaseline([found(other, 3, 'r#"APP_HOST"#')], [found(base, 3, 'r#"APP_HOST"#')].map((b) => ({ ...b, finding: { ...b.finding, message: 'x' } })), () => true)).toEqual([false]);
  });

  it('does not match a short generic line across files', () => {
    const base = 'fn a() {\n    let v = body\n        .unwrap();\n}\n';
    const head = 'fn b() {\n    let w = other\n        .unwrap();\n}\n';
    expect(matchBaseline([at(head, 'b.rs', 3)], [at(base, 'a.rs', 3)], () => true)).toEqual([false]);
  });

  it('matches across files only a base finding whose line the change deleted (moved code, not copied code)', () => {
    const base = 'fn a() {\n    let v = body.parse().unwrap();\n}\n';
    const b = at(base, 'a.rs', 2);
    const copy = at(base, 'b.rs', 2);
    // a.rs still holds its line (its head finding went unreported, e.g. analysis cut short): b.rs's copy is new.
    expect(matchBaseline([copy], [b], () => true, () => false)).toEqual([false]);
    // a.rs lost the line: the function moved to b.rs.
    expect(matchBaseline([copy], [b], () => true, (f) => f.path === 'a.rs' && f.line === 2)).toEqual([true]);
    // Within one file the deleted lines do not matter (tiers 1-3).
    expect(matchBaseline([at(base, 'a.rs', 2)], [b], () => true, () => false)).toEqual([true]);
  });

  it('uses each base finding once across tiers', () => {
    const base = 'fn a() {\n    let v = body.parse().unwrap();\n}\n';
    const head = 'fn a() {\n    let v = body.parse().unwrap();\n    let v = body.parse().unwrap();\n}\n';
    expect(matchBaseline([at(head, 'a.rs', 2), at(head, 'a.rs', 3)], [at(base, 'a.rs', 2)], (f) => f.line === 3)).toEqual([true, false]);
  });
});

describe('layoutFree and enclosingFn', () => {
  it('takes out whitespace, comments and trailing commas before closers', () => {
    expect(layoutFree(['f(a,', '  b, // why', ')', ''], 1, undefined)).toBe('|f(a,b)');
    expect(layoutFree(['f(a,', '  b, // why', ')', ''], 2, 3)).toBe('f(a,|b)');
    expect(layoutFree(['f(a, b)'], 1, 6)).toBe('f(a,|b)');
  });

  it('names the function a line is in, or the one it declares', () => {
    const lines = ['impl S {', '    pub async fn run(&self) {', '        go().unwrap();', '    }', '}', 'fn top() {}'];
    expect(enclosingFn(lines, 3)).toBe('run');
    expect(enclosingFn(lines, 2)).toBe('run');
    expect(enclosingFn(lines, 6)).toBe('top');
    expect(enclosingFn(lines, 1)).toBeUndefined();
  });
});

describe('matchBaseline on findings the engine built (tier 3 knows where the code runs)', () => {
  /** A deliberately naive rule: every `read_blob(..)` call, wherever it runs, with one message per fn. */
  const naive = defineRule({
    id: 'async/test-naive-read',
    role: 'async',
    category: 'suspicious',
    docs: { summary: 'x', why: 'y', bad: '', good: '' },
    messages: { read: '`read_blob` blocks in `{{fn}}`' },
    create(ctx) {
      return {
        call_expression(node) {
          const callee = node.childForFieldName('function')?.text ?? '';
          if (!/(^|[.:])read_blob$/.test(callee)) return;
          let fn = node.parent;
          while (fn && fn.type !== 'function_item') fn = fn.parent;
          ctx.report({ node, messageId: 'read', data: { fn: fn?.childForFieldName('name')?.text ?? '?' } });
        },
      };
    },
  });
  const findings = (source: string): Located[] =>
    analyzeRustFile({ path: 'src/store.rs', source }, new Map([[naive, {}]]), emptyProject()).findings.map((finding) => ({ finding, text: source }));

  beforeAll(() => loadRustParser());

  it('does not take a call moved out of an offloading closure for the base one inside it (same message, same fn)', () => {
    const base = `pub async fn archive(&self, dir: PathBuf) -> Result<u64> {
    let size = tokio::task::spawn_blocking({
        let dir = dir.clone();
        move || blobs::read_blob(&dir.join("index"))
    })
    .await??;
    Ok(size)
}
`;
    const head = `pub async fn archive(&self, dir: PathBuf) -> Result<u64> {
    let size = blobs::read_blob(&dir.join("index"))?;
    Ok(size)
}
`;
    const [b] = findings(base);
    const [h] = findings(head);
    expect(b!.finding.message).toBe(h!.finding.message);
    expect(matchBaseline([h!], [b!], () => true)).toEqual([false]);
  });

  it('still matches a line a sweep edited when it runs in the same place and calls the same thing', () => {
    const base = `pub async fn archive(&self, dir: PathBuf) -> Result<u64> {
    tokio::task::spawn_blocking(move || blobs::read_blob(&dir.join("index").to_path_buf())).await?
}
`;
    const head = `pub async fn archive(&self, dir: PathBuf) -> Result<u64> {
    tokio::task::spawn_blocking(move || blobs::read_blob(dir.join("index"))).await?
}
`;
    const [b] = findings(base);
    const [h] = findings(head);
    expect(matchBaseline([h!], [b!], () => true)).toEqual([true]);
  });
});
