import { beforeAll, describe, expect, it } from 'vitest';
import { testRegions } from '../../src/model/test-regions.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

describe('where a production file keeps its test code', () => {
  it('test modules by name or cfg (also cfg(all(test, ..))), stray test fns, and the module path of each', () => {
    const code = `
pub fn reconcile() {}
#[test]
fn reconciles_alone() {}
impl Ledger {
    #[tokio::test]
    async fn in_impl() {}
    fn not_a_test() {}
}
mod storage {
    #[cfg(all(test, feature = "pg"))]
    mod pg_checks { fn seeded() {} }
    mod inner { fn plain() {} }
}
mod tests { fn helper() {} }
#[cfg(not(test))]
mod release_only { fn x() {} }
`;
    const regions = testRegions(parseRust(code).rootNode).map((r) => `${r.prefix}|${r.node.type === 'function_item' ? r.node.childForFieldName('name')?.text : r.node.type}`);
    expect(regions).toEqual(['|reconciles_alone', '|in_impl', 'storage::pg_checks::|declaration_list', 'tests::|declaration_list']);
  });
});
