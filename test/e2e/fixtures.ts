/** Rust sources with known findings for the end-to-end tests. */

/**
 * `ownership/ptr-arg` (info, with a suggestion) on line `2 + 4k`, `architecture/unfinished-code` (warning) on line `3 + 4k` when `todo`:
 * a handler at the end of the file (an extractor parameter) calls the unfinished fns, so a request reaches the `todo!()`.
 */
export function rustFile(fns: { name: string; todo?: boolean; ptr?: boolean }[], header = ''): string {
  const out = header ? [header] : ['// generated for the test'];
  for (const f of fns) {
    out.push(`pub fn ${f.name}(s: ${f.ptr === false ? '&str' : '&String'}) -> String {`);
    out.push(f.todo ? '    todo!()' : '    s.trim().to_string()');
    out.push('}');
    out.push('');
  }
  const unfinished = fns.filter((f) => f.todo);
  if (unfinished.length) out.push(`pub async fn serve(Query(s): Query<String>) -> String {\n    [${unfinished.map((f) => `${f.name}(&s)`).join(', ')}].concat()\n}\n`);
  return out.join('\n');
}

export const CLEAN = '// nothing to see\npub fn ok() -> u32 {\n    1\n}\n';

export function normalise(text: string): string {
  return text
    .replace(/(rust-review:fp=[0-9a-f]+)\.[0-9a-f]{32} -->/g, '$1.<mac> -->')
    .replace(/rust-review:review=\d+-/g, 'rust-review:review=<run>-')
    .replace(/[0-9a-f]{40}/g, '<sha>')
    .replace(/\b[0-9a-f]{12}\b/g, '<short-sha>')
    .replace(/Reviewed in [0-9.]+ s/g, 'Reviewed in <t> s')
    .replace(/\/runs\/\d+/g, '/runs/<id>');
}
