import { beforeAll, describe, expect, it } from 'vitest';
import { CrateModel, fileFacts, manifestFact } from '../../src/model/index.js';
import { loadRustParser, parseRust, type Tree } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

/** The `Owner::name` of the crate fns the call to `.method(..)` in `path` is known to call. */
function callees(files: Record<string, string>, manifests: Record<string, string>, path: string, method: string): string[] {
  const trees = new Map<string, Tree>(Object.entries(files).map(([p, s]) => [p, parseRust(s)]));
  const all = [...Object.keys(files), ...Object.keys(manifests)];
  const model = CrateModel.build([...trees].map(([p, t]) => fileFacts(t.rootNode, p)), Object.entries(manifests).map(([p, toml]) => manifestFact(p, toml, all)));
  const tree = trees.get(path)!;
  const call = tree.rootNode.descendantsOfType('call_expression').find((c) => c.childForFieldName('function')?.childForFieldName('field')?.text === method)!;
  return model.forFile(path, tree).knownCallees(call).map((r) => `${r.fn.owner}::${r.fn.name}`);
}

/** Two members: `journal` (a library) and `server`, whose alias of a locked journal is named in its own module. */
const manifests = {
  'Cargo.toml': '[workspace]\nmembers = ["journal", "server"]\n',
  'journal/Cargo.toml': '[package]\nname = "journal"\n',
  'server/Cargo.toml': '[package]\nname = "server"\n[dependencies]\njournal = { path = "../journal" }\n',
};
const journal = {
  'journal/src/lib.rs': 'pub mod log;\n',
  'journal/src/log.rs': `pub struct Ledger { dir: std::path::PathBuf }
impl Ledger {
    pub fn replay(&self, from: u64) -> std::io::Result<Vec<u8>> { std::fs::read(self.dir.join(from.to_string())) }
}
`,
};
const server = (worker: string) => ({
  ...journal,
  'server/src/lib.rs': 'pub mod shared;\npub mod worker;\n',
  'server/src/shared.rs': `use std::sync::Arc;
use tokio::sync::Mutex;
use journal::log::Ledger;
pub type SharedLedger = Arc<Mutex<Ledger>>;
`,
  'server/src/worker.rs': worker,
});

describe('a method called on a lock guard', () => {
  it("reaches the locked value's method, through an alias named in another module and a type of another member", () => {
    for (const guard of ['ledger.lock().await', 'ledger.lock().await?', 'ledger.read().unwrap()', 'ledger.write().expect("poisoned")']) {
      const worker = `use crate::shared::SharedLedger;
pub async fn catch_up(ledger: SharedLedger, from: u64) {
    let bytes = ${guard}.replay(from);
}
`;
      expect(callees(server(worker), manifests, 'server/src/worker.rs', 'replay'), guard).toEqual(['Ledger::replay']);
    }
  });

  it("not when the crate's own type has a method of the lock's name (that call returns something else)", () => {
    const files = {
      'src/lib.rs': `pub struct Vault { items: Vec<u8> }
pub struct Entry;
impl Vault {
    pub fn lock(&self) -> Entry { Entry }
    pub fn replay(&self) {}
}
impl Entry {
    pub fn replay(&self) {}
}
pub fn open(v: &Vault) {
    v.lock().replay();
}
`,
    };
    expect(callees(files, {}, 'src/lib.rs', 'replay')).toEqual([]);
  });
});
