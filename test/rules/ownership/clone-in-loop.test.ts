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
      code: 'async fn fan_out(state: Arc<AppState>, jobs: Vec<Job>) {\n    for job in jobs {\n        let state = Arc::clone(&state);\n        tokio::spawn(async move { state.run(job).await });\n    }\n}\n',
    },
    {
      name: 'pool handle cloned per worker',
      code: 'fn start(pool: PgPool, n: usize) {\n    for i in 0..n {\n        let pool = pool.clone();\n        std::thread::spawn(move || work(pool, i));\n    }\n}\n',
    },
    {
      name: 'the copy is moved into each output row (a borrow would not do)',
      code: 'fn rows(ids: &[i64], tags: Vec<String>) -> Vec<Row> {\n    let mut out = Vec::new();\n    for id in ids {\n        let t = tags.clone();\n        out.push(Row { id: *id, tags: t });\n    }\n    out\n}\n',
    },
    {
      name: 'batch cloned then cleared: not loop-invariant',
      code: 'fn pump(rx: Receiver<Event>, sink: &Sink) {\n    let mut batch: Vec<Event> = Vec::new();\n    loop {\n        batch.push(rx.recv());\n        let snapshot = batch.clone();\n        sink.write(&snapshot);\n        batch.clear();\n    }\n}\n',
    },
    {
      name: 'value declared inside the loop',
      code: 'fn f(users: &[User]) {\n    for u in users {\n        let roles: Vec<Role> = load(u);\n        let copy = roles.clone();\n        show(&copy);\n        keep(roles);\n    }\n}\n',
    },
    {
      name: 'copy moved into a spawned task per iteration',
      code: 'async fn notify(subs: Vec<Sub>, template: String) {\n    for s in subs {\n        let body = template.clone();\n        tokio::spawn(async move { s.send(&body).await });\n    }\n}\n',
    },
    {
      name: 'Option::map runs once, not per item',
      code: 'fn f(cfg: Option<Cfg>, names: Vec<String>) -> Option<usize> {\n    cfg.map(|c| { let n = names.clone(); n.len() + c.x })\n}\n',
    },
    {
      name: 'unknown type (not declared here) is left alone',
      code: 'fn f(subs: &[Sub], catalog: Catalog) {\n    for s in subs {\n        let c = catalog.clone();\n        s.render(&c);\n    }\n}\n',
    },
    {
      name: 'loop-invariant copy stored into each output row via push',
      code: 'fn rows(ids: &[i64], tags: Vec<String>) -> Vec<Row> {\n    let mut out = Vec::new();\n    for id in ids {\n        out.push(tags.clone());\n    }\n    out\n}\n',
    },
    {
      name: 'Arc and client handles passed per item',
      code: 'async fn fan(urls: Vec<String>, client: reqwest::Client, cfg: Arc<Settings>) {\n    for u in urls {\n        fetch(client.clone(), cfg.clone(), u).await;\n    }\n}\n',
    },
    {
      name: 'copy moved into a spawned task per item',
      code: 'async fn notify(subs: Vec<Sub>, template: String) {\n    for s in subs {\n        tokio::spawn(deliver(s, template.clone()));\n    }\n}\n',
    },
    {
      name: 'by-value argument in a retry loop (not a loop over items)',
      code: 'async fn post(client: &Client, url: String, body: Payload) -> Result<(), Error> {\n    loop {\n        match send(client, url.clone()).await {\n            Ok(_) => return Ok(()),\n            Err(e) if e.retryable() => continue,\n            Err(e) => return Err(e),\n        }\n    }\n}\n',
    },
    {
      name: 'app state (struct declared elsewhere) passed per item',
      code: 'fn run(jobs: Vec<Job>, state: AppState) {\n    for j in jobs {\n        handle(j, state.clone());\n    }\n}\n',
    },
    {
      name: 'generic parameter cloned per item',
      code: 'fn each<T: Clone>(items: &[Item], extra: T) -> Vec<Out<T>> {\n    items.iter().map(|i| wrap(i, extra.clone())).collect()\n}\n',
    },
    {
      name: 'Copy-looking struct declared here passed per item',
      code: '#[derive(Clone, Copy)]\nstruct Window { from: i64, to: i64 }\nfn scan(ids: &[i64], w: Window) -> Vec<Hit> {\n    ids.iter().map(|id| probe(*id, w.clone())).collect()\n}\n',
    },
    {
      name: 'request cloned per attempt of a retry over a range',
      code: 'async fn deliver(hook: Webhook, client: &Client) -> Result<(), Error> {\n    for attempt in 0..5 {\n        if post(client, hook.clone()).await.is_ok() {\n            return Ok(());\n        }\n        backoff(attempt).await;\n    }\n    Err(Error::GaveUp)\n}\n',
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
      code: 'async fn run(&self) -> Result<usize, Error> {\n    let catalog: Vec<Product> = self.load().await?;\n    let subscribers = self.subscribers().await?;\n    for subscriber in &subscribers {\n        let mut items = catalog.clone();\n        items.retain(|p| subscriber.categories.contains(&p.category));\n        items.truncate(20);\n        let body = render_digest(&subscriber.email, &items);\n        self.send(&body).await?;\n    }\n    Ok(0)\n}\n',
      lines: [5],
      messageIncludes: '`catalog`',
    },
    {
      name: 'fetched rows cloned inside an iterator closure',
      code: 'async fn f(pool: &PgPool, users: &[User]) -> Vec<String> {\n    let rules = sqlx::query_as::<_, Rule>("SELECT * FROM rules").fetch_all(pool).await.unwrap();\n    users.iter().map(|u| { let r = rules.clone(); check(u, &r) }).collect()\n}\n',
      lines: [3],
      messageIncludes: '`rules`',
    },
    {
      name: 'struct field (HashMap) cloned per message just to read it',
      code: 'struct Router {\n    routes: HashMap<String, Route>,\n}\nimpl Router {\n    async fn serve(&self, mut rx: Receiver<Msg>) {\n        while let Some(msg) = rx.recv().await {\n            if self.routes.clone().contains_key(&msg.path) {\n                handle(msg).await;\n            }\n        }\n    }\n}\n',
      lines: [7],
      messageIncludes: 'self.routes',
    },
    {
      name: 'to_vec of a catalog whose type comes from a same-file loader',
      code: 'async fn load_catalog(pool: &PgPool) -> Result<Vec<Product>, sqlx::Error> {\n    todo_load(pool).await\n}\nasync fn run(pool: &PgPool, subs: &[Sub]) -> Result<(), sqlx::Error> {\n    let catalog = load_catalog(pool).await?;\n    for s in subs.iter() {\n        let mut mine = catalog.to_vec();\n        mine.retain(|p| s.follows(p));\n        send(&s.email, &mine).await;\n    }\n    Ok(())\n}\n',
      lines: [7],
      messageIncludes: '`catalog`',
    },
    {
      name: 'large struct (declared in another file) cloned as a by-value argument per item in map',
      code: 'use crate::mail::Newsletter;\nfn build(recipients: &[Recipient], issue: Newsletter) -> Vec<Envelope> {\n    recipients\n        .iter()\n        .map(|r| Envelope::compose(r, issue.clone()))\n        .collect()\n}\n',
      lines: [5],
      messageIncludes: '`issue`',
    },
    {
      name: 'String template cloned as an argument per recipient in a for loop',
      code: 'async fn blast(rs: Vec<Recipient>, template: String, mailer: &Mailer) -> Result<(), Error> {\n    for r in rs {\n        mailer.deliver(&r.address, template.clone()).await?;\n    }\n    Ok(())\n}\n',
      lines: [3],
      messageIncludes: '`template`',
    },
    {
      name: 'a referenced struct cloned per item',
      code: 'fn stamp(pages: &[Page], footer: &FooterBlock) -> Vec<Rendered> {\n    pages.iter().map(|p| render_page(p, footer.clone())).collect()\n}\n',
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
        'api/Cargo.toml': '[package]\nname = "api"\n[dev-dependencies]\napi-fakes = { path = "../fakes" }\n',
        'fakes/Cargo.toml': '[package]\nname = "api-fakes"\n',
      },
      path: 'fakes/src/lib.rs',
      code: 'pub fn fake_orders(template: &Order, n: usize) -> Vec<Order> {\n    let mut out = Vec::new();\n    for i in 0..n {\n        let mut o = template.clone();\n        o.lines = template.lines.clone();\n        out.push(o);\n    }\n    out\n}\n',
    },
  ],
  invalid: [],
});
