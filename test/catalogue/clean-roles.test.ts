/**
 * Roles whose rule files hold no list of library API names any more (issue 15): they may not enter the
 * debt table again, so a list added to one of their files fails the catalogue test instead of being
 * counted as debt.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogueNames } from '../../src/catalogue/index.js';
import { NAME_LIST_DEBT } from './name-list-debt.js';
import { apiNameLists, ruleFiles } from './name-lists.js';

const CLEAN_ROLES = ['ownership', 'tests'];

describe('roles without name-list debt', () => {
  it('no file of theirs is in the debt table', () => {
    const inTable = Object.keys(NAME_LIST_DEBT).filter((f) => CLEAN_ROLES.some((r) => f.startsWith(`rules/${r}/`)));
    expect(inTable).toEqual([]);
  });

  it('none of their files declares a list of library API names', () => {
    const known = catalogueNames();
    const found: string[] = [];
    for (const role of CLEAN_ROLES) {
      for (const file of ruleFiles(`src/rules/${role}`)) {
        for (const list of apiNameLists(fs.readFileSync(file, 'utf8'), known)) found.push(`${file}: ${list.slice(0, 4).join('|')}; move it into src/catalogue/`);
      }
    }
    expect(found).toEqual([]);
  });
});
