/**
 * Tables whose rows only the program's start-up adds: every query of the crate model that inserts
 * into the table (`INSERT INTO categories ..`, diesel's `insert_into(categories::table)`) runs in
 * start-up code (a sync from a file the program ships, a seeding command of its command-line tool)
 * or in tests, and at least one runs at start-up. Such a table holds what the program was built
 * with (categories, plans, countries), not what its users add: its size is the program's, and
 * reading all of it is what a listing of it means. A table that requests, background jobs or code of
 * unknown callers insert into, or that no query the model sees inserts into (another service may
 * fill it), is not one.
 */
import type { CrateModel } from './index.js';

const cache = new WeakMap<CrateModel, Map<string, boolean>>();

/** Whether rows of `table` (any case) are added only while the program starts (and in tests). */
export function rowsAddedOnlyAtStartup(model: CrateModel, table: string): boolean {
  let tables = cache.get(model);
  if (!tables) cache.set(model, (tables = seededTables(model)));
  return tables.get(table.toLowerCase()) ?? false;
}

/** Per table some query inserts into: true when every such query runs at start-up or in tests, and one at start-up. */
function seededTables(model: CrateModel): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const atStartup = new Set<string>();
  for (const ref of model.index.fns) {
    const tables = ref.fn.calls.flatMap((c) => c.inserts ?? []);
    if (!tables.length) continue;
    const context = model.contexts.of(ref);
    for (const t of tables) {
      if (context === 'startup') atStartup.add(t);
      out.set(t, (out.get(t) ?? true) && (context === 'startup' || context === 'test'));
    }
  }
  for (const [t, only] of out) if (only && !atStartup.has(t)) out.set(t, false);
  return out;
}
