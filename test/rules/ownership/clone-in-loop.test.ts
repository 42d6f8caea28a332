import rule from '../../../src/rules/ownership/clone-in-loop.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: 'cloned once, in the error that leaves the fn (return inside the loop)',
      code: `fn check(members: &[Member], caller: Vec<String>) -> Result<(), Denied> {
    for m in members {
        if !m.allows(&caller) {
            return Err(Denied::Caller(caller.clone()));
        }
    }
    Ok(())
}
`,
    },
    {
      name: 'cloned once, in the value a break leaves the loop with',
      code: `fn first_match(rows: &[Row], wanted: Vec<String>) -> Option<Vec<String>> {
    let found = loop {
        if rows.is_empty() {
            break Some(keep(wanted.clone()));
        }
    };
    found
}
`,
    },
    {
      name: 'Arc clone per spawned task is the intended pattern',
      code: `async fn fan_out(state: Arc<AppState>, jobs: Vec<Job>) {
    for job in jobs {
        let state = Arc::clone(&state);
        tokio::spawn(async move { state.run(job).await });
    }
}
`,
    },
    {
      name: 'pool handle cloned per worker',
      code: `fn start(pool: PgPool, n: usize) {
    for i in 0..n {
        let pool = pool.clone();
        std::thread::spawn(move || work(pool, i));
    }
}
`,
    },
    {
      name: 'the copy is moved into each output row (a borrow would not do)',
      code: `fn rows(ids: &[i64], tags: Vec<String>) -> Vec<Row> {
    let mut out = Vec::new();
    for id in ids {
        let t = tags.clone();
        out.push(Row { id: *id, tags: t });
    }
    out
}
`,
    },
    {
      name: 'batch cloned then cleared: not loop-invariant',
      code: `fn pump(rx: Receiver<Event>, sink: &Sink) {
    let mut batch: Vec<Event> = Vec::new();
    loop {
        batch.push(rx.recv());
        let snapshot = batch.clone();
        sink.write(&snapshot);
        batch.clear();
    }
}
`,
    },
    {
      name: 'value declared inside the loop',
      code: `fn f(users: &[User]) {
    for u in users {
        let roles: Vec<Role> = load(u);
        let copy = roles.clone();
        show(&copy);
        keep(roles);
    }
}
`,
    },
    {
      name: 'copy moved into a spawned task per iteration',
      code: `async fn notify(subs: Vec<Sub>, template: String) {
    for s in subs {
        let body = template.clone();
        tokio::spawn(async move { s.send(&body).await });
    }
}
`,
    },
    {
      name: 'Option::map runs once, not per item',
      code: `fn f(cfg: Option<Cfg>, names: Vec<String>) -> Option<usize> {
    cfg.map(|c| { let n = names.clone(); n.len() + c.x })
}
`,
    },
    {
      name: 'unknown type (not declared here) is left alone',
      code: `fn f(subs: &[Sub], catalog: Catalog) {
    for s in subs {
        let c = catalog.clone();
        s.render(&c);
    }
}
`,
    },
    {
      name: 'loop-invariant copy stored into each output row via push',
      code: `fn rows(ids: &[i64], tags: Vec<String>) -> Vec<Row> {
    let mut out = Vec::new();
    for id in ids {
        out.push(tags.clone());
    }
    out
}
`,
    },
    {
      name: 'Arc and client handles passed per item',
      code: `async fn fan(urls: Vec<String>, client: reqwest::Client, cfg: Arc<Settings>) {
    for u in urls {
        fetch(client.clone(), cfg.clone(), u).await;
    }
}
`,
    },
    {
      name: 'copy moved into a spawned task per item',
      code: `async fn notify(subs: Vec<Sub>, template: String) {
    for s in subs {
        tokio::spawn(deliver(s, template.clone()));
    }
}
`,
    },
    {
      name: 'by-value argument in a retry loop (not a loop over items)',
      code: `async fn post(client: &Client, url: String, body: Payload) -> Result<(), Error> {
    loop {
        match send(client, url.clone()).await {
            Ok(_) => return Ok(()),
            Err(e) if e.retryable() => continue,
            Err(e) => return Err(e),
        }
    }
}
`,
    },
    {
      name: 'app state (struct declared elsewhere) passed per item',
      code: `fn run(jobs: Vec<Job>, state: AppState) {
    for j in jobs {
        handle(j, state.clone());
    }
}
`,
    },
    {
      name: 'generic parameter cloned per item',
      code: `fn each<T: Clone>(items: &[Item], extra: T) -> Vec<Out<T>> {
    items.iter().map(|i| wrap(i, extra.clone())).collect()
}
`,
    },
    {
      name: 'Copy-looking struct declared here passed per item',
      code: `#[derive(Clone, Copy)]
struct Window { from: i64, to: i64 }
fn scan(ids: &[i64], w: Window) -> Vec<Hit> {
    ids.iter().map(|id| probe(*id, w.clone())).collect()
}
`,
    },
    {
      name: 'request cloned per attempt of a retry over a range',
      code: `async fn deliver(hook: Webhook, client: &Client) -> Result<(), Error> {
    for attempt in 0..5 {
        if post(client, hook.clone()).await.is_ok() {
            return Ok(());
        }
        backoff(attempt).await;
    }
    Err(Error::GaveUp)
}
`,
    },
  ],
  invalid: [
    {
      name: 'a return inside a per-item closure ends only that call: still once per item',
      code: `use crate::mail::Newsletter;
fn build(recipients: &[Recipient], issue: Newsletter) -> Vec<Envelope> {
    recipients
        .iter()
        .map(|r| return Envelope::compose(r, issue.clone()))
        .collect()
}
`,
      lines: [5],
      messageId: 'cloneAsArgument',
    },
    {
      name: 'a break from an inner loop still repeats in the outer one',
      code: `async fn blast(rs: Vec<Recipient>, template: String, mailer: &Mailer) {
    for r in rs {
        loop {
            break mailer.deliver(&r.address, template.clone()).await;
        }
    }
}
`,
      lines: [4],
      messageId: 'cloneAsArgument',
    },
    {
      name: 'catalog cloned per subscriber, only filtered and read',
      code: `async fn run(&self) -> Result<usize, Error> {
    let catalog: Vec<Product> = self.load().await?;
    let subscribers = self.subscribers().await?;
    for subscriber in &subscribers {
        let mut items = catalog.clone();
        items.retain(|p| subscriber.categories.contains(&p.category));
        items.truncate(20);
        let body = render_digest(&subscriber.email, &items);
        self.send(&body).await?;
    }
    Ok(0)
}
`,
      lines: [5],
      messageIncludes: '`catalog`',
    },
    {
      name: 'fetched rows cloned inside an iterator closure',
      code: `async fn f(pool: &PgPool, users: &[User]) -> Vec<String> {
    let rules = sqlx::query_as::<_, Rule>("SELECT * FROM rules").fetch_all(pool).await.unwrap();
    users.iter().map(|u| { let r = rules.clone(); check(u, &r) }).collect()
}
`,
      lines: [3],
      messageIncludes: '`rules`',
    },
    {
      name: 'struct field (HashMap) cloned per message just to read it',
      code: `struct Router {
    routes: HashMap<String, Route>,
}
impl Router {
    async fn serve(&self, mut rx: Receiver<Msg>) {
        while let Some(msg) = rx.recv().await {
            if self.routes.clone().contains_key(&msg.path) {
                handle(msg).await;
            }
        }
    }
}
`,
      lines: [7],
      messageIncludes: 'self.routes',
    },
    {
      name: 'to_vec of a catalog whose type comes from a same-file loader',
      code: `async fn load_catalog(pool: &PgPool) -> Result<Vec<Product>, sqlx::Error> {
    todo_load(pool).await
}
async fn run(pool: &PgPool, subs: &[Sub]) -> Result<(), sqlx::Error> {
    let catalog = load_catalog(pool).await?;
    for s in subs.iter() {
        let mut mine = catalog.to_vec();
        mine.retain(|p| s.follows(p));
        send(&s.email, &mine).await;
    }
    Ok(())
}
`,
      lines: [7],
      messageIncludes: '`catalog`',
    },
    {
      name: 'large struct (declared in another file) cloned as a by-value argument per item in map',
      code: `use crate::mail::Newsletter;
fn build(recipients: &[Recipient], issue: Newsletter) -> Vec<Envelope> {
    recipients
        .iter()
        .map(|r| Envelope::compose(r, issue.clone()))
        .collect()
}
`,
      lines: [5],
      messageIncludes: '`issue`',
    },
    {
      name: 'String template cloned as an argument per recipient in a for loop',
      code: `async fn blast(rs: Vec<Recipient>, template: String, mailer: &Mailer) -> Result<(), Error> {
    for r in rs {
        mailer.deliver(&r.address, template.clone()).await?;
    }
    Ok(())
}
`,
      lines: [3],
      messageIncludes: '`template`',
    },
    {
      name: 'a referenced struct cloned per item',
      code: `fn stamp(pages: &[Page], footer: &FooterBlock) -> Vec<Rendered> {
    pages.iter().map(|p| render_page(p, footer.clone())).collect()
}
`,
      lines: [2],
      messageIncludes: '`footer`',
    },
  ],
});

testFileRule(rule, {
  valid: [
    {
      name: 'in a package only the other members test with',
      manifests: {
        'api/Cargo.toml': `[package]
name = "api"
[dev-dependencies]
api-fakes = { path = "../fakes" }
`,
        'fakes/Cargo.toml': `[package]
name = "api-fakes"
`,
      },
      path: 'fakes/src/lib.rs',
      code: `pub fn fake_orders(template: &Order, n: usize) -> Vec<Order> {
    let mut out = Vec::new();
    for i in 0..n {
        let mut o = template.clone();
        o.lines = template.lines.clone();
        out.push(o);
    }
    out
}
`,
    },
  ],
  invalid: [],
});

/** A constructor of a tuple struct or an enum variant owns what it is given: each built item keeps its copy. */
testFileRule(rule, {
  valid: [
    {
      name: 'a loop-invariant body wrapped per row in an active-value variant (Set(..) owns its value)',
      code: `fn queue_rows(hooks: Vec<Hook>, body: serde_json::Value) -> Vec<QueueRow> {
    hooks
        .into_iter()
        .map(|h| QueueRow { hook_id: Set(h.id), body: Set(body.clone()), ..Default::default() })
        .collect()
}
`,
    },
    {
      name: 'a template wrapped per recipient in a newtype',
      code: `fn letters(rs: &[Recipient], template: String) -> Vec<(Address, Body)> {
    let mut out = Vec::new();
    for r in rs {
        out.push((r.address.clone(), Body(template.clone())));
    }
    out
}
`,
    },
  ],
  invalid: [
    {
      name: 'the same body handed per row to a fn that could borrow it',
      code: `fn queue_rows(hooks: Vec<Hook>, body: serde_json::Value) -> Vec<QueueRow> {
    hooks.into_iter().map(|h| make_row(h.id, body.clone())).collect()
}
`,
      lines: [2],
      messageIncludes: '`body`',
    },
  ],
});
