import { describe, expect, it } from 'vitest';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';
import { crateModelOf } from '../helpers/crate-model.js';

const rs = (s: string) => s.replace(/^\n/, '');

/** The code context of the first `.unwrap()` on the line holding `marker`, in `path` of a crate made of `files`. */
async function contextAt(files: Record<string, string>, path: string, marker: string): Promise<string> {
  await loadRustParser();
  const model = await crateModelOf(files);
  const tree = parseRust(files[path]!);
  const row = files[path]!.split('\n').findIndex((l) => l.includes(marker));
  const call = tree.rootNode.descendantsOfType('call_expression').find((c) => c.startPosition.row === row && c.text.endsWith('.unwrap()'));
  expect(call, marker).toBeDefined();
  return model.forFile(path, tree).codeContext(call!);
}

const main = rs(`
mod api;
#[tokio::main]
async fn main() {
    let port = std::env::var("PORT").unwrap(); // startup
    let app = axum::Router::new().route("/users", axum::routing::get(api::list));
    serve(app, port).await;
}
`);

describe('codeContext: where code runs', () => {
  it('tells a handler, start-up code and a lazy initialiser apart', async () => {
    const api = rs(`
use std::sync::LazyLock;
static RE: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new("a+").unwrap()); // static
pub async fn list(q: axum::extract::Query<P>) -> String {
    let cell = CELL.get_or_init(|| load().unwrap()); // once
    q.name.parse::<u32>().unwrap().to_string() // handler
}
`);
    const files = { 'src/main.rs': main, 'src/api.rs': api };
    expect(await contextAt(files, 'src/main.rs', '// startup')).toBe('startup');
    expect(await contextAt(files, 'src/api.rs', '// static')).toBe('static-init');
    expect(await contextAt(files, 'src/api.rs', '// once')).toBe('static-init');
    expect(await contextAt(files, 'src/api.rs', '// handler')).toBe('production');
  });

  it('places test modules and test files as test code', async () => {
    const api = rs(`
pub async fn list() -> String { String::new() }
#[cfg(test)]
mod tests {
    #[test]
    fn parses() { "1".parse::<u32>().unwrap(); } // in test
}
`);
    const files = { 'src/main.rs': main, 'src/api.rs': api, 'tests/api.rs': 'fn helper() { "1".parse::<u32>().unwrap(); } // test file\n' };
    expect(await contextAt(files, 'src/api.rs', '// in test')).toBe('test');
    expect(await contextAt(files, 'tests/api.rs', '// test file')).toBe('test');
  });

  it('a fn item declared inside an initialiser runs when called, not once', async () => {
    const api = rs(`
pub async fn list() -> String { String::new() }
const _: () = {
    impl Handler {
        pub async fn get(&self) -> u32 { "1".parse::<u32>().unwrap() } // nested fn
    }
};
`);
    expect(await contextAt({ 'src/main.rs': main, 'src/api.rs': api }, 'src/api.rs', '// nested fn')).not.toBe('static-init');
  });
});
