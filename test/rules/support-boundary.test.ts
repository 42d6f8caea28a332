/**
 * A role's `support/` folder holds that role's judgement only. Facts about Rust code live in
 * src/model/ and names in src/catalogue/, so that two roles never compute the same fact twice.
 * These checks catch the two ways that goes wrong: a role reaching into another role's folder (the
 * fact it wants is shared, so it belongs in the model), and the model or the catalogue reaching
 * into a role (a fact that depends on a role's judgement is not a fact).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as values from '../../src/catalogue/values.js';
import { nameLists } from '../catalogue/name-lists.js';

const ROLES = ['architecture', 'async', 'database', 'ownership', 'tests'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every relative import of a file, resolved to a path under src/. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((m) => path.normalize(path.join(path.dirname(file), m[1]!)));
}

const supportFiles = (role: string): string[] => (fs.existsSync(`src/rules/${role}/support`) ? sourceFiles(`src/rules/${role}/support`) : []);

const roleOf = (file: string): string | undefined => ROLES.find((r) => file.startsWith(`src/rules/${r}/`));

describe('role support folders', () => {
  it('no role imports another role\'s files', () => {
    const crossings = sourceFiles('src/rules').flatMap((file) => {
      const own = roleOf(file);
      return importsOf(file).filter((imp) => roleOf(imp) && own && roleOf(imp) !== own).map((imp) => `${file} -> ${imp}`);
    });
    expect(crossings, 'a fact two roles need belongs in src/model/ (or its names in src/catalogue/)').toEqual([]);
  });

  it('the model and the catalogue import no rule code', () => {
    const upward = [...sourceFiles('src/model'), ...sourceFiles('src/catalogue')].flatMap((file) =>
      importsOf(file).filter((imp) => imp.startsWith('src/rules/')).map((imp) => `${file} -> ${imp}`));
    expect(upward, 'the model knows; rules judge: a model fact may not depend on a rule').toEqual([]);
  });

  it('no rule file declares again a function or constant the model exports (the fact is asked for, not rewritten)', () => {
    const exported = new Set(sourceFiles('src/model').flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(/^export (?:async )?(?:function\*?|const|class) (\w+)/gm)].map((m) => m[1]!)));
    const again = sourceFiles('src/rules').flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/^(?:export )?(?:async )?(?:function\*?|const|class) (\w+)/gm)].filter((m) => exported.has(m[1]!)).map((m) => `${file}: ${m[1]}`));
    expect(again.sort(), 'use the model\'s export (or name the role\'s own judgement differently)').toEqual([]);
  });

  it('no support file keeps its own copy of std methods the catalogue lists (values.ts: same value, numbers, text)', () => {
    // test/catalogue's API-name check leaves std's vocabulary out (`clone`, `len` are no framework);
    // a support folder's list of them (sql-taint's WRAPPERS, NUMERIC_CHAIN) disagreed with the model's.
    const std = new Set<string>();
    for (const v of Object.values(values)) {
      if (v instanceof Set) for (const x of v) std.add(String(x));
      else if (v instanceof RegExp) for (const m of v.source.matchAll(/[a-z_]\w{2,}/g)) std.add(m[0]);
    }
    const copies = ROLES.flatMap((r) => supportFiles(r)).flatMap((file) =>
      nameLists(fs.readFileSync(file, 'utf8')).filter((list) => list.filter((n) => std.has(n)).length >= 2).map((list) => `${file}: ${list.slice(0, 4).join('|')}`));
    expect(copies, 'ask src/catalogue/values.ts (or the model fact built on it: provenance.ts, constant-values.ts)').toEqual([]);
  });

  it('no support file resolves names itself (the model\'s bindings.ts does, macro arguments included)', () => {
    const own = ROLES.flatMap((r) => supportFiles(r)).filter((file) => /\b(letBindingName|letsBinding|lastBefore)\b/.test(fs.readFileSync(file, 'utf8')));
    expect(own, 'use resolveBinding / resolveBindingAt (src/model/bindings.ts)').toEqual([]);
  });

  it('no file of src/ guesses a binding by position (the last `let` of a name written above the use): only the model\'s scopes resolve names', () => {
    // `lastBefore(letsBinding(..))` took a `let` of a block that had ended, or of a closure, for the binding in scope.
    // (src/rust/syntax.ts defined both; nothing asks for them any more, so they are gone.)
    const guessing = sourceFiles('src').filter((file) => file !== path.join('src', 'model', 'bindings.ts') && /\b(letsBinding|lastBefore)\b/.test(fs.readFileSync(file, 'utf8')));
    expect(guessing, 'use resolveBinding / resolveBindingAt (src/model/bindings.ts)').toEqual([]);
  });

  it('one answer to "is this fn a test": only src/model/test-attributes.ts reads the catalogue\'s test attributes', () => {
    const readers = sourceFiles('src').filter((file) => file !== path.join('src', 'model', 'test-attributes.ts') && !file.startsWith(path.join('src', 'catalogue')))
      .filter((file) => /\b(testAttributeKind|isAsyncOnlyTestAttribute|TEST_ATTRIBUTES|TEST_ATTRIBUTE_KINDS)\b/.test(fs.readFileSync(file, 'utf8')));
    expect(readers, 'ask isTestFn / inTestScope / isTestContext (they resolve `use tokio::test;` then `#[test]`)').toEqual([]);
  });

  it('the tests role asks the model which fns a test calls (model/reached-fns.ts), not which names it mentions', () => {
    // Matching by names tied a test to every fn of that name (a db-layer test "covered" the handler of the same name).
    const files = sourceFiles('src/rules/tests');
    const collecting = files.filter((file) => /type === '(field_|type_)?identifier'[^\n]*\.add\(/.test(fs.readFileSync(file, 'utf8')));
    expect(collecting, 'ask FnReach.reachedBy for the crate fns a test reaches').toEqual([]);
  });

  it('no rule parses Rust itself (it reads the trees the engine parsed: ctx.tree, ctx.parse)', () => {
    const parsing = ROLES.flatMap((r) => sourceFiles(`src/rules/${r}`)).filter((file) => /new Parser\(|\bParser\.init\(|\bparseRust\(/.test(fs.readFileSync(file, 'utf8')));
    expect(parsing, 'the engine parses each file once, within its time limits; a rule that parses on its own escapes both').toEqual([]);
  });
});
