import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/report/text.js';
import { ORDERS_RS, busyResult, finding, result } from './fixtures.js';

const contents = new Map([
  ['src/handlers/orders.rs', ORDERS_RS],
  ['src/model.rs', 'pub struct Model;\n\nimpl Model {\npub fn greet(name: &String) -> String {\n'],
]);
const ANSI = /\x1b\[/;

/** The column (0-based, in characters) of the first caret under the code line, relative to the code. */
function caretColumn(out: string, line: number): { start: number; width: number } {
  const lines = out.split('\n');
  const i = lines.findIndex((l) => new RegExp(`^\\s*${line} \\| `).test(l));
  const codeStart = lines[i]!.indexOf('| ') + 2;
  const carets = lines[i + 1]!;
  const start = carets.indexOf('^');
  return { start: start - codeStart, width: carets.slice(start).match(/^\^+/)![0].length };
}

describe('renderText', () => {
  it('renders findings with code, carets, help and a summary line, without colour', async () => {
    const out = renderText(busyResult(), { color: false, contents });
    expect(out).not.toMatch(ANSI);
    await expect(out).toMatchFileSnapshot('__snapshots__/text-busy.txt');
  });

  it('counts already-present findings and migrations taken as history in the summary line', () => {
    const out = renderText(result({ alreadyPresent: [finding({ line: 12 })], migrationsAsHistory: 1 }), { color: false, contents });
    expect(out).toContain('0 findings (0 error, 0 warning, 0 info), 1 file reviewed, 1 already present in');
    expect(out).toContain('note: 1 migration file was treated as already-applied history');
  });

  it('colours only when asked (a TTY)', () => {
    expect(renderText(busyResult(), { color: true, contents })).toMatch(ANSI);
  });

  it('puts the carets under the column range', () => {
    const out = renderText(result({ inline: [finding({ line: 12, column: 9, endColumn: 14 })] }), { color: false, contents });
    expect(caretColumn(out, 12)).toEqual({ start: 8, width: 5 });
    const code = ORDERS_RS.split('\n')[11]!;
    expect(code.slice(8, 13)).toBe('cache');
  });

  it('underlines from the column to the end of the code without an end column', () => {
    const out = renderText(result({ inline: [finding({ line: 13, column: 5, endColumn: undefined })] }), { color: false, contents });
    expect(caretColumn(out, 13)).toEqual({ start: 4, width: 'fetch(id).await;'.length });
  });

  it('underlines the code, not the indentation, without a column', () => {
    const out = renderText(result({ inline: [finding({ line: 11, column: undefined, endColumn: undefined })] }), { color: false, contents });
    expect(caretColumn(out, 11)).toEqual({ start: 4, width: 'let id = 1;'.length });
  });

  it('underlines to the end column when the end is on the same line', () => {
    const out = renderText(result({ inline: [finding({ line: 12, endLine: 12, column: 9, endColumn: 14 })] }), { color: false, contents });
    expect(caretColumn(out, 12)).toEqual({ start: 8, width: 5 });
  });

  it('keeps carets aligned under tab-indented code', () => {
    const tabbed = new Map([['src/t.rs', 'fn f() {\n\t\tlet g = m.lock();\n}\n']]);
    const out = renderText(result({ inline: [finding({ path: 'src/t.rs', line: 2, column: 7, endColumn: 8 })] }), { color: false, contents: tabbed });
    const lines = out.split('\n');
    const code = lines.find((l) => l.startsWith('2 | '))!;
    const carets = lines[lines.indexOf(code) + 1]!;
    expect(code).toBe('2 | \t\tlet g = m.lock();');
    // A terminal expands tabs the same way on both lines when the padding keeps them.
    expect(carets).toBe('  | \t\t    ^');
  });

  it('gives the path, line and column, and counts in the summary line', () => {
    const out = renderText(busyResult(), { color: false, contents });
    expect(out).toContain('--> src/handlers/orders.rs:12:9');
    expect(out).toMatch(/3 findings \(1 error, 1 warning, 1 info\), 3 files reviewed, 2 skipped, 3 outside the diff filter, 2 suppressed in 1234 ms/);
  });

  it('prints only the summary line with no findings', () => {
    expect(renderText(result(), { color: false, contents })).toBe('0 findings (0 error, 0 warning, 0 info), 1 file reviewed in 1234 ms\n');
  });

  it('copes with a line beyond the end of the file', () => {
    const out = renderText(result({ inline: [finding({ line: 500 })] }), { color: false, contents });
    expect(out).toContain('src/handlers/orders.rs:500:9');
  });
});
