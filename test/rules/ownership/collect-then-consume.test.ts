import rule from '../../../src/rules/ownership/collect-then-consume.js';
import { testFileRule } from '../../helpers/rule-tester.js';

const ROWS = `use std::ops::Deref;

pub struct Rows<T>(Vec<T>);

impl<T> Deref for Rows<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> FromIterator<T> for Rows<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        Rows(items.into_iter().collect())
    }
}
`;

testFileRule(rule, {
  valid: [
    {
      name: 'collected, pushed to, then searched: a Vec is what is asked',
      code: `pub fn has_admin(team: &Team, owner: User) -> bool {
    let mut all = team.members().collect::<Vec<_>>();
    all.push(owner);
    all.iter().any(|u| u.admin)
}
`,
    },
    {
      name: 'pushed to only on one branch before the loop',
      code: `pub fn recipients(team: &Team, owner: User, cc_owner: bool) {
    let mut all = team.members().collect::<Vec<_>>();
    if cc_owner {
        all.push(owner);
    }
    for u in all {
        send(u);
    }
}
`,
    },
    {
      name: 'an item inserted at the front: not an append',
      code: `pub fn with_header(rows: &[Row], header: Row) -> Vec<Row> {
    let mut out = rows.iter().cloned().collect::<Vec<_>>();
    out.insert(0, header);
    out.into_iter().rev().collect()
}
`,
    },
    {
      name: 'the source the chain reads is cleared before the loop',
      code: `pub fn flush(buf: &mut Vec<Event>, extra: Event, sink: &Sink) {
    let mut out = buf.iter().cloned().collect::<Vec<_>>();
    buf.clear();
    out.push(extra);
    for e in out {
        sink.write(e);
    }
}
`,
    },
    {
      name: 'a crate collection that derefs to a Vec, iterated through its own IntoIterator',
      code: ROWS + `
pub fn names(users: &[User]) -> Vec<String> {
    users.iter().map(|u| u.name.clone()).collect::<Rows<_>>().into_iter().collect()
}
`,
    },
    {
      name: 'a crate type that derefs to a set: its contains is a lookup, not a scan',
      code: `use std::collections::HashSet;
use std::ops::Deref;

pub struct Tags(HashSet<String>);

impl Deref for Tags {
    type Target = HashSet<String>;
    fn deref(&self) -> &HashSet<String> {
        &self.0
    }
}

pub fn tagged(post: &Post) -> bool {
    post.labels().collect::<Tags>().contains("pinned")
}
`,
    },
    {
      name: 'spawned handles collected so the tasks run concurrently',
      code: `async fn run(jobs: Vec<Job>) {
    let handles: Vec<_> = jobs.into_iter().map(|j| tokio::spawn(j.run())).collect();
    for h in handles {
        h.await.unwrap();
    }
}
`,
    },
    {
      name: 'collected to end the borrow of the map the loop mutates',
      code: `fn expire(sessions: &mut HashMap<Uuid, Session>) {
    let stale: Vec<Uuid> = sessions.iter().filter(|(_, s)| s.expired()).map(|(id, _)| *id).collect();
    for id in stale {
        sessions.remove(&id);
    }
}
`,
    },
    {
      name: 'collected under a lock so the guard is released before the awaits',
      code: `async fn close_all(&self) {
    let ids: Vec<Uuid> = self.sessions.lock().unwrap().keys().copied().collect();
    for id in ids {
        self.close(id).await;
    }
}
`,
    },
    {
      name: 'the Vec is used twice (checked, then iterated)',
      code: `fn f(rows: Vec<Row>) {
    let active: Vec<Row> = rows.into_iter().filter(|r| r.active).collect();
    if active.is_empty() {
        return;
    }
    for r in active {
        send(r);
    }
}
`,
    },
    {
      name: 'collect of Results validates everything before the side effects',
      code: `async fn import(raw: &[String], db: &PgPool) -> Result<(), Error> {
    let parsed: Vec<Item> = raw.iter().map(|r| r.parse()).collect::<Result<_, _>>()?;
    for p in parsed {
        insert(db, p).await?;
    }
    Ok(())
}
`,
    },
    {
      name: 'HashSet collect is a dedup, not a needless Vec',
      code: `fn f(tags: &[String]) -> usize {
    let unique: HashSet<&String> = tags.iter().collect();
    unique.len()
}
`,
    },
    {
      name: 'closure with a side effect runs eagerly on purpose',
      code: `fn f(items: Vec<Item>, seen: &mut Vec<Id>) {
    let fresh: Vec<Item> = items.into_iter().filter(|i| { seen.push(i.id); true }).collect();
    for i in fresh {
        handle(i);
    }
}
`,
    },
    {
      name: 'the Vec is returned',
      code: `fn ids(rows: &[Row]) -> Vec<i64> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    ids
}
`,
    },
    {
      name: 'counted twice, then iterated (not count-only)',
      code: `fn purge(jobs: &[Job]) -> usize {
    let failed: Vec<&Job> = jobs.iter().filter(|j| j.failed).collect();
    if failed.is_empty() {
        return 0;
    }
    tracing::info!(n = failed.len(), "purging");
    for j in &failed {
        drop_job(j);
    }
    failed.len()
}
`,
    },
    {
      name: 'counted, then passed on to another function',
      code: `fn report(rows: &[Row]) -> Summary {
    let late: Vec<&Row> = rows.iter().filter(|r| r.late).collect();
    let n = late.len();
    if late.is_empty() {
        return Summary::default();
    }
    summarise(n, late)
}
`,
    },
    {
      name: 'counted, then indexed',
      code: `fn pick(items: &[Item]) -> Option<&Item> {
    let ready: Vec<&Item> = items.iter().filter(|i| i.ready).collect();
    if ready.len() > 1 {
        return Some(ready[0]);
    }
    None
}
`,
    },
    {
      name: 'the guard the chain borrows from is dropped before the loop',
      code: `fn names(registry: &RwLock<Registry>) -> Vec<String> {
    let guard = registry.read().unwrap();
    let names: Vec<String> = guard.services.keys().cloned().collect();
    drop(guard);
    let mut out = Vec::new();
    for n in names {
        out.push(n);
    }
    out
}
`,
    },
    {
      name: 'the map the chain reads is changed through a method before the loop ends',
      code: `fn prune(cache: &mut Cache) {
    let stale: Vec<Key> = cache.entries().filter(|e| e.old()).map(|e| e.key).collect();
    for key in stale {
        cache.evict(key);
    }
}
`,
    },
    {
      name: 'items borrowed from the Vec by .iter() (pointers into owned strings must outlive the loop)',
      code: `fn raw_names(names: &[String]) -> Vec<*const c_char> {
    let owned: Vec<CString> = names.iter().map(|n| CString::new(n.as_str()).unwrap()).collect();
    let ptrs = owned.iter().map(|c| c.as_ptr()).collect::<Vec<_>>();
    keep_alive(owned);
    ptrs
}
`,
    },
    {
      name: 'into_iter() kept as a vec::IntoIter (returned, or asked for as_slice)',
      code: `fn pending(jobs: Vec<Job>) -> std::vec::IntoIter<Job> {
    let ready: Vec<Job> = jobs.into_iter().filter(|j| j.ready).collect();
    ready.into_iter()
}
fn peek(jobs: Vec<Job>) -> usize {
    let ready: Vec<Job> = jobs.into_iter().filter(|j| j.ready).collect();
    ready.into_iter().as_slice().len()
}
`,
    },
    {
      name: 'the chain counts into a variable read after it (collect runs it to the end first)',
      code: `fn split(values: Vec<i64>) -> Result<Vec<i64>, usize> {
    let mut zeros = 0;
    let kept: Vec<i64> = values.into_iter().filter(|v| { if *v == 0 { zeros += 1; } *v != 0 }).collect();
    if zeros > 0 {
        return Err(zeros);
    }
    Ok(kept.into_iter().map(|v| v * 2).collect())
}
`,
    },
    {
      name: 'a turbofish that names every type may be what types the chain',
      code: `fn ids(raw: &[&str]) -> usize {
    raw.iter().map(|s| s.parse().unwrap()).collect::<Vec<u64>>().len()
}
`,
    },
    {
      name: 'iterated again, but the rest of the statement borrows the source mutably',
      code: `fn load(config: &mut Config) -> Vec<Store> {
    config
        .sub_keys("store")
        .map(|k| k.to_string())
        .collect::<Vec<_>>()
        .into_iter()
        .filter_map(|id| build_store(config, &id))
        .collect()
}
`,
    },
    {
      name: 'collected and handed to extend on the Vec it reads',
      code: `fn double(v: &mut Vec<u32>) {
    v.extend(v.iter().map(|x| x * 2).collect::<Vec<_>>());
}
`,
    },
    {
      name: 'one contains check inside a loop: .any(..) would run the chain again each time',
      code: `fn mark(rows: &[Row], ids: &[u64]) -> usize {
    let wanted: Vec<u64> = ids.iter().copied().filter(|i| *i > 0).collect();
    let mut n = 0;
    for r in rows {
        if wanted.contains(&r.id) {
            n += 1;
        }
    }
    n
}
`,
    },
  ],
  invalid: [
    {
      name: 'collected, one item pushed, then turned back into an iterator',
      code: `pub fn recipients(team: &Team, owner: User) -> Vec<String> {
    let mut all = team.members().filter(|m| m.active).collect::<Vec<_>>();
    all.push(owner);
    all.into_iter().map(|u| u.email).collect()
}
`,
      lines: [2],
      messageIncludes: '`.chain(std::iter::once(owner))`',
    },
    {
      name: 'collected, extended, then looped over once',
      code: `pub fn requeue(pending: &[Job], retries: &[Job], queue: &Queue) {
    let mut batch: Vec<&Job> = pending.iter().filter(|j| j.ready()).collect();
    batch.extend(retries.iter());
    for job in batch {
        queue.enqueue(job);
    }
}
`,
      lines: [2],
      messageIncludes: 'iterated once on line 4',
    },
    {
      name: 'collected into a crate type that derefs to a Vec, only to ask whether it is empty',
      code: ROWS + `
pub fn any_overdue(invoices: &[Invoice]) -> bool {
    !invoices.iter().filter(|i| i.overdue()).collect::<Rows<_>>().is_empty()
}
`,
      lines: [19],
      messageIncludes: '`.collect::<Rows<_>>().is_empty()`',
    },
    {
      name: 'collected only to be searched once',
      code: `fn has_admin(users: Vec<User>, admin: &User) -> bool {
    let staff: Vec<User> = users.into_iter().filter(|u| u.staff).collect();
    staff.contains(admin)
}
`,
      lines: [2],
      messageIncludes: '`.contains()`',
    },
    {
      name: 'collected to take one item by position',
      code: `fn second(words: &str) -> &str {
    words.split(' ').collect::<Vec<_>>()[1]
}
`,
      lines: [2],
      messageIncludes: '.nth(1)',
    },
    {
      name: 'collected to be handed to extend or to a crate fn taking impl IntoIterator',
      code: `fn merge(out: &mut Vec<u32>, input: &[u32]) {
    out.extend(input.iter().map(|x| x + 1).collect::<Vec<_>>());
    record(input.iter().copied().collect::<Vec<_>>());
}
fn record(values: impl IntoIterator<Item = u32>) {}
`,
      lines: [2, 3],
      messageIncludes: 'IntoIterator',
    },
    {
      name: 'a field of a shared reference read in the loop does not need the Vec',
      code: `fn send_all(hooks: Vec<Hook>, event: &Event) {
    let wanted: Vec<Hook> = hooks.into_iter().filter(|h| h.kinds.contains(&event.kind)).collect();
    for hook in wanted {
        hook.post(event.id, &event.body);
    }
}
`,
      lines: [2],
    },
    {
      name: 'a name the chain reads is shadowed by a later `let` (a new binding, not a mutation)',
      code: `fn summary(rows: Vec<Order>, rates: &Rates) -> Vec<Line> {
    let totals = rows.iter().map(|o| o.total).collect::<Vec<_>>();
    let priced = rows
        .into_iter()
        .zip(rates.convert_all(&totals)?.into_iter())
        .map(|(o, t)| (o.id, t))
        .collect::<Vec<_>>();
    let totals = priced
        .into_iter()
        .map(|(id, t)| Line::new(id, t))
        .collect();
    totals
}
`,
      lines: [7],
      messageIncludes: '`priced`',
    },
    {
      name: 'filtered endpoints looped over once',
      code: `async fn dispatch(&self, event: &Event) -> Result<usize, Error> {
    let targets = endpoints::list_active(&self.db, event.org_id).await?;
    let subscribed: Vec<Endpoint> = targets
        .into_iter()
        .filter(|ep| ep.event_types.contains(&event.kind))
        .collect();
    let mut queued = 0;
    for endpoint in subscribed {
        self.enqueue(endpoint, event.id).await?;
        queued += 1;
    }
    Ok(queued)
}
`,
      lines: [6],
      messageIncludes: '`subscribed`',
    },
    {
      name: 'turbofish collect only counted',
      code: `fn pending(orders: &[Order]) -> usize {
    orders.iter().filter(|o| o.pending()).collect::<Vec<_>>().len()
}
`,
      lines: [2],
      messageIncludes: '.count()',
    },
    {
      name: 'let form, only checked for emptiness',
      code: `fn any_overdue(invoices: &[Invoice], today: NaiveDate) -> bool {
    let overdue: Vec<&Invoice> = invoices.iter().filter(|i| i.due < today).collect();
    !overdue.is_empty()
}
`,
      lines: [2],
      messageIncludes: '`overdue`',
    },
    {
      name: 'iterated by reference in a for loop, with .iter()',
      code: `fn render(users: &[User]) -> String {
    let mut out = String::new();
    let names = users.iter().map(|u| u.name.as_str()).collect::<Vec<_>>();
    for n in names.iter() {
        out.push_str(n);
    }
    out
}
`,
      lines: [3],
      messageIncludes: '`names`',
    },
    {
      name: 'collected only to be counted and checked for emptiness several times',
      code: `async fn sweep(&self) {
    let now = Instant::now();
    let map = self.tokens.read().await;
    let stale = map
        .values()
        .filter(|t| t.expires_at < now)
        .collect::<Vec<_>>();
    if stale.is_empty() {
        return;
    }
    metrics::gauge!("stale_tokens").set(stale.len() as f64);
    tracing::debug!(count = stale.len(), "stale tokens");
}
`,
      lines: [7],
      messageIncludes: '`stale`',
    },
    {
      name: 'count-only uses, one of them in a loop',
      code: `fn progress(tasks: &[Task], ticks: u32) {
    let done: Vec<&Task> = tasks.iter().filter(|t| t.done).collect();
    for _ in 0..ticks {
        println!("{}/{}", done.len(), tasks.len());
    }
    assert!(!done.is_empty());
}
`,
      lines: [2],
      messageIncludes: '`done`',
    },
    {
      name: 'one emptiness check, read in a while condition: answered once at the let',
      code: `fn drain(queue: &Queue) {
    let pending: Vec<&Job> = queue.jobs().filter(|j| j.ready()).collect();
    while !pending.is_empty() && queue.tick() {
        queue.step();
    }
}
`,
      lines: [2],
      messageIncludes: '`pending`',
    },
  ],
});
