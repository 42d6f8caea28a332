/** The database reviewer's rules. Add each new rule file here. */
import type { Rule } from '../define-rule.js';
import blockingOrmInAsync from './blocking-orm-in-async.js';
import fetchAllUnbounded from './fetch-all-unbounded.js';
import migrationColumnTypeChange from './migration-column-type-change.js';
import migrationConcurrentlyInTransaction from './migration-concurrently-in-transaction.js';
import migrationConstraintNotValid from './migration-constraint-not-valid.js';
import migrationDrop from './migration-drop.js';
import migrationDropsUsedColumn from './migration-drops-used-column.js';
import migrationEdited from './migration-edited.js';
import migrationIndexNotConcurrent from './migration-index-not-concurrent.js';
import migrationMissingDown from './migration-missing-down.js';
import migrationNotNullWithoutDefault from './migration-not-null-without-default.js';
import migrationRename from './migration-rename.js';
import migrationSetNotNull from './migration-set-not-null.js';
import migrationVolatileDefault from './migration-volatile-default.js';
import poolPerRequest from './pool-per-request.js';
import queryInLoop from './query-in-loop.js';
import sqlInjection from './sql-injection.js';
import txNotCommitted from './tx-not-committed.js';
import txSpansExternalIo from './tx-spans-external-io.js';
import unwrapDbResult from './unwrap-db-result.js';

export const databaseRules: Rule[] = [
  blockingOrmInAsync,
  fetchAllUnbounded,
  migrationColumnTypeChange,
  migrationConcurrentlyInTransaction,
  migrationConstraintNotValid,
  migrationDrop,
  migrationDropsUsedColumn,
  migrationEdited,
  migrationIndexNotConcurrent,
  migrationMissingDown,
  migrationNotNullWithoutDefault,
  migrationRename,
  migrationSetNotNull,
  migrationVolatileDefault,
  poolPerRequest,
  queryInLoop,
  sqlInjection,
  txNotCommitted,
  txSpansExternalIo,
  unwrapDbResult,
];
