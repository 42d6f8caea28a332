/**
 * Shared by the squawk-backed `database/migration-*` rules: take this change set's squawk run
 * (src/migrations/, one run for all rules), keep the violations of the squawk rules a rule maps, on
 * statements the change added, and report them with the statement's table / column names.
 * Statements inside a `-- safety-assured` block are the team's acknowledged risk: not reported.
 */
import { alteredTable, createdTable, indexTarget, lintChangedMigrations, type MigrationFileLint, safetyAssuredLines, splitStatements, type SqlStatement, type SquawkViolation } from '../../../migrations/index.js';
import type { ChangeContext } from '../../define-rule.js';

export interface SquawkHit {
  file: MigrationFileLint;
  violation: SquawkViolation;
  /** The whole statement holding the violation (comments removed). */
  statement: SqlStatement;
  /** The flagged span's own text (e.g. the `ADD COLUMN ..` action of an `ALTER TABLE`). */
  span: string;
}

export interface SquawkRuleMapping {
  /** squawk rule name -> this rule's message id. */
  rules: Record<string, string>;
  /**
   * Also lint down migrations. Only for runtime failures: a down file is expected to drop and undo,
   * and it runs by hand in a rollback, not on every deploy.
   */
  includeDown?: boolean;
  /**
   * Drop hits on tables this same file creates (nobody reads them yet). squawk does this itself for
   * some rules (index creation, required columns) but not for renames, drops or type changes.
   */
  skipTablesCreatedHere?: boolean;
  /** Picks another of the rule's messages for this hit (default: the mapped one). */
  pickMessage?(hit: SquawkHit, messageId: string): string;
  /** Data for the message (`{{table}}`, `{{column}}` ...), or null to drop this hit. */
  describe(hit: SquawkHit, messageId: string): { [key: string]: string | undefined } | null;
  /** Per-finding help, when it depends on the file (e.g. how this tool opts out of the transaction). */
  help?(hit: SquawkHit, messageId: string): string | undefined;
  /** The root cause this hit shares with others (one comment lists them), e.g. one statement dropping several columns. */
  rootCause?(hit: SquawkHit, messageId: string): string | undefined;
  /** The replacement of the violation's line, when the rule knows it (`needsEdit`: more is needed by hand). */
  suggest?(hit: SquawkHit, messageId: string): { text: string; needsEdit?: boolean } | undefined;
}

export async function reportSquawkFindings(ctx: ChangeContext, mapping: SquawkRuleMapping): Promise<void> {
  const lint = await lintChangedMigrations(ctx);
  // Tables that an added up migration of this change creates: still empty when the rest runs, so
  // locks and rewrites on them cost nothing (squawk only knows about its own file).
  const createdInChange = new Set(
    lint.files
      .filter((f) => f.status === 'added' && f.migration.direction !== 'down')
      .flatMap((f) => splitStatements(f.content).flatMap((s) => {
        const t = createdTable(s.code);
        return t ? [t] : [];
      })),
  );
  for (const file of lint.files) {
    if (file.migration.direction === 'down' && !mapping.includeDown) continue;
    const statements = splitStatements(file.content);
    const created = new Set(statements.flatMap((s) => {
      const t = createdTable(s.code);
      return t ? [t] : [];
    }));
    // Statements the team marked as weighed and accepted (`-- safety-assured:start` .. `:end`).
    const assured = safetyAssuredLines(file.content);
    const seen = new Set<string>();
    for (const violation of file.violations) {
      const mapped = mapping.rules[violation.rule];
      if (!mapped) continue;
      if (!touchesAddedLine(file, violation.line, violation.endLine)) continue;
      const statement = statements.find((s) => s.line <= violation.line && violation.line <= s.endLine) ?? { code: '', line: violation.line, endLine: violation.endLine };
      if (assured.has(statement.line)) continue;
      const table = (alteredTable(statement.code) ?? indexTarget(statement.code)?.table)?.toLowerCase();
      if (table && (createdInChange.has(table) || (mapping.skipTablesCreatedHere && created.has(table)))) continue;
      const hit: SquawkHit = { file, violation, statement, span: spanText(file.lines, violation) };
      const messageId = mapping.pickMessage?.(hit, mapped) ?? mapped;
      const described = mapping.describe(hit, messageId);
      if (!described) continue;
      const data = Object.fromEntries(Object.entries(described).filter((e): e is [string, string] => e[1] !== undefined));
      const key = `${violation.line}:${messageId}:${JSON.stringify(data)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const suggestion = mapping.suggest?.(hit, messageId);
      ctx.report({
        path: file.migration.path,
        line: violation.line,
        messageId,
        data,
        help: mapping.help?.(hit, messageId),
        snippet: statement.code || undefined,
        rootCause: mapping.rootCause?.(hit, messageId),
        ...(suggestion ? { suggestion: suggestion.text, suggestionNeedsEdit: suggestion.needsEdit } : {}),
      });
    }
  }
}

function touchesAddedLine(file: MigrationFileLint, line: number, endLine: number): boolean {
  if (file.status === 'added') return true;
  for (let l = line; l <= endLine; l++) if (file.addedLines.has(l)) return true;
  return false;
}

function spanText(lines: readonly string[], v: SquawkViolation): string {
  if (v.line === v.endLine) return (lines[v.line - 1] ?? '').slice(v.column, v.endColumn || undefined);
  const parts = lines.slice(v.line - 1, v.endLine);
  if (!parts.length) return '';
  parts[0] = parts[0]!.slice(v.column);
  parts[parts.length - 1] = parts[parts.length - 1]!.slice(0, v.endColumn);
  return parts.join('\n');
}
