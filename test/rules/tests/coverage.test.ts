import { beforeAll, describe, expect, it } from 'vitest';
import { emptyProject } from '../../../src/rules/engine.js';
import { loadRustParser } from '../../../src/rust/parser.js';
import { changeCoverage, computeChangeCoverage } from '../../../src/rules/tests/support/coverage.js';
import type { ChangedFileView } from '../../../src/rules/define-rule.js';
import { rs } from './change-rule-cases.js';
import { parse } from '../../helpers/parse.js';

/** A change input like the pipeline's, counting the reads of files outside the change. */
function change(files: Record<string, { base?: string; head?: string }>, unchanged: Record<string, string> = {}) {
  const reads: string[] = [];
  const head = new Map(Object.entries(unchanged));
  const base = new Map(Object.entries(unchanged));
  const views: ChangedFileView[] = Object.entries(files).map(([path, f]) => {
    if (f.head !== undefined) head.set(path, f.head);
    if (f.base !== undefined) base.set(path, f.base);
    const old = new Set((f.base ?? '').split('\n'));
    const added = (f.head ?? '').split('\n').flatMap((l, i) => (f.base === undefined || !old.has(l) ? [i + 1] : []));
    return { path, status: f.base === undefined ? 'added' : f.head === undefined ? 'removed' : 'modified', addedLines: new Set(added) };
  });
  return {
    reads,
    input: {
      files: views,
      project: emptyProject([...head.keys()]),
      readHead: async (p: string) => {
        if (!(p in files)) reads.push(p);
        return head.get(p);
      },
      readBase: async (p: string) => base.get(p),
      parse,
    },
  };
}

const PRICING_BASE = rs(
  'pub fn volume_discount_pct(seats: u32) -> i64 {',
  '    if seats >= 50 { 10 } else { 0 }',
  '}',
  '',
  'pub fn price(seats: u32) -> i64 {',
  '    let gross = 1_500 * i64::from(seats);',
  '    gross - gross * volume_discount_pct(seats) / 100',
  '}',
  '',
  '#[cfg(test)]',
  'mod tests {',
  '    use super::*;',
  '',
  '    #[test]',
  '    fn ten_percent_from_fifty_seats() {',
  '        assert_eq!(price(50), 67_500);',
  '    }',
  '}',
);
const PRICING_HEAD = PRICING_BASE.replace('    if seats >= 50 { 10 } else { 0 }', '    match seats {\n        200.. => 20,\n        50.. => 10,\n        _ => 0,\n    }').replace(
  '#[cfg(test)]',
  'pub fn seats_label(seats: u32) -> String {\n    format!("{seats} seats")\n}\n\n#[cfg(test)]',
);

const HANDLER = rs('pub async fn archive_project(State(db): State<PgPool>, Path(id): Path<Uuid>) -> StatusCode {', '    repo::archive(&db, id).await;', '    StatusCode::NO_CONTENT', '}');
const ROUTER = rs('pub fn router() -> Router {', '    Router::new().route("/projects/{id}/archive", post(handlers::archive_project))', '}');
const httpTest = (name: string, uri: string) => rs('#[tokio::test]', `async fn ${name}() {`, `    let res = send(Method::POST, "${uri}").await;`, '    assert_eq!(res.status(), StatusCode::NO_CONTENT);', '}');

describe('computeChangeCoverage', () => {
  beforeAll(() => loadRustParser());

  it('lists every added or changed pub fn, covered directly, indirectly through a covered caller, or not at all', async () => {
    const { input } = change({ 'src/services/pricing.rs': { base: PRICING_BASE, head: PRICING_HEAD } });
    expect(await computeChangeCoverage(input)).toEqual([
      { path: 'src/services/pricing.rs', line: 1, name: 'volume_discount_pct', covered: true, coveredBy: 'tests::ten_percent_from_fifty_seats via price' },
      { path: 'src/services/pricing.rs', line: 14, name: 'seats_label', covered: false },
    ]);
  });

  it('names the integration test that requests the handler route, with the method and path', async () => {
    const { input } = change(
      { 'src/handlers.rs': { head: HANDLER }, 'src/lib.rs': { base: 'pub fn router() -> Router { Router::new() }\n', head: ROUTER } },
      { 'tests/archive.rs': httpTest('archives', '/projects/7/archive') },
    );
    const rows = await computeChangeCoverage(input);
    expect(rows.find((r) => r.name === 'archive_project')).toEqual({
      path: 'src/handlers.rs',
      line: 1,
      name: 'archive_project',
      covered: true,
      coveredBy: 'tests/archive.rs: archives (POST /projects/7/archive)',
    });
  });

  it('stops reading test files once every row is covered, and skips them all when the module tests cover it', async () => {
    const many = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`tests/t${i}.rs`, httpTest(`t${i}`, i === 0 ? '/projects/1/archive' : `/other/${i}`)]));
    const privateRouter = ROUTER.replace('pub fn', 'fn');
    const first = change({ 'src/handlers.rs': { head: HANDLER }, 'src/lib.rs': { base: 'fn router() -> Router { Router::new() }\n', head: privateRouter } }, many);
    await computeChangeCoverage(first.input);
    expect(first.reads).toEqual(['tests/t0.rs']);

    const own = change({ 'src/handlers.rs': { head: HANDLER + rs('', '#[cfg(test)]', 'mod tests {', '    #[tokio::test]', '    async fn archives() {', '        assert_eq!(super::archive_project(db(), Path(ID)).await, StatusCode::NO_CONTENT);', '    }', '}') } }, many);
    expect((await computeChangeCoverage(own.input))[0]).toMatchObject({ covered: true, coveredBy: 'tests::archives' });
    expect(own.reads).toEqual([]);
  });

  it('reads an out-of-line `mod tests;` file of the changed module', async () => {
    const { input, reads } = change(
      { 'src/jobs/digest.rs': { head: rs('pub fn render_digest(items: &[Item]) -> String {', '    items.iter().map(|i| i.title.as_str()).collect::<Vec<_>>().join("\\n")', '}', '', '#[cfg(test)]', 'mod tests;') } },
      { 'src/jobs/digest/tests.rs': rs('use super::*;', '', '#[test]', 'fn renders_titles() {', '    assert_eq!(render_digest(&[item("a")]), "a");', '}') },
    );
    expect(await computeChangeCoverage(input)).toEqual([{ path: 'src/jobs/digest.rs', line: 1, name: 'render_digest', covered: true, coveredBy: 'tests::renders_titles' }]);
    expect(reads).toEqual(['src/jobs/digest/tests.rs']);
  });

  it('reads an out-of-line test module gated by `cfg(all(test, ..))`, as an inline one is read', async () => {
    const { input, reads } = change(
      { 'src/jobs/digest.rs': { head: rs('pub fn render_digest(items: &[Item]) -> String {', '    items.iter().map(|i| i.title.as_str()).collect::<Vec<_>>().join("\\n")', '}', '', '#[cfg(all(test, feature = "fixtures"))]', 'mod digest_cases;') } },
      { 'src/jobs/digest/digest_cases.rs': rs('use super::*;', '', '#[test]', 'fn renders_titles() {', '    assert_eq!(render_digest(&[item("a")]), "a");', '}') },
    );
    expect(await computeChangeCoverage(input)).toEqual([{ path: 'src/jobs/digest.rs', line: 1, name: 'render_digest', covered: true, coveredBy: 'digest_cases::renders_titles' }]);
    expect(reads).toEqual(['src/jobs/digest/digest_cases.rs']);
  });

  it('does not count a generic name mentioned in another file without its type', async () => {
    const { input } = change(
      { 'src/services/cache.rs': { head: rs('pub struct Cache;', '', 'impl Cache {', '    pub fn get(&self, key: &str) -> Option<String> {', '        self.lookup(key)', '    }', '}') } },
      { 'tests/http.rs': rs('#[test]', 'fn gets() {', '    assert!(client().get("/x").send().is_ok());', '}') },
    );
    expect(await computeChangeCoverage(input)).toEqual([{ path: 'src/services/cache.rs', line: 4, name: 'Cache::get', covered: false }]);
  });

  it('ignores test code, trait impls and private fns', async () => {
    const { input } = change({
      'src/model.rs': { head: rs('impl fmt::Display for Id {', '    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {', '        write!(f, "{}", self.0)', '    }', '}', '', 'fn helper() -> u8 {', '    1', '}') },
      'tests/model.rs': { head: rs('#[test]', 'pub fn shows() {', '    assert_eq!(Id(1).to_string(), "1");', '}') },
    });
    expect(await computeChangeCoverage(input)).toEqual([]);
  });

  it('counts the untested handlers of a whole tree in one note for the summary, and adds none to a change', async () => {
    const tested = rs('pub async fn show_project(State(db): State<PgPool>, Path(id): Path<Uuid>) -> Json<Project> {', '    Json(repo::find(&db, id).await)', '}', '');
    const tests = rs('#[cfg(test)]', 'mod tests {', '    #[tokio::test]', '    async fn shows() {', '        assert_eq!(super::show_project(db(), Path(ID)).await.0.id, ID);', '    }', '}');
    const whole = change({ 'src/handlers/projects.rs': { head: tested + HANDLER + tests } });
    const out = await changeCoverage({ ...whole.input, wholeTree: true });
    expect(out.rows.map((r) => [r.name, r.covered])).toEqual([['show_project', true], ['archive_project', false]]);
    expect(out.note).toMatch(/^1 of 2 handlers have no test/);
    expect((await changeCoverage(whole.input)).note).toBeUndefined();
  });
});
