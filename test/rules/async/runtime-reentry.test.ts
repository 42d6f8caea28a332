import rule from '../../../src/rules/async/runtime-reentry.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: 'block_on in a plain sync main building its own runtime',
      code: `fn main() -> anyhow::Result<()> {
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(serve())
}
`,
    },
    {
      name: 'Handle::block_on inside spawn_blocking',
      code: `pub async fn legacy(handle: Handle) -> u32 {
    tokio::task::spawn_blocking(move || handle.block_on(fetch())).await.unwrap()
}
`,
    },
    {
      name: 'blocking_recv in a std::thread worker',
      code: `pub fn start(mut rx: tokio::sync::mpsc::Receiver<Job>) {
    std::thread::spawn(move || {
        while let Some(job) = rx.blocking_recv() { job.run(); }
    });
}
`,
    },
    {
      name: 'block_in_place around Handle::block_on (documented as legal)',
      code: `pub async fn sync_bridge() -> u32 {
    tokio::task::block_in_place(|| Handle::current().block_on(fetch()))
}
`,
    },
    {
      name: 'a sync test helper with its own runtime',
      code: `#[test]
fn parses() {
    let out = futures::executor::block_on(parse("x"));
    assert!(out.is_ok());
}
`,
    },
    {
      name: 'a helper in another module that offloads its blocking work itself',
      path: 'src/handlers/auth.rs',
      files: {
        'src/lib.rs': `pub mod keys;
pub mod handlers;
`,
        'src/keys.rs': `pub fn cached_keys(handle: Handle) -> std::thread::JoinHandle<Keys> {
    std::thread::spawn(move || handle.block_on(fetch_keys()))
}
`,
      },
      code: `use crate::keys;

pub async fn verify(handle: Handle) {
    let _ = keys::cached_keys(handle);
}
`,
    },
    {
      name: 'sync fn with block_on never called from async code',
      code: `fn load_blocking() -> Config { futures::executor::block_on(load()) }
fn cli() { let c = load_blocking(); run(c); }
`,
    },
  ],
  invalid: [
    {
      name: 'Handle::current().block_on in a OnceCell closure inside async fn',
      code: `use tokio::runtime::Handle;
impl JwtVerifier {
    pub async fn verify(&self, token: &str) -> Result<Claims, AuthError> {
        let jwks = self
            .jwks
            .get_or_try_init(|| Handle::current().block_on(self.fetch_jwks()))?;
        decode_with(jwks, token)
    }
}
`,
      lines: [6],
      messageIncludes: 'Handle::current().block_on',
    },
    {
      name: 'futures::executor::block_on imported in an actix handler',
      code: `use futures::executor::block_on;
pub async fn index(data: web::Data<AppState>) -> HttpResponse {
    let n = block_on(data.repo.count());
    HttpResponse::Ok().json(n)
}
`,
      lines: [3],
      messageIncludes: 'futures::executor::block_on',
    },
    {
      name: 'blocking_send from a handler',
      code: `pub async fn enqueue(State(state): State<AppState>, Json(job): Json<Job>) -> StatusCode {
    state.jobs.blocking_send(job).unwrap();
    StatusCode::ACCEPTED
}
`,
      lines: [2],
      messageIncludes: '.send(..).await',
    },
    {
      name: 'blocking_lock of a tokio Mutex in an async block',
      code: `fn start(state: Arc<State>) {
    tokio::spawn(async move {
        let g = state.inner.blocking_lock();
        g.flush();
    });
}
`,
      lines: [3],
      messageIncludes: 'blocking_lock',
    },
    {
      name: 'sync helper with block_on called from an async fn',
      code: `fn load_keys(client: &Client) -> Keys {
    tokio::runtime::Runtime::new().unwrap().block_on(client.fetch_keys())
}
pub async fn verify(client: &Client, token: &str) -> bool {
    let keys = load_keys(client);
    keys.check(token)
}
`,
      lines: [5],
      messageIncludes: '`load_keys(..)`',
    },
    {
      name: 'a sync helper in another module, two calls deep, that blocks on the runtime',
      path: 'src/handlers/auth.rs',
      files: {
        'src/lib.rs': `pub mod keys;
pub mod handlers;
`,
        'src/keys.rs': `use futures::executor::block_on;

pub fn cached_keys(client: &Client) -> Keys {
    refresh(client)
}

fn refresh(client: &Client) -> Keys {
    block_on(client.fetch_keys())
}
`,
      },
      code: `use crate::keys;

pub async fn verify(client: &Client, token: &str) -> bool {
    keys::cached_keys(client).check(token)
}
`,
      lines: [4],
      messageIncludes: '`futures::executor::block_on(..)` (src/keys.rs:8)',
    },
  ],
});
