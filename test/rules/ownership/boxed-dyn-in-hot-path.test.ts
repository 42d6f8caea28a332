import rule from '../../../src/rules/ownership/boxed-dyn-in-hot-path.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: 'different iterator types per branch need the box', code: "fn rows(all: bool, v: &[Row]) -> Box<dyn Iterator<Item = &Row> + '_> {\n    if all {\n        Box::new(v.iter())\n    } else {\n        Box::new(v.iter().filter(|r| r.active))\n    }\n}\n" },
    { name: 'trait method (object safety fixes the signature)', code: "impl Source for Db {\n    fn rows(&self) -> Box<dyn Iterator<Item = Row> + '_> {\n        Box::new(self.rows.iter().cloned())\n    }\n}\n" },
    { name: 'a registry of handlers stored in a struct', code: 'struct Hooks {\n    on_event: Vec<Box<dyn Fn(&Event) + Send + Sync>>,\n}\nimpl Hooks {\n    fn add(&mut self, f: Box<dyn Fn(&Event) + Send + Sync>) {\n        self.on_event.push(f);\n    }\n}\n' },
    { name: 'boxed future for recursion', code: 'fn walk(n: Node) -> Pin<Box<dyn Future<Output = ()> + Send>> {\n    Box::pin(async move { walk(n.child()).await })\n}\n' },
    { name: 'impl Iterator already', code: "fn ids(v: &[Row]) -> impl Iterator<Item = i64> + '_ {\n    v.iter().map(|r| r.id)\n}\n" },
  ],
  invalid: [
    { name: 'single concrete iterator boxed on return', code: "fn active_ids(rows: &[Row]) -> Box<dyn Iterator<Item = i64> + '_> {\n    Box::new(rows.iter().filter(|r| r.active).map(|r| r.id))\n}\n", lines: [1], messageIncludes: '`active_ids`' },
    { name: 'called per item: perf', code: 'fn scorer(w: f32) -> Box<dyn Fn(&Doc) -> f32> {\n    Box::new(move |d| d.boost * w)\n}\nfn rank(docs: &[Doc]) -> Vec<f32> {\n    docs.iter().map(|d| scorer(1.5)(d)).collect()\n}\n', lines: [1], messageIncludes: 'per item', severity: 'warning' },
    { name: 'boxed closure parameter only called', code: 'fn retry(op: Box<dyn Fn() -> Result<(), Error>>, times: u32) {\n    for _ in 0..times {\n        if op().is_ok() {\n            return;\n        }\n    }\n}\n', lines: [1], messageIncludes: '`op: Box<dyn Fn()'},
    { name: 'boxed closure binding only called', code: 'fn f(xs: &[i64]) -> i64 {\n    let double: Box<dyn Fn(i64) -> i64> = Box::new(|x| x * 2);\n    xs.iter().map(|x| double(*x)).sum()\n}\n', lines: [2], messageIncludes: '`double`' },
  ],
});
