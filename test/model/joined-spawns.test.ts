import { describe, expect, it } from 'vitest';
import type { CrateModel } from '../../src/model/index.js';
import { crateModelOf } from '../helpers/crate-model.js';

const rs = (s: string) => s.replace(/^\n/, '');

/** Where the fn named `name` runs, by the model. */
function where(model: CrateModel, name: string): string {
  const refs = model.index.fns.filter((f) => f.fn.name === name);
  expect(refs, `fn ${name}`).toHaveLength(1);
  return model.contexts.of(refs[0]!);
}

/** A binary whose `main` runs `body` once, with `render` and `sweep` as the work its tasks do. */
const startup = (body: string) => ({
  'src/main.rs': rs(`
#[tokio::main]
async fn main() {
${body}
}
async fn render(id: i32) -> anyhow::Result<()> { Ok(()) }
async fn sweep() {}
fn crunch(n: u64) -> u64 { n }
`),
});

describe('a task that start-up code spawns and waits for is start-up work', () => {
  it('its handle awaited, or joined as a thread', async () => {
    expect(where(await crateModelOf(startup('    let h = tokio::spawn(render(1));\n    h.await.unwrap().unwrap();')), 'render')).toBe('startup');
    expect(where(await crateModelOf(startup('    tokio::spawn(render(1)).await.unwrap().unwrap();')), 'render')).toBe('startup');
    expect(where(await crateModelOf(startup('    let t = std::thread::spawn(move || crunch(7));\n    t.join().unwrap();')), 'crunch')).toBe('startup');
  });

  it('handles collected in a Vec and awaited one by one, or joined together', async () => {
    const oneByOne = `    let mut tasks = Vec::new();
    for id in ids() {
        let handle = tokio::spawn(async move {
            render(id).await
        });
        tasks.push(handle);
    }
    for handle in tasks {
        match handle.await { Err(e) => println!("{e}"), _ => {} }
    }`;
    expect(where(await crateModelOf(startup(oneByOne)), 'render')).toBe('startup');
    const together = '    let hs: Vec<_> = ids().into_iter().map(|id| tokio::spawn(render(id))).collect();\n    futures::future::join_all(hs).await;';
    expect(where(await crateModelOf(startup(together)), 'render')).toBe('startup');
    expect(where(await crateModelOf(startup('    let a = tokio::spawn(render(1));\n    let b = tokio::spawn(sweep());\n    let _ = tokio::join!(a, b);')), 'sweep')).toBe('startup');
  });

  it('a JoinSet the fn drains, and threads of a scope', async () => {
    const set = '    let mut set = tokio::task::JoinSet::new();\n    for id in ids() { set.spawn(render(id)); }\n    while let Some(r) = set.join_next().await { r.unwrap().unwrap(); }';
    expect(where(await crateModelOf(startup(set)), 'render')).toBe('startup');
    expect(where(await crateModelOf(startup('    std::thread::scope(|s| {\n        s.spawn(|| crunch(3));\n    });')), 'crunch')).toBe('startup');
  });
});

describe('a spawned task stays a background job', () => {
  it('its handle dropped, kept, or returned', async () => {
    expect(where(await crateModelOf(startup('    tokio::spawn(sweep());')), 'sweep')).toBe('background');
    expect(where(await crateModelOf(startup('    let _sweeper = tokio::spawn(sweep());\n    serve().await;')), 'sweep')).toBe('background');
    expect(where(await crateModelOf(startup('    let h = tokio::spawn(sweep());\n    keep(h);')), 'sweep')).toBe('background');
    // A JoinSet nobody drains here: the tasks outlive the fn's interest in them.
    expect(where(await crateModelOf(startup('    let mut set = tokio::task::JoinSet::new();\n    set.spawn(sweep());\n    keep(set);')), 'sweep')).toBe('background');
  });

  it('a waited-for task that loops for as long as the program runs, and a joined task inside a detached one', async () => {
    expect(where(await crateModelOf(startup('    let h = tokio::spawn(async { loop { sweep().await; } });\n    h.await.unwrap();')), 'sweep')).toBe('background');
    const nested = '    tokio::spawn(async {\n        let inner = tokio::spawn(render(1));\n        inner.await.unwrap().unwrap();\n    });';
    expect(where(await crateModelOf(startup(nested)), 'render')).toBe('background');
  });

  it('a joined task in a request handler serves the request', async () => {
    const model = await crateModelOf({
      'src/main.rs': rs(`
#[tokio::main]
async fn main() {
    serve(Router::new().route("/render", post(render_all))).await;
}
async fn render_all() -> String {
    let h = tokio::spawn(render(1));
    h.await.unwrap();
    String::new()
}
async fn render(id: i32) {}
`),
    });
    expect(where(model, 'render')).toBe('request');
  });
});
