import rule from '../../../src/rules/ownership/boxed-dyn-in-hot-path.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: 'different iterator types per branch need the box', code: `fn rows(all: bool, v: &[Row]) -> Box<dyn Iterator<Item = &Row> + '_> {
    if all {
        Box::new(v.iter())
    } else {
        Box::new(v.iter().filter(|r| r.active))
    }
}
` },
    { name: 'trait method (object safety fixes the signature)', code: `impl Source for Db {
    fn rows(&self) -> Box<dyn Iterator<Item = Row> + '_> {
        Box::new(self.rows.iter().cloned())
    }
}
` },
    { name: 'a registry of handlers stored in a struct', code: `struct Hooks {
    on_event: Vec<Box<dyn Fn(&Event) + Send + Sync>>,
}
impl Hooks {
    fn add(&mut self, f: Box<dyn Fn(&Event) + Send + Sync>) {
        self.on_event.push(f);
    }
}
` },
    { name: 'boxed future for recursion', code: `fn walk(n: Node) -> Pin<Box<dyn Future<Output = ()> + Send>> {
    Box::pin(async move { walk(n.child()).await })
}
` },
    { name: 'impl Iterator already', code: `fn ids(v: &[Row]) -> impl Iterator<Item = i64> + '_ {
    v.iter().map(|r| r.id)
}
` },
  ],
  invalid: [
    { name: 'single concrete iterator boxed on return', code: `fn active_ids(rows: &[Row]) -> Box<dyn Iterator<Item = i64> + '_> {
    Box::new(rows.iter().filter(|r| r.active).map(|r| r.id))
}
`, lines: [1], messageIncludes: '`active_ids`' },
    { name: 'called per item: perf', code: `fn scorer(w: f32) -> Box<dyn Fn(&Doc) -> f32> {
    Box::new(move |d| d.boost * w)
}
fn rank(docs: &[Doc]) -> Vec<f32> {
    docs.iter().map(|d| scorer(1.5)(d)).collect()
}
`, lines: [1], messageIncludes: 'per item', severity: 'warning' },
    { name: 'boxed closure parameter only called', code: `fn retry(op: Box<dyn Fn() -> Result<(), Error>>, times: u32) {
    for _ in 0..times {
        if op().is_ok() {
            return;
        }
    }
}
`, lines: [1], messageIncludes: '`op: Box<dyn Fn()'},
    { name: 'boxed closure binding only called', code: `fn f(xs: &[i64]) -> i64 {
    let double: Box<dyn Fn(i64) -> i64> = Box::new(|x| x * 2);
    xs.iter().map(|x| double(*x)).sum()
}
`, lines: [2], messageIncludes: '`double`' },
  ],
});
