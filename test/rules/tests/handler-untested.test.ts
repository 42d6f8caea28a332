import rule from '../../../src/rules/tests/handler-untested.js';
import { rs, testChangeRule } from './change-rule-cases.js';

const GET = rs(
  'pub async fn get_project(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Json<Project>, ApiError> {',
  '    let project = repo::find(&state.db, id).await?;',
  '    Ok(Json(project))',
  '}',
);
const ARCHIVE = rs(
  '',
  '/// Archives a project; archiving twice is a 404.',
  'pub async fn archive_project(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<StatusCode, ApiError> {',
  '    repo::archive(&state.db, id).await?;',
  '    Ok(StatusCode::NO_CONTENT)',
  '}',
);
const testsMod = (...tests: string[]) =>
  rs('', '#[cfg(test)]', 'mod tests {', '    use super::*;', ...tests, '}');
const GET_TEST = rs(
  '',
  '    #[sqlx::test(fixtures("projects"))]',
  '    async fn get_project_returns_it(pool: PgPool) {',
  '        let Json(p) = get_project(State(AppState::for_tests(pool)), Path(ID)).await.unwrap();',
  '        assert_eq!(p.id, ID);',
  '    }',
);
const ARCHIVE_TEST = rs(
  '',
  '    #[sqlx::test(fixtures("projects"))]',
  '    async fn archiving_is_204(pool: PgPool) {',
  '        let status = archive_project(State(AppState::for_tests(pool)), Path(ID)).await.unwrap();',
  '        assert_eq!(status, StatusCode::NO_CONTENT);',
  '    }',
);
const P = 'src/handlers/projects.rs';
/** The signature line of `archive_project` when ARCHIVE follows GET. */
const ARCHIVE_LINE = GET.split('\n').length - 1 + 3;

const ROUTER_BASE = rs('pub fn router(state: AppState) -> Router {', '    Router::new()', '        .route("/projects/:id", get(projects::get_project))', '        .with_state(state)', '}');
const ROUTER_HEAD = rs(
  'pub fn router(state: AppState) -> Router {',
  '    Router::new()',
  '        .route("/projects/:id", get(projects::get_project))',
  '        .route("/projects/:id/archive", post(projects::archive_project))',
  '        .with_state(state)',
  '}',
);
const apiTest = (uri: string, method: string) =>
  rs(
    'mod common;',
    '',
    '#[sqlx::test]',
    'async fn request_works(pool: PgPool) {',
    `    let req = Request::builder().method(Method::${method}).uri(format!("${uri}")).body(Body::empty()).unwrap();`,
    '    let res = common::app(pool).oneshot(req).await.unwrap();',
    '    assert!(res.status().is_success());',
    '}',
  );

const ACC = 'src/handlers/accounts.rs';
const ACC_GET = rs('#[get("/{id}")]', 'pub async fn show_account(pool: web::Data<PgPool>, id: web::Path<i64>) -> impl Responder {', '    HttpResponse::Ok().json(repo::account(&pool, *id).await)', '}');
const ACC_CLOSE = rs('', '#[delete("/{id}")]', 'pub async fn close_account(pool: web::Data<PgPool>, id: web::Path<i64>) -> impl Responder {', '    repo::close(&pool, *id).await;', '    HttpResponse::NoContent().finish()', '}');
const ACC_CLOSE_LINE = ACC_GET.split('\n').length - 1 + 3;
const ACTIX_MAIN = rs(
  '#[actix_web::main]',
  'async fn main() -> std::io::Result<()> {',
  '    HttpServer::new(|| App::new().service(web::scope("/v2").service(web::scope("/accounts").service(accounts::show_account).service(accounts::close_account))))',
  '        .bind(("0.0.0.0", 8080))?',
  '        .run()',
  '        .await',
  '}',
);
const actixTest = (method: string, uri: string) =>
  rs(
    '#[actix_web::test]',
    'async fn request_works() {',
    '    let app = test::init_service(common::app().await).await;',
    `    let res = test::call_service(&app, test::TestRequest::${method}().uri("${uri}").to_request()).await;`,
    '    assert!(res.status().is_success());',
    '}',
  );
const LEDGER = 'src/handlers/ledger.rs';
const LEDGER_BASE = rs('pub async fn balance(State(s): State<AppState>, Path(id): Path<Uuid>) -> Json<i64> {', '    Json(s.ledger.balance(id).await)', '}');
const LEDGER_VOID = rs('', 'pub async fn void_entry(State(s): State<AppState>, Path(id): Path<Uuid>) -> StatusCode {', '    s.ledger.void(id).await;', '    StatusCode::NO_CONTENT', '}');
const LEDGER_VOID_LINE = LEDGER_BASE.split('\n').length - 1 + 2;
const LEDGER_ROUTES = rs('', 'pub fn routes() -> Router<AppState> {', '    Router::new().route("/:id", get(balance)).route("/:id/void", post(void_entry))', '}');
const AXUM_APP = rs('pub fn app(state: AppState) -> Router {', '    Router::new().nest("/ledger", ledger::routes()).with_state(state)', '}');

/** utoipa-axum: the OpenAPI attribute states the route, `routes!(h)` registers it from there. */
const SIGNUP = 'src/controllers/signup.rs';
const SIGNUP_SHOW = rs(
  '#[utoipa::path(get, path = "/api/signup", responses((status = 200, body = Signup)))]',
  'pub async fn show_signup(state: AppState, session: Session) -> AppResult<Json<Signup>> {',
  '    Ok(Json(state.signups.pending(&session).await?))',
  '}',
);
const SIGNUP_FINISH = rs(
  '',
  '#[utoipa::path(',
  '    post,',
  '    path = "/api/signup",',
  '    request_body = FinishSignup,',
  '    responses((status = 200, body = Me)),',
  ')]',
  'pub async fn finish_signup(state: AppState, session: Session, Json(body): Json<FinishSignup>) -> AppResult<Json<Me>> {',
  '    let me = state.signups.finish(&session, body.email).await?;',
  '    Ok(Json(me))',
  '}',
);
const SIGNUP_FINISH_LINE = SIGNUP_SHOW.split('\n').length - 1 + 8;
const UTOIPA_ROUTER = rs('pub fn router(state: AppState) -> OpenApiRouter {', '    OpenApiRouter::new().routes(routes!(signup::show_signup, signup::finish_signup)).with_state(state)', '}');
const clientTest = (name: string, call: string) => rs('#[tokio::test]', `async fn ${name}() {`, '    let (_app, client) = TestApp::init().await;', `    let response = ${call}.await;`, '    assert_eq!(response.status(), StatusCode::OK);', '}', '');
/** A handler serving a page embedded at compile time, and a debug-build-only endpoint. */
const STATIC_AND_DEBUG = rs(
  '',
  'pub async fn api_docs() -> Html<&\'static str> {',
  '    Html(include_str!("../static/docs.html"))',
  '}',
  '',
  '#[cfg(debug_assertions)]',
  'pub async fn echo(body: String) -> String {',
  '    tracing::info!(%body, "echo");',
  '    body',
  '}',
);

/** A crate `api` whose handlers live in two modules with a handler of the same name each. */
const API_CRATE = {
  'Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\n',
  'src/lib.rs': 'pub mod handlers;\n',
  'src/handlers/mod.rs': 'pub mod admin;\npub mod projects;\n',
  'src/handlers/admin.rs': `pub async fn archive_project(State(state): State<AppState>, Path(id): Path<Uuid>) -> StatusCode {
    repo::hard_delete(&state.db, id).await;
    StatusCode::OK
}
`,
};
/** An integration test calling `archive_project` by the path `path`. */
const archiveApiTest = (path: string) => `use ${path};

#[sqlx::test]
async fn archives(pool: PgPool) {
    assert_eq!(archive_project(State(AppState::for_tests(pool)), Path(ID)).await, StatusCode::OK);
}
`;

/** The change adds the archive handler beside `GET`, and to the tests module a test of its own. */
const archiveAddedWith = (test: string) => ({ files: { [P]: { base: GET + testsMod(GET_TEST), head: GET + ARCHIVE + testsMod(GET_TEST, test) } } });

testChangeRule(rule, {
  valid: [
    {
      name: 'a test calls the handler inside an assertion macro the parser leaves as tokens (claims\' assert_ok!)',
      fx: archiveAddedWith(`
    #[sqlx::test(fixtures("projects"))]
    async fn archiving_is_ok(pool: PgPool) {
        assert_ok!(archive_project(State(AppState::for_tests(pool)), Path(ID)).await);
    }
`),
    },
    {
      name: 'a test calls the handler from a fn it declares for its cases',
      fx: archiveAddedWith(`
    #[sqlx::test(fixtures("projects"))]
    async fn archiving(pool: PgPool) {
        async fn status_of(pool: &PgPool, id: Uuid) -> StatusCode {
            archive_project(State(AppState::for_tests(pool.clone())), Path(id)).await.unwrap()
        }
        assert_eq!(status_of(&pool, ID).await, StatusCode::NO_CONTENT);
    }
`),
    },
    {
      name: 'an integration test calls the handler through the library\'s path',
      fx: {
        files: { 'src/handlers/projects.rs': { base: GET + testsMod(GET_TEST), head: GET + ARCHIVE + testsMod(GET_TEST) } },
        unchanged: { ...API_CRATE, 'tests/archive.rs': archiveApiTest('api::handlers::projects::archive_project') },
      },
    },
    {
      name: 'utoipa handler registered by routes!(..), requested by a test client with its method',
      fx: {
        files: { [SIGNUP]: { base: SIGNUP_SHOW, head: SIGNUP_SHOW + SIGNUP_FINISH }, 'tests/signup.rs': { base: clientTest('shows', 'client.get("/api/signup")'), head: clientTest('shows', 'client.get("/api/signup")') + clientTest('finishes', 'client.post("/api/signup", json!({ "email": "a@b.c" }))') } },
        unchanged: { 'src/router.rs': UTOIPA_ROUTER },
      },
    },
    {
      name: 'a page embedded with include_str! and a #[cfg(debug_assertions)] endpoint',
      fx: { files: { [P]: { base: GET + testsMod(GET_TEST), head: GET + STATIC_AND_DEBUG + testsMod(GET_TEST) } } },
    },
    {
      name: 'whole-tree review: untested handlers are counted in the summary, not commented one by one',
      fx: { files: { [P]: { head: GET + ARCHIVE + testsMod(GET_TEST) } }, wholeTree: true },
    },
    {
      name: 'new handler called by a test in its module',
      fx: { files: { [P]: { base: GET + testsMod(GET_TEST), head: GET + ARCHIVE + testsMod(GET_TEST, ARCHIVE_TEST) } } },
    },
    {
      name: 'crate without any tests',
      fx: { files: { [P]: { base: GET, head: GET + ARCHIVE } }, unchanged: { 'Cargo.toml': `[package]
name = "api"
` } },
    },
    {
      name: 'route requested by an integration test (nested under /api)',
      fx: {
        files: { [P]: { base: GET, head: GET + ARCHIVE }, 'src/routes.rs': { base: ROUTER_BASE, head: ROUTER_HEAD } },
        unchanged: { 'tests/projects_api.rs': apiTest('/api/projects/{ID}/archive', 'POST'), 'tests/common/mod.rs': 'pub fn app(pool: PgPool) -> Router { todo!() }\n' },
      },
    },
    {
      name: 'route found in an unchanged router file',
      fx: {
        files: { [P]: { base: GET, head: GET + ARCHIVE } },
        unchanged: { 'src/routes.rs': ROUTER_HEAD, 'tests/projects_api.rs': apiTest('/projects/{ID}/archive', 'POST') },
      },
    },
    {
      name: 'only HTTP tests and the route is unknown: cannot tell',
      fx: { files: { [P]: { base: GET, head: GET + ARCHIVE } }, unchanged: { 'tests/projects_api.rs': apiTest('/projects/{ID}', 'GET') } },
    },
    {
      name: 'health endpoint',
      fx: {
        files: { [P]: { base: GET + testsMod(GET_TEST), head: GET + rs('', 'pub async fn health() -> StatusCode {', '    StatusCode::OK', '}') + testsMod(GET_TEST) } },
      },
    },
    {
      name: 'one-line tweak of an existing handler',
      fx: {
        files: {
          [P]: {
            base: GET + ARCHIVE + testsMod(GET_TEST),
            head: GET + ARCHIVE.replace('repo::archive(&state.db, id).await?;', 'repo::archive(&state.db, id).await.map_err(ApiError::from)?;') + testsMod(GET_TEST),
          },
        },
      },
    },
    {
      name: 'actix handler requested through TestRequest',
      fx: {
        files: {
          'src/handlers/users.rs': {
            base: rs('#[get("/users/{id}")]', 'pub async fn get_user(path: web::Path<i64>) -> impl Responder {', '    HttpResponse::Ok().json(load(path.into_inner()).await)', '}', '', '#[cfg(test)]', 'mod tests {', '    #[actix_web::test]', '    async fn gets() {', '        let app = test::init_service(App::new().service(super::get_user)).await;', '        let res = test::call_service(&app, test::TestRequest::get().uri("/users/1").to_request()).await;', '        assert!(res.status().is_success());', '    }', '}'),
            head: rs('#[get("/users/{id}")]', 'pub async fn get_user(path: web::Path<i64>) -> impl Responder {', '    HttpResponse::Ok().json(load(path.into_inner()).await)', '}', '', '#[post("/users/{id}/disable")]', 'async fn disable(path: web::Path<i64>) -> impl Responder {', '    users::disable(path.into_inner()).await;', '    HttpResponse::NoContent().finish()', '}', '', '#[cfg(test)]', 'mod tests {', '    #[actix_web::test]', '    async fn gets() {', '        let app = test::init_service(App::new().service(super::get_user)).await;', '        let res = test::call_service(&app, test::TestRequest::get().uri("/users/1").to_request()).await;', '        assert!(res.status().is_success());', '    }', '', '    #[actix_web::test]', '    async fn disables() {', '        let app = test::init_service(App::new().configure(routes)).await;', '        let res = test::call_service(&app, test::TestRequest::post().uri("/users/7/disable").to_request()).await;', '        assert_eq!(res.status(), StatusCode::NO_CONTENT);', '    }', '}'),
          },
        },
      },
    },
    {
      name: 'service fn covered through the tested handler that calls it',
      fx: {
        files: {
          'src/services/projects.rs': { head: rs('pub async fn archive(db: &PgPool, id: Uuid) -> Result<u64, sqlx::Error> {', '    let done = sqlx::query("UPDATE projects SET archived_at = now() WHERE id = $1").bind(id).execute(db).await?;', '    Ok(done.rows_affected())', '}', '', 'pub async fn find(db: &PgPool, id: Uuid) -> Result<Project, sqlx::Error> {', '    sqlx::query_as("SELECT * FROM projects WHERE id = $1").bind(id).fetch_one(db).await', '}', '', '#[cfg(test)]', 'mod tests {', '    #[sqlx::test]', '    async fn finds(pool: PgPool) {', '        assert_eq!(super::find(&pool, ID).await.unwrap().id, ID);', '    }', '}') },
          [P]: { base: GET + testsMod(GET_TEST), head: GET + ARCHIVE.replace('repo::archive', 'services::projects::archive') + testsMod(GET_TEST, ARCHIVE_TEST) },
        },
      },
    },
    {
      name: 'actix attribute routes mounted in nested web::scope, requested with the full path',
      fx: {
        files: { [ACC]: { base: ACC_GET, head: ACC_GET + ACC_CLOSE } },
        unchanged: { 'src/main.rs': ACTIX_MAIN, 'tests/accounts.rs': actixTest('get', '/v2/accounts/1') + actixTest('delete', '/v2/accounts/9') },
      },
    },
    {
      name: 'actix .route("/{id}", ..) inside a scope of a changed router file',
      fx: {
        files: {
          [ACC]: { base: ACC_GET.replace('#[get("/{id}")]\n', ''), head: (ACC_GET + ACC_CLOSE).replace('#[get("/{id}")]\n', '').replace('#[delete("/{id}")]\n', '') },
          'src/routes.rs': {
            base: rs('pub fn config(cfg: &mut web::ServiceConfig) {', '    cfg.service(web::scope("/accounts").route("/{id}", web::get().to(accounts::show_account)));', '}'),
            head: rs('pub fn config(cfg: &mut web::ServiceConfig) {', '    cfg.service(', '        web::scope("/accounts")', '            .route("/{id}", web::get().to(accounts::show_account))', '            .route("/{id}", web::delete().to(accounts::close_account)),', '    );', '}'),
          },
        },
        unchanged: { 'tests/accounts.rs': actixTest('delete', '/accounts/5') },
      },
    },
    {
      name: 'axum Router::nest of a module router fn, requested with the prefix',
      fx: {
        files: { [LEDGER]: { base: LEDGER_BASE, head: LEDGER_BASE + LEDGER_VOID + LEDGER_ROUTES } },
        unchanged: { 'src/app.rs': AXUM_APP, 'tests/ledger.rs': apiTest('/ledger/{ID}/void', 'POST') },
      },
    },
    {
      name: 'axum nest of an inline Router',
      fx: {
        files: {
          [LEDGER]: { base: LEDGER_BASE, head: LEDGER_BASE + LEDGER_VOID },
          'src/app.rs': {
            base: rs('pub fn app(state: AppState) -> Router {', '    Router::new().nest("/ledger", Router::new().route("/:id", get(ledger::balance))).with_state(state)', '}'),
            head: rs('pub fn app(state: AppState) -> Router {', '    Router::new().nest("/ledger", Router::new().route("/:id", get(ledger::balance)).route("/:id", delete(ledger::void_entry))).with_state(state)', '}'),
          },
        },
        unchanged: { 'tests/ledger.rs': apiTest('/ledger/{ID}', 'DELETE') },
      },
    },
  ],
  invalid: [
    {
      name: 'the integration test calls another module\'s handler of the same name: not this one',
      fx: {
        files: { 'src/handlers/projects.rs': { base: GET + testsMod(GET_TEST), head: GET + ARCHIVE + testsMod(GET_TEST) } },
        unchanged: { ...API_CRATE, 'tests/archive.rs': archiveApiTest('api::handlers::admin::archive_project') },
      },
      at: [`${P}:${ARCHIVE_LINE}`],
      messageIncludes: 'new handler `archive_project` has no test',
    },
    {
      name: 'utoipa handler: the tests request its path with another method only',
      fx: {
        files: { [SIGNUP]: { base: SIGNUP_SHOW, head: SIGNUP_SHOW + SIGNUP_FINISH } },
        unchanged: { 'src/router.rs': UTOIPA_ROUTER, 'tests/signup.rs': clientTest('shows', 'client.get("/api/signup")') },
      },
      at: [`${SIGNUP}:${SIGNUP_FINISH_LINE}`],
      messageIncludes: '`finish_signup`',
    },
    {
      name: 'the same handler in a change (not a whole tree) is commented on',
      fx: { files: { [P]: { base: GET + testsMod(GET_TEST), head: GET + ARCHIVE + testsMod(GET_TEST) } }, wholeTree: false },
      at: [`${P}:${ARCHIVE_LINE}`],
    },
    {
      name: 'a handler embedding a template still does work when it also calls code',
      fx: { files: { [P]: { base: GET + testsMod(GET_TEST), head: GET + rs('', 'pub async fn report(State(s): State<AppState>) -> Html<String> {', '    Html(include_str!("report.html").replace("{{rows}}", &s.repo.rows().await))', '}') + testsMod(GET_TEST) } } },
      at: [`${P}:${GET.split('\n').length + 1}`],
    },
    {
      name: 'new handler, the module tests its neighbours',
      fx: { files: { [P]: { base: GET + testsMod(GET_TEST), head: GET + ARCHIVE + testsMod(GET_TEST) } } },
      at: [`${P}:${ARCHIVE_LINE}`],
      messageIncludes: 'new handler `archive_project` has no test',
      severity: 'warning',
    },
    {
      name: 'new route in the router, integration tests do not request it',
      fx: {
        files: { [P]: { base: GET, head: GET + ARCHIVE }, 'src/routes.rs': { base: ROUTER_BASE, head: ROUTER_HEAD } },
        unchanged: { 'tests/projects_api.rs': apiTest('/projects/{ID}', 'GET') },
      },
      at: [`${P}:${ARCHIVE_LINE}`],
      messageIncludes: '`archive_project`',
    },
    {
      name: 'same path, another method: a GET test does not cover the new POST',
      fx: {
        files: { [P]: { base: GET, head: GET + ARCHIVE }, 'src/routes.rs': { base: ROUTER_BASE, head: ROUTER_HEAD } },
        unchanged: { 'tests/projects_api.rs': apiTest('/projects/{ID}/archive', 'GET') },
      },
      at: [`${P}:${ARCHIVE_LINE}`],
    },
    {
      name: 'new service method in a tested service module',
      fx: {
        files: {
          'src/services/billing.rs': {
            base: rs('impl BillingService {', '    pub async fn invoice(&self, org: Uuid) -> Result<Invoice> {', '        self.repo.create_invoice(org).await', '    }', '}', '', '#[cfg(test)]', 'mod tests {', '    #[tokio::test]', '    async fn invoices() {', '        assert!(BillingService::fake().invoice(ORG).await.is_ok());', '    }', '}'),
            head: rs('impl BillingService {', '    pub async fn invoice(&self, org: Uuid) -> Result<Invoice> {', '        self.repo.create_invoice(org).await', '    }', '', '    pub async fn refund(&self, invoice: Uuid) -> Result<()> {', '        let paid = self.repo.payment_for(invoice).await?;', '        self.psp.refund(paid.id).await', '    }', '}', '', '#[cfg(test)]', 'mod tests {', '    #[tokio::test]', '    async fn invoices() {', '        assert!(BillingService::fake().invoice(ORG).await.is_ok());', '    }', '}'),
          },
        },
      },
      at: ['src/services/billing.rs:6'],
      messageIncludes: 'new service function `BillingService::refund` has no test',
    },
    {
      name: 'actix scoped routes: the tests request only the other handler',
      fx: {
        files: { [ACC]: { base: ACC_GET, head: ACC_GET + ACC_CLOSE } },
        unchanged: { 'src/main.rs': ACTIX_MAIN, 'tests/accounts.rs': actixTest('get', '/v2/accounts/1') },
      },
      at: [`${ACC}:${ACC_CLOSE_LINE}`],
      messageIncludes: '`close_account`',
    },
    {
      name: 'axum nested module router: the tests request only the other route',
      fx: {
        files: { [LEDGER]: { base: LEDGER_BASE, head: LEDGER_BASE + LEDGER_VOID + LEDGER_ROUTES } },
        unchanged: { 'src/app.rs': AXUM_APP, 'tests/ledger.rs': apiTest('/ledger/{ID}', 'GET') + apiTest('/ledger/{ID}/void', 'GET') },
      },
      at: [`${LEDGER}:${LEDGER_VOID_LINE}`],
      messageIncludes: '`void_entry`',
    },
  ],
});
