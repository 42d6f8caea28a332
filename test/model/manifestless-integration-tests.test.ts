import { beforeAll, describe, expect, it } from 'vitest';
import { CrateModel, fileFacts, manifestFact } from '../../src/model/index.js';
import { loadRustParser, parseRust, type Tree } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

/** The crate fns the call of `name(..)` in `path` is known to call, as `file:name`. */
function callees(files: Record<string, string>, manifests: Record<string, string>, path: string, name: string): string[] {
  const trees = new Map<string, Tree>(Object.entries(files).map(([p, s]) => [p, parseRust(s)]));
  const all = [...Object.keys(files), ...Object.keys(manifests)];
  const model = CrateModel.build([...trees].map(([p, t]) => fileFacts(t.rootNode, p)), Object.entries(manifests).map(([p, toml]) => manifestFact(p, toml, all)));
  const tree = trees.get(path)!;
  const call = tree.rootNode.descendantsOfType('call_expression').find((c) => c.childForFieldName('function')?.text === name)!;
  return model.forFile(path, tree).knownCallees(call).map((r) => `${r.file.path}:${r.fn.name}`);
}

const files = {
  'src/shipping.rs': 'pub fn rate(weight_g: u32) -> u32 { weight_g / 100 + 250 }\n',
  'tests/rates.rs': `use parcels::shipping::rate;

#[test]
fn light_parcel() {
    assert_eq!(rate(900), 259);
}
`,
};

describe('an integration test of a package whose Cargo.toml the review has not read', () => {
  it("names the package's library by a name only the manifest would give: that library is the one meant", () => {
    expect(callees(files, {}, 'tests/rates.rs', 'rate')).toEqual(['src/shipping.rs:rate']);
  });

  it('with the manifest read, only the name it gives is that library', () => {
    expect(callees(files, { 'Cargo.toml': '[package]\nname = "parcels"\n' }, 'tests/rates.rs', 'rate')).toEqual(['src/shipping.rs:rate']);
    expect(callees(files, { 'Cargo.toml': '[package]\nname = "freight"\n' }, 'tests/rates.rs', 'rate')).toEqual([]);
  });
});
