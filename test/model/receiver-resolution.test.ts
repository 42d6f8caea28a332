import { beforeAll, describe, expect, it } from 'vitest';
import { modelOfFile } from '../../src/model/index.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

const repo = `pub struct Repo { pool: PgPool }
pub struct Other;
impl Repo {
    pub fn new(pool: PgPool) -> Self { Repo { pool } }
    pub fn from_pool(pool: PgPool) -> Result<Self, E> { Ok(Repo { pool }) }
    pub async fn load_one(&self, id: i64) -> Row { todo!() }
}
impl Other {
    pub async fn load_one(&self, id: i64) -> Row { todo!() }
}
pub struct Svc { store: Arc<Repo> }
`;

/** The `Owner::name` of the crate fns the `.load_one(..)` call of `code` (appended to the types above) is known to call. */
function calleesOfLoad(code: string): string[] {
  const tree = parseRust(repo + code);
  const model = modelOfFile(tree, 'src/repo.rs');
  const call = tree.rootNode.descendantsOfType('call_expression').find((c) => c.childForFieldName('function')?.childForFieldName('field')?.text === 'load_one')!;
  return model.knownCallees(call).map((r) => `${r.fn.owner}::${r.fn.name}`);
}

describe('which method a call reaches, by the receiver\'s declared or constructed type', () => {
  it('a let built by a constructor, a fallible constructor, a struct literal, or a smart pointer around one', () => {
    for (const value of ['Repo::new(pool)', 'Repo::from_pool(pool)?', 'Repo { pool }', 'Arc::new(Repo::new(pool))', 'Rc::new(Repo { pool })']) {
      expect(calleesOfLoad(`async fn a(pool: PgPool) {\n    let r = ${value};\n    r.load_one(1).await;\n}\n`), value).toEqual(['Repo::load_one']);
    }
  });
  it('a parameter behind a reference or an extractor, and a field of self', () => {
    expect(calleesOfLoad('async fn a(r: &Repo) {\n    r.load_one(1).await;\n}\n')).toEqual(['Repo::load_one']);
    expect(calleesOfLoad('async fn a(State(r): State<Repo>) {\n    r.load_one(1).await;\n}\n')).toEqual(['Repo::load_one']);
    expect(calleesOfLoad('async fn a(r: web::Data<Repo>) {\n    r.load_one(1).await;\n}\n')).toEqual(['Repo::load_one']);
    expect(calleesOfLoad('impl Svc {\n    async fn a(&self) {\n        self.store.load_one(1).await;\n    }\n}\n')).toEqual(['Repo::load_one']);
    expect(calleesOfLoad('impl Svc {\n    async fn a(&self) {\n        self\n            .store\n            .load_one(1)\n            .await;\n    }\n}\n'), 'a chain rustfmt split over lines').toEqual(['Repo::load_one']);
  });
  it('a receiver of unknown type reaches no method by its name alone', () => {
    expect(calleesOfLoad('async fn a(r: impl Load) {\n    r.load_one(1).await;\n}\n')).toEqual([]);
  });
});
