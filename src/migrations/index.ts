/** The migration bridge: which files are migrations, and squawk's verdicts on them (one run per change set). */
export { isMigrationSql, migrationPath, noTransactionAdvice, sendsFileAsOneQuery, type MigrationPath } from './paths.js';
export { isMigrationFile } from './rust-migrations.js';
export { lintChangedMigrations, squawkNoteFor, type MigrationFileLint, type MigrationLint, type SquawkState } from './lint.js';
export { squawkAvailability, SQUAWK_PATH_ENV, type SquawkViolation } from './squawk.js';
export { safetyAssuredLines, splitStatements, type SqlStatement } from './statements.js';
export { alteredTable, createdTable, droppedColumns, indexTarget, nameAfter, type DroppedColumn } from './sql-names.js';
export { dropSites, type DropSite } from './dropped-columns.js';
