/** The name-list debt only shrinks: areas that reached 0 may not appear in it again, and every line names a file that exists. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NAME_LIST_DEBT } from './name-list-debt.js';

/** Areas whose lists of library names have all moved into src/catalogue/: a new list there has no debt to hide in. */
const CLEARED = ['model/', 'rules/architecture/', 'rules/database/', 'rules/async/', 'rules/ownership/', 'rules/tests/'];

describe('the name-list debt (test/catalogue/name-list-debt.ts)', () => {
  it('holds no file of an area that is cleared', () => {
    const stale = Object.keys(NAME_LIST_DEBT).filter((f) => CLEARED.some((dir) => f.startsWith(dir)));
    expect(stale, 'these areas declare no lists of library names: move the list into src/catalogue/ instead of adding debt').toEqual([]);
  });

  it('names only files that exist (a removed file\'s line would be room for a new list under its name)', () => {
    expect(Object.keys(NAME_LIST_DEBT).filter((f) => !fs.existsSync(`src/${f}`))).toEqual([]);
  });

  it('counts only lists still there', () => {
    expect(Object.entries(NAME_LIST_DEBT).filter(([, n]) => n <= 0)).toEqual([]);
  });
});
