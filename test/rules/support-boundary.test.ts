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
    // Known before this check, to move or rename (lower this list, never add to it).
    const known = [
      'src/rules/architecture/internal-error-leak.ts: implTypeName',
      'src/rules/database/fetch-all-unbounded.ts: isPerItemClosure',
      'src/rules/database/sql-injection.ts: literalText',
      'src/rules/database/support/sql-taint.ts: isConstantExpr',
    ];
    expect(again.filter((a) => !known.includes(a)).sort(), 'use the model\'s export (or name the role\'s own judgement differently)').toEqual([]);
  });

  it('no rule parses Rust itself (it reads the trees the engine parsed: ctx.tree, ctx.parse)', () => {
    const parsing = ROLES.flatMap((r) => sourceFiles(`src/rules/${r}`)).filter((file) => /new Parser\(|\bParser\.init\(|\bparseRust\(/.test(fs.readFileSync(file, 'utf8')));
    expect(parsing, 'the engine parses each file once, within its time limits; a rule that parses on its own escapes both').toEqual([]);
  });
});
