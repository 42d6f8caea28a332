/** The `DROP COLUMN` actions a changed migration adds, found without squawk (own SQL splitter). */
import { splitStatements } from './statements.js';
import type { MigrationFileLint } from './lint.js';
import { droppedColumns, type DroppedColumn } from './sql-names.js';

export interface DropSite extends DroppedColumn {
  /** 1-based line of the `DROP [COLUMN] <col>` words (or the statement's first line). */
  line: number;
}

export function dropSites(file: MigrationFileLint): DropSite[] {
  const out: DropSite[] = [];
  for (const stmt of splitStatements(file.content)) {
    for (const dropped of droppedColumns(stmt.code)) {
      const re = new RegExp(String.raw`\bDROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?"?${dropped.column}\b`, 'i');
      let line = stmt.line;
      for (let l = stmt.line; l <= stmt.endLine; l++) {
        if (re.test(file.lines[l - 1] ?? '')) {
          line = l;
          break;
        }
      }
      out.push({ ...dropped, line });
    }
  }
  return out;
}
