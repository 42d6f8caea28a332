import rule from '../../../src/rules/ownership/leak-to-satisfy-lifetime.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: 'leak once in main', code: '#[tokio::main]\nasync fn main() {\n    let cfg: &\'static Config = Box::leak(Box::new(Config::load()));\n    serve(cfg).await;\n}\n' },
    { name: 'leak inside OnceLock::get_or_init', code: 'fn config() -> &\'static str {\n    static CELL: OnceLock<&\'static str> = OnceLock::new();\n    CELL.get_or_init(|| Box::leak(load().into_boxed_str()))\n}\n' },
    { name: 'mem::forget of a raw fd handed to C', code: 'fn hand_off(f: File) -> RawFd {\n    let fd = f.as_raw_fd();\n    std::mem::forget(f);\n    fd\n}\n' },
    { name: 'plain sync helper outside any loop (may be start-up code)', code: 'fn intern(s: String) -> &\'static str {\n    Box::leak(s.into_boxed_str())\n}\n' },
    { name: 'test code', code: '#[tokio::test]\nasync fn t() {\n    let s: &\'static str = String::from("x").leak();\n}\n' },
    { name: 'leak in a Transform::new_transform (once per worker, not per request)', code: 'impl<S, B> Transform<S, ServiceRequest> for Audit {\n    type Future = Ready<Result<Self::Transform, Self::InitError>>;\n    fn new_transform(&self, service: S) -> Self::Future {\n        let label: &\'static str = Box::leak(self.label.clone().into_boxed_str());\n        ok(AuditMw { service, label })\n    }\n}\n' },
    { name: 'leak in a sync helper of an impl of a non-request trait', code: 'impl Display for Region {\n    fn fmt(&self, f: &mut Formatter<\'_>) -> fmt::Result {\n        f.write_str(self.code)\n    }\n}\nimpl Region {\n    fn intern(name: String) -> &\'static str {\n        Box::leak(name.into_boxed_str())\n    }\n}\n' },
  ],
  invalid: [
    { name: 'Box::leak in an async handler to spawn', code: 'pub async fn track(Json(ev): Json<Event>) {\n    let name: &\'static str = Box::leak(ev.name.into_boxed_str());\n    tokio::spawn(async move { record(name).await });\n}\n', lines: [2], messageIncludes: '`track`' },
    { name: 'String::leak method per message in a loop', code: 'fn pump(rx: Receiver<String>) {\n    while let Ok(line) = rx.recv() {\n        let s: &\'static str = line.leak();\n        index(s);\n    }\n}\n', lines: [3], messageIncludes: 'iteration' },
    { name: 'mem::forget via import in an async fn', code: 'use std::mem;\nasync fn handle(conn: Conn) {\n    let guard = conn.lock();\n    mem::forget(guard);\n}\n', lines: [4], messageIncludes: 'destructor', severity: 'warning' },
    { name: 'transmute to static', code: "fn extend<'a>(s: &'a str) -> &'static str {\n    unsafe { std::mem::transmute::<&'a str, &'static str>(s) }\n}\n", lines: [2], severity: 'error' },
    { name: 'actix middleware Service::call leaks per request', code: 'impl<S, B> Service<ServiceRequest> for RegionMw<S>\nwhere\n    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,\n{\n    type Future = LocalBoxFuture<\'static, Result<Self::Response, Self::Error>>;\n    forward_ready!(service);\n    fn call(&self, req: ServiceRequest) -> Self::Future {\n        let region = req.headers().get("x-region").and_then(|v| v.to_str().ok()).unwrap_or("eu").to_string();\n        let label: &\'static str = Box::leak(region.into_boxed_str());\n        counter!("requests", "region" => label).increment(1);\n        let fut = self.service.call(req);\n        Box::pin(async move { fut.await })\n    }\n}\n', lines: [9], messageIncludes: '`call`' },
    { name: 'tower Service::call, leak inside the returned future', code: 'impl<S> tower::Service<Request<Body>> for Tagged<S>\nwhere\n    S: tower::Service<Request<Body>>,\n{\n    type Response = S::Response;\n    type Error = S::Error;\n    type Future = S::Future;\n    fn poll_ready(&mut self, cx: &mut Context<\'_>) -> Poll<Result<(), Self::Error>> {\n        self.inner.poll_ready(cx)\n    }\n    fn call(&mut self, mut req: Request<Body>) -> Self::Future {\n        let path = req.uri().path().to_owned();\n        req.extensions_mut().insert(RouteTag(String::leak(path)));\n        self.inner.call(req)\n    }\n}\n', lines: [13] },
    { name: 'sync fn taking an HttpRequest', code: 'fn tenant_label(req: &HttpRequest) -> &\'static str {\n    let t = req.match_info().get("tenant").unwrap_or("none").to_owned();\n    Box::leak(t.into_boxed_str())\n}\n', lines: [3] },
  ],
});
