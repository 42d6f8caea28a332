/** Names pulled out of one SQL statement, for messages that name the table and column at fault. */
import { identifierName } from './statements.js';

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const QUALIFIED = String.raw`${IDENT}(?:\s*\.\s*${IDENT})*`;

const name = (raw: string | undefined): string => (raw ? raw.split(/\s*\.\s*/).map((p) => (p.startsWith('"') ? p.slice(1, -1) : p)).join('.') : '?');

/** `ALTER TABLE [IF EXISTS] [ONLY] <table>`. */
export function alteredTable(stmt: string): string | null {
  const m = new RegExp(String.raw`^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(${QUALIFIED})`, 'i').exec(stmt);
  return m ? name(m[1]) : null;
}

/** `CREATE [UNLOGGED] TABLE [IF NOT EXISTS] <table>`, lower-cased as Postgres folds it. */
export function createdTable(stmt: string): string | null {
  const m = new RegExp(String.raw`^CREATE\s+(?:(?:GLOBAL\s+|LOCAL\s+)?(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(${QUALIFIED})`, 'i').exec(stmt);
  return m ? name(m[1]).toLowerCase() : null;
}

/** The table of `CREATE [UNIQUE] INDEX .. ON <table>` and the index name when given. */
export function indexTarget(stmt: string): { index: string | null; table: string } | null {
  const m = new RegExp(String.raw`^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT}\s+)?ON\s+(?:ONLY\s+)?(${QUALIFIED})`, 'i').exec(stmt);
  return m ? { index: m[1] ? name(m[1].trim()) : null, table: name(m[2]) } : null;
}

/** The first name after a leading keyword phrase, e.g. `DROP INDEX [IF EXISTS] <name>`. */
export function nameAfter(text: string, phrase: string): string | null {
  const m = new RegExp(String.raw`${phrase}\s+(?:CONCURRENTLY\s+)?(?:IF\s+(?:NOT\s+)?EXISTS\s+)?(${QUALIFIED})`, 'i').exec(text);
  return m ? name(m[1]) : null;
}

export interface DroppedColumn {
  table: string;
  column: string;
}

/** Every `DROP [COLUMN] [IF EXISTS] <col>` action of an `ALTER TABLE` statement. */
export function droppedColumns(stmt: string): DroppedColumn[] {
  const table = alteredTable(stmt);
  if (!table) return [];
  const out: DroppedColumn[] = [];
  const re = new RegExp(String.raw`(?:^|,|\s)DROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?(${IDENT})`, 'gi');
  for (const m of stmt.matchAll(re)) {
    const col = m[1]!;
    if (/^(CONSTRAINT|DEFAULT|NOT|IDENTITY|EXPRESSION)$/i.test(col)) continue;
    out.push({ table, column: identifierName(col) });
  }
  return out;
}
