import { beforeAll, describe, expect, it } from 'vitest';
import { provenPresent } from '../../src/model/presence.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';
import { methodName, methodReceiver } from '../../src/rust/syntax.js';

const rs = (s: string) => s.replace(/^\n/, '');

/** For each `.unwrap()` / `.expect(..)` of the code, its line and whether a check before it proves it safe. */
function unwraps(code: string): Array<[number, boolean]> {
  const root = parseRust(rs(code)).rootNode;
  return root
    .descendantsOfType('call_expression')
    .filter((c) => /^(unwrap|expect)$/.test(methodName(c) ?? ''))
    .map((c) => [c.startPosition.row + 1, provenPresent(c, methodReceiver(c)!)] as [number, boolean])
    .sort((a, b) => a[0] - b[0]);
}

describe('presence: a value proven present before it is unwrapped', () => {
  beforeAll(() => loadRustParser());

  it('early exits on emptiness or length prove an element is there', () => {
    expect(
      unwraps(`
fn pick(files: Vec<String>, names: &[String], ids: Vec<u64>) -> anyhow::Result<String> {
    if files.len() != 1 {
        anyhow::bail!("expected one file, found {}", files.len());
    }
    let only = files.into_iter().next().expect("checked above");
    if names.is_empty() {
        return Ok(only);
    } else if ids.len() < 1 {
        return Ok(only);
    }
    let first = names.first().unwrap();
    let id = ids.iter().next().unwrap();
    Ok(format!("{only}{first}{id}"))
}
`),
    ).toEqual([
      [5, true],
      [11, true],
      [12, true],
    ]);
  });

  it('an element mapped or borrowed on its way to the unwrap is as present as the element', () => {
    expect(
      unwraps(`
fn deepest(mut ids: Vec<Node>, names: Vec<String>) -> Result<(u32, String), Error> {
    if ids.is_empty() {
        return Err(Error::NotFound);
    }
    ids.sort_by_key(|n| n.depth());
    let (id, path) = ids.last().map(|n| (n.id(), n.path())).unwrap();
    let name = names.first().map(|s| s.as_str()).unwrap();
    Ok((id, format!("{path}{name}")))
}
`),
    ).toEqual([
      [6, true],
      [7, false],
    ]);
  });

  it('positive checks, else branches, && chains, asserts and contains_key', () => {
    expect(
      unwraps(`
fn f(a: Option<u32>, b: Result<u32, E>, v: Vec<u32>, m: HashMap<String, u32>, k: String) {
    if a.is_some() && v.len() > 0 {
        use_it(a.unwrap(), v.last().unwrap());
    }
    if b.is_err() { log(); } else { use_it(b.unwrap()); }
    let ok = a.is_some() && a.unwrap() > 3;
    if m.contains_key(&k) {
        use_it(*m.get(&k).unwrap());
    }
    assert!(!v.is_empty());
    use_it(v[0], v.first().unwrap());
    while !v.is_empty() {
        let x = v.pop().unwrap();
    }
}
`),
    ).toEqual([
      [3, true],
      [3, true],
      [5, true],
      [6, true],
      [8, true],
      [11, true],
      [13, true],
    ]);
  });

  it('no check, a check of something else, a branch that does not leave, or the value emptied since: not proven', () => {
    expect(
      unwraps(`
fn g(mut a: Option<u32>, v: Vec<u32>, w: Vec<u32>, m: HashMap<String, u32>, k: String, j: String) {
    let x = a.unwrap();
    if w.is_empty() {
        return;
    }
    let y = v.first().unwrap();
    if v.is_empty() {
        log("empty");
    }
    let z = v.first().unwrap();
    if a.is_none() {
        return;
    }
    a.take();
    let t = a.unwrap();
    if m.contains_key(&k) {
        use_it(m.get(&j).unwrap());
    }
    if !a.is_some() {
        use_it(a.unwrap());
    }
    if v.len() > 1 || w.is_empty() {
        use_it(v.first().unwrap());
    }
}
`),
    ).toEqual([
      [2, false],
      [6, false],
      [10, false],
      [15, false],
      [17, false],
      [20, false],
      [23, false],
    ]);
  });
});
