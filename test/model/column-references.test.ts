import { beforeAll, describe, expect, it } from 'vitest';
import { findColumnReference, type RustSources } from '../../src/model/column-references.js';
import { loadRustParser } from '../../src/rust/parser.js';
import { parse } from '../helpers/parse.js';

const files: Record<string, string> = {
  'src/schema.rs': `diesel::table! {
    orders (id) {
        id -> Int8,
        legacy_note -> Nullable<Text>,
    }
}
`,
  'src/users.rs': `#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    #[sqlx(rename = "mail")]
    email: String,
}
`,
  'src/audit.rs': `pub async fn audit(pool: &PgPool) {
    sqlx::query("SELECT actor FROM audit_log").execute(pool).await.unwrap();
}
`,
  'target/debug/build/gen.rs': `const Q: &str = "SELECT stale FROM audit_log";`,
};

/** Counts reads, so a test sees whether a second question re-read the tree. */
function sources(reads: string[]): () => RustSources {
  return () => ({ paths: Object.keys(files), read: async (path) => (reads.push(path), files[path]), parse });
}

describe('model: where the crate still names a column', () => {
  beforeAll(() => loadRustParser());

  it('finds a diesel table! column, a row struct field (by its sqlx rename) and an SQL string', async () => {
    const key = {};
    const read = sources([]);
    expect(await findColumnReference(key, read, { table: 'orders', column: 'legacy_note' })).toEqual({ path: 'src/schema.rs', line: 4 });
    expect(await findColumnReference(key, read, { table: 'users', column: 'mail' })).toEqual({ path: 'src/users.rs', line: 5 });
    expect(await findColumnReference(key, read, { table: 'public.audit_log', column: 'actor' })).toEqual({ path: 'src/audit.rs', line: 2 });
  });

  it('does not count build output, a field of another table or a column the crate never names', async () => {
    const read = sources([]);
    expect(await findColumnReference({}, read, { table: 'audit_log', column: 'stale' })).toBeNull();
    expect(await findColumnReference({}, read, { table: 'orders', column: 'email' })).toBeNull();
    expect(await findColumnReference({}, read, { table: 'orders', column: 'shipped_at' })).toBeNull();
  });

  it('reads the sources once per key: the rules asking about one change share an index', async () => {
    const reads: string[] = [];
    const key = {};
    await findColumnReference(key, sources(reads), { table: 'orders', column: 'id' });
    await findColumnReference(key, sources(reads), { table: 'users', column: 'id' });
    expect(reads).toHaveLength(3);
    await findColumnReference({}, sources(reads), { table: 'orders', column: 'id' });
    expect(reads).toHaveLength(6);
  });
});
