/**
 * Where the crate still names a column: SQL string literals (plain strings, raw strings, `query!`
 * arguments) that mention both the table and the column as whole words, diesel `table!` blocks
 * that list the column under the table, and fields of row structs (`#[derive(FromRow)]`,
 * diesel `Queryable`) that map it. Built once per side of a change from that side's `.rs` files.
 */
import { loadRustParser, type Node } from '../rust/parser.js';
import { attributesOf, descendants, lineOf, stringValue } from '../rust/syntax.js';
import { macroName, macroTokenTree } from '../rust/macros.js';
import type { DroppedColumn } from '../migrations/sql-names.js';
import { mayNameColumns, mentionsRowDerive, mentionsSqlWord } from '../catalogue/database.js';

interface SqlString {
  path: string;
  line: number;
  text: string;
}

interface DieselColumn {
  path: string;
  line: number;
  table: string;
  column: string;
}

/** A field of a `#[derive(FromRow)]` / diesel `Queryable` struct, with the tables it may map. */
interface RowField {
  path: string;
  line: number;
  tables: string[];
  column: string;
}

interface ReferenceIndex {
  strings: SqlString[];
  diesel: DieselColumn[];
  rowFields: RowField[];
}

export interface ColumnReference {
  path: string;
  line: number;
}

/** Enough Rust files for a large service; beyond that the index would cost more than it finds. */
const MAX_FILES = 3000;

/** One side of a change, as the index reads it: which Rust files, how to read and parse one. */
export interface RustSources {
  paths: readonly string[];
  read(path: string): Promise<string | undefined>;
  /** The review's parser: the tree the file analysis already made, not a second parse. */
  parse(source: string): Node;
}

/**
 * Memoised per `key` (one object per change set and side): the three migration rules that ask it
 * share one index, and a new change set (a new key) gets a new one.
 */
const cache = new WeakMap<object, Promise<ReferenceIndex>>();

function indexFor(key: object, sources: () => RustSources): Promise<ReferenceIndex> {
  let p = cache.get(key);
  if (!p) {
    const { paths, read, parse } = sources();
    const rust = paths.filter((p) => p.endsWith('.rs') && !/(^|\/)target\//.test(p)).slice(0, MAX_FILES);
    cache.set(key, (p = indexSources(rust, read, parse)));
  }
  return p;
}

async function indexSources(paths: readonly string[], read: (path: string) => Promise<string | undefined>, parse: (source: string) => Node): Promise<ReferenceIndex> {
  await loadRustParser();
  const index: ReferenceIndex = { strings: [], diesel: [], rowFields: [] };
  // Every read asked at once (the CLI's git answers them in one stream; one at a time, each waited
  // for a round trip to git: half a second of a crates.io review), then taken in order.
  const reads = paths.map((path) => read(path));
  for (const r of reads) r.catch(() => {}); // a failed read fails the index where the loop meets it
  for (const [k, path] of paths.entries()) {
    const source = await reads[k];
    if (!source) continue;
    if (!mayNameColumns(source)) continue;
    for (const node of descendants(parse(source))) {
      if (node.type === 'string_literal' || node.type === 'raw_string_literal') {
        const text = stringValue(node);
        if (text && mentionsSqlWord(text)) index.strings.push({ path, line: lineOf(node), text });
      } else if (node.type === 'macro_invocation' && /(^|::)table$/.test(macroName(node))) {
        collectDieselTable(path, node, index.diesel);
      } else if (node.type === 'struct_item') {
        collectRowStruct(path, node, index.rowFields);
      }
    }
  }
  return index;
}

/** `table! { orders (id) { id -> Int8, legacy_note -> Nullable<Text>, } }` */
function collectDieselTable(path: string, invocation: Node, out: DieselColumn[]): void {
  const tt = macroTokenTree(invocation);
  if (!tt) return;
  // Tables are `<name> (<pk>) { <col> -> <Type>, .. }`, possibly `schema.name`, several per macro.
  const children = tt.namedChildren;
  let table: string | null = null;
  for (const child of children) {
    if (child.type === 'identifier') table = child.text;
    else if (child.type === 'token_tree' && child.text.startsWith('{') && table) {
      for (const leaf of child.namedChildren) {
        // A column is the identifier right before `->` (the grammar may give `->` or `-` `>`).
        const next = leaf.nextSibling?.text;
        if (leaf.type === 'identifier' && (next === '->' || next === '-')) out.push({ path, line: lineOf(leaf), table, column: leaf.text.toLowerCase() });
      }
    }
  }
}


const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** `#[derive(FromRow)] struct OrderRow { legacy_note: .. }`: which tables its name or attributes point at. */
function collectRowStruct(path: string, item: Node, out: RowField[]): void {
  const attrs = attributesOf(item).map((a) => a.text).join(' ');
  if (!mentionsRowDerive(attrs)) return;
  const explicit = /table_name\s*=\s*"?([\w.]+)"?/.exec(attrs)?.[1];
  const base = snake(item.childForFieldName('name')?.text ?? '').replace(/_(row|record|model|entity|db|dto)$/, '');
  const tables = explicit ? [explicit.split('.').pop()!] : [base, `${base}s`, `${base}es`, base.replace(/y$/, 'ies')];
  const body = item.childForFieldName('body');
  for (const field of body?.namedChildren ?? []) {
    if (field.type !== 'field_declaration') continue;
    const name = field.childForFieldName('name')?.text;
    if (!name) continue;
    const rename = /#\[sqlx\(\s*rename\s*=\s*"([^"]+)"/.exec(attributesOf(field).map((a) => a.text).join(' '))?.[1];
    if (/#\[sqlx\(\s*skip/.test(attributesOf(field).map((a) => a.text).join(' '))) continue;
    out.push({ path, line: lineOf(field), tables, column: (rename ?? name).toLowerCase() });
  }
}

const word = (name: string) => new RegExp(`(^|[^A-Za-z0-9_])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_])`, 'i');

/** The first place `sources` (asked once per `key`) still use `table.column`, or null. */
export async function findColumnReference(key: object, sources: () => RustSources, dropped: DroppedColumn): Promise<ColumnReference | null> {
  return referenceIn(await indexFor(key, sources), dropped);
}

function referenceIn(index: ReferenceIndex, dropped: DroppedColumn): ColumnReference | null {
  const table = dropped.table.split('.').pop()!;
  const tableRe = word(table);
  const columnRe = word(dropped.column);
  const diesel = index.diesel.find((d) => d.table.toLowerCase() === table.toLowerCase() && d.column.toLowerCase() === dropped.column);
  if (diesel) return { path: diesel.path, line: diesel.line };
  const field = index.rowFields.find((f) => f.column === dropped.column && f.tables.includes(table.toLowerCase()));
  if (field) return { path: field.path, line: field.line };
  const hit = index.strings.find((s) => columnRe.test(s.text) && tableRe.test(s.text));
  return hit ? { path: hit.path, line: hit.line } : null;
}
