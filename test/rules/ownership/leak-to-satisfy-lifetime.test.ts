import rule from '../../../src/rules/ownership/leak-to-satisfy-lifetime.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: 'leak once in main', code: '#[tokio::main]\nasync fn main() {\n    let cfg: &\'static Config = Box::leak(Box::new(Config::load()));\n    serve(cfg).await;\n}\n' },
    { name: 'leak inside OnceLock::get_or_init', code: 'fn config() -> &\'static str {\n    static CELL: OnceLock<&\'static str> = OnceLock::new();\n    CELL.get_or_init(|| Box::leak(load().into_boxed_str()))\n}\n' },
    { name: 'mem::forget of a raw fd handed to C', code: 'fn hand_off(f: File) -> RawFd {\n    let fd = f.as_raw_fd();\n    std::mem::forget(f);\n    fd\n}\n' },
    { name: 'plain sync helper outside any loop (may be start-up code)', code: 'fn intern(s: String) -> &\'static str {\n    Box::leak(s.into_boxed_str())\n}\n' },
    { name: 'test code', code: '#[tokio::test]\nasync fn t() {\n    let s: &\'static str = String::from("x").leak();\n}\n' },
  ],
  invalid: [
    { name: 'Box::leak in an async handler to spawn', code: 'pub async fn track(Json(ev): Json<Event>) {\n    let name: &\'static str = Box::leak(ev.name.into_boxed_str());\n    tokio::spawn(async move { record(name).await });\n}\n', lines: [2], messageIncludes: '`track`' },
    { name: 'String::leak method per message in a loop', code: 'fn pump(rx: Receiver<String>) {\n    while let Ok(line) = rx.recv() {\n        let s: &\'static str = line.leak();\n        index(s);\n    }\n}\n', lines: [3], messageIncludes: 'iteration' },
    { name: 'mem::forget via import in an async fn', code: 'use std::mem;\nasync fn handle(conn: Conn) {\n    let guard = conn.lock();\n    mem::forget(guard);\n}\n', lines: [4], messageIncludes: 'destructor', severity: 'warning' },
    { name: 'transmute to static', code: "fn extend<'a>(s: &'a str) -> &'static str {\n    unsafe { std::mem::transmute::<&'a str, &'static str>(s) }\n}\n", lines: [2], severity: 'error' },
  ],
});
