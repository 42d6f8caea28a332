import { beforeAll, describe, expect, it } from 'vitest';
import { clientOrigin } from '../../src/model/client-origin.js';
import { ImportMap } from '../../src/rust/imports.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';
import { crateModelOf } from '../helpers/crate-model.js';

beforeAll(() => loadRustParser());

const rs = (s: string) => s.replace(/^\n/, '');

/** Where the client at the receiver of the `.get(..)` call in `src/handlers.rs` comes from: its timeout, and the line it is built on. */
async function originIn(files: Record<string, string>): Promise<{ timeout: string; at?: string }> {
  const path = 'src/handlers.rs';
  const root = parseRust(files[path]!).rootNode;
  const get = root.descendantsOfType('call_expression').find((c) => c.childForFieldName('function')?.childForFieldName('field')?.text === 'get')!;
  const client = get.childForFieldName('function')!.childForFieldName('value')!;
  const o = clientOrigin(client, { path, root, imports: ImportMap.fromRoot(root), model: await crateModelOf(files) });
  const at = o.elsewhere ? `${o.elsewhere.path}:${o.elsewhere.line}` : o.node ? `${path}:${o.node.startPosition.row + 1}` : undefined;
  return { timeout: o.timeout, ...(at ? { at } : {}) };
}

describe('where an HTTP client comes from, and whether it sets a timeout', () => {
  it('a local let: a default client sets none, a builder with a timeout knob sets one', async () => {
    const none = 'async fn f() {\n    let client = reqwest::Client::new();\n    client.get(URL).send().await;\n}\n';
    expect(await originIn({ 'src/handlers.rs': none })).toEqual({ timeout: 'none', at: 'src/handlers.rs:2' });
    const set = 'use std::time::Duration;\nasync fn f() {\n    let client = reqwest::Client::builder()\n        .timeout(Duration::from_secs(5))\n        .build()?;\n    client.get(URL).send().await;\n}\n';
    expect(await originIn({ 'src/handlers.rs': set })).toEqual({ timeout: 'set', at: 'src/handlers.rs:3' });
  });
  it('a field of the state, initialised in another file of the crate', async () => {
    const files = {
      'src/state.rs': 'pub struct AppState { pub http: reqwest::Client }\npub fn state() -> AppState {\n    AppState { http: reqwest::Client::new() }\n}\n',
      'src/handlers.rs': 'use crate::state::AppState;\nasync fn f(State(state): State<AppState>) {\n    state.http.get(URL).send().await;\n}\n',
    };
    expect(await originIn(files)).toEqual({ timeout: 'none', at: 'src/state.rs:3' });
  });
  it('a parameter filled by callers in other files of the crate, directly or through another parameter', async () => {
    const handler = 'pub async fn notify(http: &reqwest::Client, url: &str) {\n    http.get(url).send().await;\n}\n';
    const direct = {
      'src/lib.rs': 'pub mod handlers;\npub mod jobs;\n',
      'src/handlers.rs': handler,
      'src/jobs.rs': 'use crate::handlers::notify;\npub async fn run() {\n    let http = reqwest::Client::new();\n    notify(&http, URL).await;\n}\n',
    };
    expect(await originIn(direct)).toEqual({ timeout: 'none', at: 'src/jobs.rs:3' });
    const through = {
      'src/lib.rs': 'pub mod handlers;\npub mod jobs;\npub mod main_loop;\n',
      'src/handlers.rs': handler,
      'src/jobs.rs': 'pub async fn run(client: &reqwest::Client) {\n    crate::handlers::notify(client, URL).await;\n}\n',
      'src/main_loop.rs': 'pub async fn start() {\n    let c = reqwest::Client::builder().timeout(T).build().unwrap();\n    crate::jobs::run(&c).await;\n}\n',
    };
    expect(await originIn(through)).toEqual({ timeout: 'set', at: 'src/main_loop.rs:2' });
  });
  it('callers that disagree, or one whose client is unknown, leave the parameter unknown', async () => {
    const handler = 'pub async fn notify(http: &reqwest::Client, url: &str) {\n    http.get(url).send().await;\n}\n';
    const base = {
      'src/lib.rs': 'pub mod handlers;\npub mod a;\npub mod b;\n',
      'src/handlers.rs': handler,
      'src/a.rs': 'pub async fn a() {\n    crate::handlers::notify(&reqwest::Client::new(), URL).await;\n}\n',
    };
    const timed = 'pub async fn b() {\n    let c = reqwest::Client::builder().timeout(T).build()?;\n    crate::handlers::notify(&c, URL).await;\n}\n';
    expect(await originIn({ ...base, 'src/b.rs': timed })).toEqual({ timeout: 'unknown' });
    const opaque = 'pub async fn b(state: &AppState) {\n    crate::handlers::notify(&state.http, URL).await;\n}\n';
    expect(await originIn({ ...base, 'src/b.rs': opaque })).toEqual({ timeout: 'unknown' });
    // A fn of the same name in another module is not a caller of this one.
    const namesake = 'fn notify(_: &reqwest::Client, _: &str) {}\npub async fn b() {\n    let c = reqwest::Client::builder().timeout(T).build()?;\n    notify(&c, URL);\n}\n';
    expect(await originIn({ ...base, 'src/b.rs': namesake })).toEqual({ timeout: 'none', at: 'src/a.rs:2' });
  });
  it('the `let` the name resolves to by scope, not the last `let` of that name written above the use', async () => {
    // The inner block's default client ended with its block: the request goes through the outer one.
    const shadowedInBlock = rs(`
async fn f() {
    let client = reqwest::Client::builder().timeout(T).build()?;
    {
        let client = reqwest::Client::new();
        warm(&client).await;
    }
    client.get(URL).send().await;
}
`);
    expect(await originIn({ 'src/handlers.rs': shadowedInBlock })).toEqual({ timeout: 'set', at: 'src/handlers.rs:2' });
    // A closure's parameter of the same name is the caller's client, whatever a `let` above says.
    const closureParam = rs(`
async fn f() {
    let client = reqwest::Client::new();
    let fetch = |client: &reqwest::Client| client.get(URL).send();
    fetch(&shared());
}
`);
    expect(await originIn({ 'src/handlers.rs': closureParam })).toEqual({ timeout: 'unknown' });
    // `let client = client.clone();` clones the outer client: the name in its own value is the earlier binding, not itself.
    const clonedPerTask = rs(`
async fn f(urls: Vec<String>) {
    let client = reqwest::Client::new();
    for url in urls {
        let client = client.clone();
        tokio::spawn(async move { client.get(url).send().await });
    }
}
`);
    expect(await originIn({ 'src/handlers.rs': clonedPerTask })).toEqual({ timeout: 'none', at: 'src/handlers.rs:2' });
  });
  it('a client whose construction the crate does not show stays unknown', async () => {
    expect(await originIn({ 'src/handlers.rs': 'async fn f(client: &reqwest::Client) {\n    client.get(URL).send().await;\n}\n' })).toEqual({ timeout: 'unknown' });
  });
});
