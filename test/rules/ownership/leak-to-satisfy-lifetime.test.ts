import rule from '../../../src/rules/ownership/leak-to-satisfy-lifetime.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: 'leak once in main', code: `#[tokio::main]
async fn main() {
    let cfg: &'static Config = Box::leak(Box::new(Config::load()));
    serve(cfg).await;
}
` },
    { name: 'leak inside OnceLock::get_or_init', code: `fn config() -> &'static str {
    static CELL: OnceLock<&'static str> = OnceLock::new();
    CELL.get_or_init(|| Box::leak(load().into_boxed_str()))
}
` },
    { name: 'mem::forget of a raw fd handed to C', code: `fn hand_off(f: File) -> RawFd {
    let fd = f.as_raw_fd();
    std::mem::forget(f);
    fd
}
` },
    { name: 'plain sync helper outside any loop (may be start-up code)', code: `fn intern(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}
` },
    { name: 'test code', code: `#[tokio::test]
async fn t() {
    let s: &'static str = String::from("x").leak();
}
` },
    { name: 'leak in a Transform::new_transform (once per worker, not per request)', code: `impl<S, B> Transform<S, ServiceRequest> for Audit {
    type Future = Ready<Result<Self::Transform, Self::InitError>>;
    fn new_transform(&self, service: S) -> Self::Future {
        let label: &'static str = Box::leak(self.label.clone().into_boxed_str());
        ok(AuditMw { service, label })
    }
}
` },
    { name: 'leak in a sync helper of an impl of a non-request trait', code: `impl Display for Region {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}
impl Region {
    fn intern(name: String) -> &'static str {
        Box::leak(name.into_boxed_str())
    }
}
` },
  ],
  invalid: [
    { name: 'Box::leak in an async handler to spawn', code: `pub async fn track(Json(ev): Json<Event>) {
    let name: &'static str = Box::leak(ev.name.into_boxed_str());
    tokio::spawn(async move { record(name).await });
}
`, lines: [2], messageIncludes: '`track`' },
    { name: 'String::leak method per message in a loop', code: `fn pump(rx: Receiver<String>) {
    while let Ok(line) = rx.recv() {
        let s: &'static str = line.leak();
        index(s);
    }
}
`, lines: [3], messageIncludes: 'iteration' },
    { name: 'mem::forget via import in an async fn', code: `use std::mem;
async fn handle(conn: Conn) {
    let guard = conn.lock();
    mem::forget(guard);
}
`, lines: [4], messageIncludes: 'destructor', severity: 'warning' },
    { name: 'transmute to static', code: `fn extend<'a>(s: &'a str) -> &'static str {
    unsafe { std::mem::transmute::<&'a str, &'static str>(s) }
}
`, lines: [2], severity: 'error' },
    { name: 'actix middleware Service::call leaks per request', code: `impl<S, B> Service<ServiceRequest> for RegionMw<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    type Future = LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;
    forward_ready!(service);
    fn call(&self, req: ServiceRequest) -> Self::Future {
        let region = req.headers().get("x-region").and_then(|v| v.to_str().ok()).unwrap_or("eu").to_string();
        let label: &'static str = Box::leak(region.into_boxed_str());
        counter!("requests", "region" => label).increment(1);
        let fut = self.service.call(req);
        Box::pin(async move { fut.await })
    }
}
`, lines: [9], messageIncludes: '`call`' },
    { name: 'tower Service::call, leak inside the returned future', code: `impl<S> tower::Service<Request<Body>> for Tagged<S>
where
    S: tower::Service<Request<Body>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }
    fn call(&mut self, mut req: Request<Body>) -> Self::Future {
        let path = req.uri().path().to_owned();
        req.extensions_mut().insert(RouteTag(String::leak(path)));
        self.inner.call(req)
    }
}
`, lines: [13] },
    { name: 'sync fn taking an HttpRequest', code: `fn tenant_label(req: &HttpRequest) -> &'static str {
    let t = req.match_info().get("tenant").unwrap_or("none").to_owned();
    Box::leak(t.into_boxed_str())
}
`, lines: [3] },
  ],
});
