/**
 * Fns a crate's own `macro_rules!` write (model/macro-items.ts): a lookup written once as a macro and
 * invoked in each model type's impl is a fn of that type that runs a query; an invocation this
 * reader cannot follow gives no fn at all.
 */
import { describe, expect, it } from 'vitest';
import { crateModelOf } from '../helpers/crate-model.js';
import { matchArgs, type MatcherPart } from '../../src/model/macro-items.js';
import type { CrateModel } from '../../src/model/index.js';

const rs = (s: string) => s.replace(/^\n/, '');

/** The crate root: diesel named by `extern crate`, and the macros every model file uses. */
const LIB = rs(`
#[macro_use]
extern crate diesel;

pub mod invoices;
pub mod tickets;

pub type Db = diesel::PgConnection;

macro_rules! by_id {
    ($table:ident) => {
        pub fn by_id(db: &crate::Db, id: i64) -> Result<Self, StoreError> {
            $table::table.filter($table::id.eq(id)).first(db).map_err(StoreError::from)
        }
    };
}

macro_rules! lookup {
    ($table:ident, $fn:ident, $($col:ident as $ty:ty),+) => {
        pub fn $fn(db: &crate::Db, $($col: $ty),+) -> Result<Self, StoreError> {
            $table::table $(.filter($table::$col.eq($col)))+ .first(db).map_err(StoreError::from)
        }
    };
}

macro_rules! newest {
    ($table:ident) => {
        fn newest(db: &crate::Db) -> Result<Self, StoreError> {
            $table::table.order_by($table::id.desc()).first(db).map_err(StoreError::from)
        }
    };
}

macro_rules! create {
    ($table:ident, $new:ty) => {
        create!($table, $new, |row| Ok(row));
    };
    ($table:ident, $new:ty, |$row:ident| $($then:tt)+) => {
        newest!($table);
        pub fn create(db: &crate::Db, new: $new) -> Result<Self, StoreError> {
            diesel::insert_into($table::table).values(new).execute(db)?;
            let $row = Self::newest(db)?;
            $($then)+
        }
    };
}

macro_rules! label {
    ($name:ident, $text:literal) => {
        pub fn $name(&self) -> &'static str { $text }
    };
}
`);

const INVOICES = rs(`
use diesel::prelude::*;
use crate::schema::invoices;

pub struct Invoice { pub id: i64, pub payer_id: i64 }

impl Invoice {
    by_id!(invoices);
    lookup!(invoices, by_number, number as &str);
    create!(invoices, NewInvoice);
    label!(kind, "invoice");

    pub fn payer(&self, db: &crate::Db) -> Result<Payer, StoreError> {
        let inv = Invoice::by_id(db, self.id)?;
        Payer::find(db, inv.payer_id)
    }
}
`);

const TICKETS = rs(`
use diesel::prelude::*;
use crate::schema::tickets;

pub struct Ticket { pub id: i64 }

impl Ticket {
    lookup!(tickets, by_code, code as &str, venue as i64);
}
`);

async function model(files: Record<string, string> = {}): Promise<CrateModel> {
  return crateModelOf({ 'src/lib.rs': LIB, 'src/invoices.rs': INVOICES, 'src/tickets.rs': TICKETS, ...files });
}

const method = (m: CrateModel, type: string, name: string) => m.index.methodsOf('src/', type, name);

describe('fns written by the crate\'s own macro_rules!', () => {
  it('a macro writing `fn by_id` in an impl gives that type a fn that runs a query, at the invocation', async () => {
    const m = await model();
    const [byId, ...more] = method(m, 'Invoice', 'by_id');
    expect(more).toEqual([]);
    expect(byId!.file.path).toBe('src/invoices.rs');
    expect(byId!.fn.line).toBe(7);
    expect(m.summaries.of(byId!).dbFallible?.call).toBe('invoices::table..first(..)');
    // A fn of the crate that propagates it carries the database error too.
    const payer = method(m, 'Invoice', 'payer')[0]!;
    expect(m.summaries.of(payer).dbFallible).toBeDefined();
  });

  it('names a fn by the identifier the invocation binds to `$fn:ident`, after a repetition of typed parameters', async () => {
    const m = await model();
    expect(method(m, 'Invoice', 'by_number')).toHaveLength(1);
    const byCode = method(m, 'Ticket', 'by_code')[0]!;
    expect(byCode.fn.params[0]!.name).toBe('db');
    expect(m.summaries.of(byCode).runsQuery).toBeDefined();
    // Nothing of the name leaks to another type.
    expect(method(m, 'Ticket', 'by_number')).toEqual([]);
  });

  it('follows the expansion into the macros it invokes (itself with more arguments, then another)', async () => {
    const m = await model();
    const create = method(m, 'Invoice', 'create')[0]!;
    expect(create).toBeDefined();
    expect(m.summaries.of(create).dbFallible).toBeDefined();
    expect(method(m, 'Invoice', 'newest')).toHaveLength(1);
  });

  it('a written fn that queries nothing is known and says so', async () => {
    const m = await model();
    const kind = method(m, 'Invoice', 'kind')[0]!;
    expect(kind.fn.hasSelf).toBe(true);
    expect(m.summaries.of(kind).runsQuery).toBeUndefined();
    expect(m.summaries.of(kind).dbFallible).toBeUndefined();
  });

  it('gives nothing when it cannot tell which definition or rule applies', async () => {
    // Defined twice (say, per feature): which one expands is not known.
    const twice = await model({ 'src/legacy.rs': 'macro_rules! by_id { ($t:ident) => { pub fn by_id() {} }; }\n' });
    expect(method(twice, 'Invoice', 'by_id')).toEqual([]);
    // Arguments no rule fits, and a fn name that is not an identifier the invocation wrote.
    const odd = await model({
      'src/tickets.rs': rs(`
impl Ticket {
    by_id!(tickets, extra);
    lookup!(tickets, "by_code", code as &str);
}
`),
    });
    expect(method(odd, 'Ticket', 'by_id')).toEqual([]);
    expect(method(odd, 'Ticket', 'by_code')).toEqual([]);
    expect(method(odd, 'Ticket', '"by_code"')).toEqual([]);
  });

  it('a macro of another crate, or one the crate does not define, writes nothing', async () => {
    const m = await model({ 'src/tickets.rs': 'impl Ticket {\n    diesel_lookup!(tickets, by_code);\n    by_id!(tickets);\n}\n' });
    expect(method(m, 'Ticket', 'by_code')).toEqual([]);
    expect(method(m, 'Ticket', 'by_id')).toHaveLength(1);
  });
});

describe('matchArgs (macro_rules matching for the matcher shapes the reader keeps)', () => {
  const bind = (b: string, frag: string): MatcherPart => ({ bind: b, frag });
  const lit = (l: string): MatcherPart => ({ lit: l });

  it('binds identifiers, types up to the next literal, and takes a final repetition whole', () => {
    const m = [bind('table', 'ident'), lit(','), bind('ty', 'ty'), lit(','), { rep: '+' } as MatcherPart];
    expect(matchArgs(m, ['users', ',', 'Vec < u8 >', ',', 'a', 'as', 'i32'])).toEqual(new Map([['table', 'users'], ['ty', 'Vec < u8 >']]));
    expect(matchArgs(m, ['users', ',', 'User', ','])).toBeNull();
    // Token trees do not group `<..>`: a comma inside a type's generics is the type's.
    expect(matchArgs(m, ['users', ',', 'HashMap', '<', 'K', ',', 'V', '>', ',', 'x'])?.get('ty')).toBe('HashMap < K , V >');
    // A type ends at a comma even when the matcher ends there: the rule does not fit.
    expect(matchArgs([bind('t', 'ident'), lit(','), bind('ty', 'ty')], ['t', ',', 'User', ',', 'x'])).toBeNull();
  });

  it('refuses what does not fit: a missing literal, a non-identifier for ident, extra arguments', () => {
    const m = [bind('a', 'ident'), lit(','), bind('b', 'ident')];
    expect(matchArgs(m, ['x', 'y'])).toBeNull();
    expect(matchArgs(m, ['x', ',', '"y"'])).toBeNull();
    expect(matchArgs(m, ['x', ',', 'y', ','])).toBeNull();
    expect(matchArgs(m, ['x', ',', 'y'])).toEqual(new Map([['a', 'x'], ['b', 'y']]));
  });
});
