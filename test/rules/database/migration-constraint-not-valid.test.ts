import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/database/migration-constraint-not-valid.js';
import { addedMigrations, findingsOf } from './support/migrations.js';

describe(rule.id, () => {
  it('fires on FK, CHECK and UNIQUE constraints added to an existing table, once each (else missing)', async () => {
    expect(await findingsOf(rule, addedMigrations(['sqlx/20240706090000_orders_constraints.sql']))).toEqual([
      'migrations/20240706090000_orders_constraints.sql:2 warning foreign key `orders_customer_fk` on `orders` is validated while adding it: a full scan that blocks writes to `orders` and the table it references',
      'migrations/20240706090000_orders_constraints.sql:5 warning check constraint `orders_total_positive` on `orders` is validated while adding it: a full scan that blocks writes to `orders`',
      'migrations/20240706090000_orders_constraints.sql:8 warning unique constraint `orders_reference_unique` on `orders` builds its index under an ACCESS EXCLUSIVE lock (no reads or writes meanwhile)',
    ]);
  });

  it('fires on VALIDATE CONSTRAINT in the same transaction as the NOT VALID add', async () => {
    const found = await findingsOf(rule, addedMigrations(['sqlx/20240706100000_orders_constraints_not_valid.sql']));
    expect(found).toHaveLength(2);
    expect(found[0]).toContain(':7 warning `VALIDATE CONSTRAINT orders_customer_fk` runs in the same transaction');
  });

  it('stays silent on NOT VALID constraints validated later, FKs of new tables and new FK columns (else noisy)', async () => {
    const fx = {
      files: {
        'migrations/20240801000000_fk.sql': {
          head: `ALTER TABLE orders
    ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
`,
        },
        'migrations/20240802000000_validate.sql': { head: 'ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;\n' },
      },
    };
    expect(await findingsOf(rule, fx)).toEqual([]);
    expect(await findingsOf(rule, addedMigrations(['sqlx/20240709090000_reviews.sql', 'sqlx/20240611120000_invoicing.sql']))).toEqual([]);
  });
});
