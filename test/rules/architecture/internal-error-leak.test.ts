import rule from '../../../src/rules/architecture/internal-error-leak.js';
import { testFileRule } from '../../helpers/rule-tester.js';

/** A vault whose every error is a literal message (`bail!("..")`, `.context("..")`). */
const LITERAL_ERRORS_VAULT = `use anyhow::{bail, Context, Result};
pub struct Vault { key: [u8; 32] }
impl Vault {
    pub fn unseal(&self, blob: &[u8]) -> Result<String> {
        if blob.len() < 8 {
            bail!("sealed blob too short");
        }
        let opened = self.open(blob).context("sealed blob does not open with this key")?;
        let text = String::from_utf8(opened).context("sealed blob is not text")?;
        Ok(text)
    }
}
`;

testFileRule(rule, {
  valid: [
    {
      name: "rocket: an error's text in a 4xx `Custom(Status::UnprocessableEntity, ..)` body describes the client's input",
      path: 'src/routes/tickets.rs',
      code: `use rocket::http::Status;
use rocket::response::status::Custom;

#[post("/tickets", data = "<form>")]
pub async fn open(form: Json<NewTicket>) -> Result<Json<Ticket>, Custom<String>> {
    let ticket = form.validate().map_err(|e| Custom(Status::UnprocessableEntity, e.to_string()))?;
    Ok(Json(ticket))
}
`,
    },
    {
      name: "the Display of an error from a crate fn whose every error is a literal message (anyhow `bail!` / `.context(\"..\")`): fixed text",
      files: { 'src/lib.rs': 'pub mod vault;\npub mod routes;\n', 'src/vault.rs': LITERAL_ERRORS_VAULT },
      path: 'src/routes.rs',
      code: `use crate::vault::Vault;
pub async fn reveal(State(vault): State<Arc<Vault>>, Json(req): Json<RevealRequest>) -> Result<String, (StatusCode, String)> {
    let secret = vault.unseal(&req.blob).map_err(|err| {
        (StatusCode::INTERNAL_SERVER_ERROR, format!("cannot unseal: {err}"))
    })?;
    Ok(secret)
}
`,
    },
    {
      name: 'tonic Status::internal with a fixed message, the error logged; not_found may name the id',
      code: `use tonic::{Request, Response, Status};
#[tonic::async_trait]
impl Orders for OrderService {
    async fn get(&self, req: Request<GetOrder>) -> Result<Response<Order>, Status> {
        let id = req.into_inner().id;
        let order = self.repo.find(id).await.map_err(|e| {
            tracing::error!(error = %e, "order lookup failed");
            Status::internal("internal error")
        })?;
        let order = order.ok_or_else(|| Status::not_found(format!("order {id} not found")))?;
        Ok(Response::new(order))
    }
}
`,
    },
    {
      name: 'poem Error::from_string with a fixed message on a 500, the error only logged',
      code: `fn internal(e: sqlx::Error) -> poem::Error {
    tracing::error!(error = %e, "refresh failed");
    Error::from_string("internal error", StatusCode::INTERNAL_SERVER_ERROR)
}
`,
    },
    {
      name: 'poem Error::from_string with the error text on a 4xx',
      code: `fn invalid(e: ValidationErrors) -> poem::Error {
    Error::from_string(e.to_string(), StatusCode::BAD_REQUEST)
}
`,
    },
    {
      name: 'generic 500 message, cause only logged',
      code: `fn internal(e: sqlx::Error) -> (StatusCode, String) {
    tracing::error!(error = %e, "db");
    (StatusCode::INTERNAL_SERVER_ERROR, "internal error".to_string())
}
`,
    },
    {
      name: 'validation error text on a 4xx',
      code: `fn bad(e: ValidationError) -> (StatusCode, String) {
    (StatusCode::UNPROCESSABLE_ENTITY, e.to_string())
}
`,
    },
    {
      name: 'unit variant Display on a 500 arm (fixed message)',
      code: `impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, self.to_string()).into_response(),
            ApiError::NotFound => (StatusCode::NOT_FOUND, self.to_string()).into_response(),
        }
    }
}
`,
    },
    {
      name: 'request id, not the error, in the 500 body',
      code: `fn internal(e: anyhow::Error, request_id: &str) -> Response {
    error!(error = ?e, %request_id, "failed");
    (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({ "error": "internal error", "request_id": request_id }))).into_response()
}
`,
    },
    {
      name: 'actix 500 with a fixed body',
      code: `fn error_response(&self) -> HttpResponse {
    HttpResponse::InternalServerError().json(ErrorBody { message: "internal error" })
}
`,
    },
    {
      name: 'error message on a 400 in actix',
      code: `async fn create(body: web::Json<New>) -> HttpResponse {
    match body.validate() {
        Err(err) => HttpResponse::BadRequest().body(err.to_string()),
        Ok(()) => HttpResponse::Created().finish(),
    }
}
`,
    },
    {
      name: 'ResponseError impl: internal arms get a fixed message, client arm its Display',
      code: `impl ResponseError for StoreError {
    fn status_code(&self) -> StatusCode {
        match self {
            StoreError::Missing(_) => StatusCode::NOT_FOUND,
            StoreError::Pool(_) | StoreError::Remote(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
    fn error_response(&self) -> HttpResponse {
        let detail = match self {
            StoreError::Missing(_) => self.to_string(),
            StoreError::Pool(_) | StoreError::Remote(_) => "internal error".to_owned(),
        };
        HttpResponse::build(self.status_code()).json(json!({ "detail": detail }))
    }
}
`,
    },
    {
      name: 'ResponseError impl: Display of self only for a 4xx (validation) variant',
      code: `impl ResponseError for FormError {
    fn status_code(&self) -> StatusCode {
        match self {
            FormError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
    fn error_response(&self) -> HttpResponse {
        match self {
            FormError::Invalid(_) => HttpResponse::build(self.status_code()).body(format!("{self}")),
            _ => HttpResponse::build(self.status_code()).body("something went wrong"),
        }
    }
}
`,
    },
    {
      name: 'ResponseError impl: Display of self where 5xx variants have fixed thiserror messages',
      code: `#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("item {0} not found")]
    NotFound(String),
    #[error("catalog storage unavailable")]
    Storage(#[from] sqlx::Error),
}
impl ResponseError for CatalogError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Storage(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code()).json(json!({ "error": self.to_string() }))
    }
}
`,
    },
    {
      name: 'IntoResponse impl: Debug of a unit (data-less) 5xx variant',
      code: `impl IntoResponse for GateError {
    fn into_response(self) -> Response {
        let status = match self {
            GateError::Timeout => StatusCode::GATEWAY_TIMEOUT,
            GateError::Denied(_) => StatusCode::FORBIDDEN,
        };
        let msg = match &self {
            GateError::Timeout => format!("{:?}", self),
            GateError::Denied(reason) => reason.to_string(),
        };
        (status, msg).into_response()
    }
}
`,
    },
    {
      name: 'the message put in the 503 is the outer fixed text, not a same-named error text of a block that has ended',
      code: `fn unavailable(err: redis::RedisError) -> (StatusCode, Json<Value>) {
    let message = "cache unavailable";
    {
        let message = err.to_string();
        tracing::error!(%message, "redis");
    }
    (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "error": message })))
}
`,
    },
  ],
  invalid: [
    {
      name: "rocket: the Debug text of a database error in a `Custom(Status::InternalServerError, ..)` body",
      path: 'src/routes/tickets.rs',
      code: `use rocket::http::Status;
use rocket::response::status::Custom;
use rocket::serde::json::{json, Json, Value};

#[get("/tickets/<id>")]
pub async fn ticket(id: i64, pool: &State<PgPool>) -> Result<Json<Ticket>, Custom<Json<Value>>> {
    match load_ticket(pool.inner(), id).await {
        Ok(ticket) => Ok(Json(ticket)),
        Err(e) => Err(Custom(Status::InternalServerError, Json(json!({ "detail": format!("{e:?}") })))),
    }
}
`,
      lines: [9],
      messageId: 'leak',
    },
    {
      name: 'the Display of an error from a crate fn whose `bail!` formats values into its message',
      files: { 'src/lib.rs': 'pub mod vault;\npub mod routes;\n', 'src/vault.rs': `use anyhow::{bail, Result};
pub struct Vault { keys: Vec<String> }
impl Vault {
    pub fn unseal(&self, key: &str) -> Result<String> {
        if !self.keys.iter().any(|k| k == key) {
            bail!("no key {key} among {:?}", self.keys);
        }
        Ok(key.to_string())
    }
}
` },
      path: 'src/routes.rs',
      code: `use crate::vault::Vault;
pub async fn reveal(State(vault): State<Arc<Vault>>, Json(req): Json<RevealRequest>) -> Result<String, (StatusCode, String)> {
    let secret = vault.unseal(&req.key).map_err(|err| {
        (StatusCode::INTERNAL_SERVER_ERROR, format!("cannot unseal: {err}"))
    })?;
    Ok(secret)
}
`,
      lines: [4],
      messageId: 'leak',
    },
    {
      name: 'the same handler showing the alternate form `{err:#}`: the chain of causes under the message',
      files: { 'src/lib.rs': 'pub mod vault;\npub mod routes;\n', 'src/vault.rs': LITERAL_ERRORS_VAULT },
      path: 'src/routes.rs',
      code: `use crate::vault::Vault;
pub async fn reveal(State(vault): State<Arc<Vault>>, Json(req): Json<RevealRequest>) -> Result<String, (StatusCode, String)> {
    let secret = vault.unseal(&req.blob).map_err(|err| {
        (StatusCode::INTERNAL_SERVER_ERROR, format!("cannot unseal: {err:#}"))
    })?;
    Ok(secret)
}
`,
      lines: [4],
      messageId: 'leak',
    },
    {
      name: 'the Display of an error from a crate fn that passes an I/O error on with a bare `?` (its text names the path)',
      files: { 'src/lib.rs': 'pub mod vault;\npub mod routes;\n', 'src/vault.rs': `use anyhow::{Context, Result};
pub struct Vault { key: [u8; 32], dir: std::path::PathBuf }
impl Vault {
    pub fn unseal(&self, name: &str) -> Result<String> {
        let blob = std::fs::read(self.dir.join(name))?;
        let text = String::from_utf8(blob).context("sealed blob is not text")?;
        Ok(text)
    }
}
` },
      path: 'src/routes.rs',
      code: `use crate::vault::Vault;
pub async fn reveal(State(vault): State<Arc<Vault>>, Json(req): Json<RevealRequest>) -> Result<String, (StatusCode, String)> {
    let secret = vault.unseal(&req.name).map_err(|err| {
        (StatusCode::INTERNAL_SERVER_ERROR, format!("cannot unseal: {err}"))
    })?;
    Ok(secret)
}
`,
      lines: [4],
      messageId: 'leak',
    },
    {
      name: 'tonic Status::internal carrying a repository error to the gRPC client',
      code: `use tonic::{Request, Response, Status};
#[tonic::async_trait]
impl Orders for OrderService {
    async fn get(&self, req: Request<GetOrder>) -> Result<Response<Order>, Status> {
        let order = self.repo.find(req.into_inner().id).await.map_err(|e| Status::internal(e.to_string()))?;
        Ok(Response::new(order))
    }
}
`,
      lines: [5],
      messageIncludes: 'gRPC INTERNAL',
    },
    {
      name: 'poem Error::from_string with the error text and a 500',
      code: `async fn refresh(pool: Data<&PgPool>) -> poem::Result<()> {
    sqlx::query("REFRESH MATERIALIZED VIEW stats").execute(*pool).await.map_err(|e| {
        Error::from_string(
            format!("refresh failed: {e}"),
            StatusCode::INTERNAL_SERVER_ERROR,
        )
    })?;
    Ok(())
}
`,
      lines: [4],
      messageIncludes: '{e}',
    },
    {
      name: 'warp reply::with_status with the error text and a 502',
      code: `async fn proxy(client: Client) -> Result<impl Reply, Infallible> {
    match client.get(UPSTREAM).send().await {
        Ok(r) => Ok(reply::with_status(r.text().await.unwrap_or_default(), StatusCode::OK)),
        Err(err) => Ok(reply::with_status(err.to_string(), StatusCode::BAD_GATEWAY)),
    }
}
`,
      lines: [4],
      messageIncludes: 'err.to_string()',
    },
    {
      name: 'axum example helper: (500, err.to_string())',
      code: `fn internal_error<E: std::error::Error>(err: E) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}
`,
      lines: [2],
      messageIncludes: 'err.to_string()',
    },
    {
      name: 'match arm with format!("{e}") and {e:#}',
      code: `impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            ApiError::NotFound => (StatusCode::NOT_FOUND, self.to_string()),
            ApiError::Database(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("database error: {e}")),
            ApiError::Internal(e) => {
                (StatusCode::INTERNAL_SERVER_ERROR, format!("internal: {e:#}"))
            }
        };
        (status, Json(json!({ "error": message }))).into_response()
    }
}
`,
      lines: [5, 7],
      messageIncludes: '{e}',
    },
    {
      name: 'map_err closure with Debug formatting',
      code: `async fn list(State(db): State<PgPool>) -> Result<Json<Vec<Item>>, (StatusCode, String)> {
    let rows = sqlx::query_as("SELECT * FROM items").fetch_all(&db).await
        .map_err(|why| (StatusCode::INTERNAL_SERVER_ERROR, format!("{:?}", why)))?;
    Ok(Json(rows))
}
`,
      lines: [3],
      messageIncludes: 'why',
    },
    {
      name: 'axum anyhow example: self.0',
      code: `struct AppError(anyhow::Error);
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        (StatusCode::INTERNAL_SERVER_ERROR, format!("Something went wrong: {}", self.0)).into_response()
    }
}
`,
      lines: [4],
      messageIncludes: 'self.0',
    },
    {
      name: 'actix InternalServerError().body(e.to_string())',
      code: `async fn get(pool: web::Data<Pool>) -> HttpResponse {
    match load(&pool).await {
        Ok(v) => HttpResponse::Ok().json(v),
        Err(e) => HttpResponse::InternalServerError().body(e.to_string()),
    }
}
`,
      lines: [4],
      messageIncludes: 'e.to_string()',
    },
    {
      name: 'actix ResponseError impl with json! body',
      code: `impl ResponseError for ServiceError {
    fn error_response(&self) -> HttpResponse {
        HttpResponse::InternalServerError().json(json!({ "error": self.to_string() }))
    }
}
`,
      lines: [3],
      messageIncludes: 'self.to_string()',
    },
    {
      name: 'actix ErrorInternalServerError(e)',
      code: `async fn get(pool: web::Data<Pool>) -> Result<HttpResponse, actix_web::Error> {
    let n = count(&pool).await.map_err(|e| actix_web::error::ErrorInternalServerError(e))?;
    Ok(HttpResponse::Ok().json(n))
}
`,
      lines: [2],
      messageIncludes: 'ErrorInternalServerError(e)',
    },
    {
      name: 'the message put in the 503 is the outer one, not a same-named error text of a block that has ended',
      code: `fn unavailable(err: redis::RedisError, retry: bool) -> (StatusCode, Json<Value>) {
    let message = err.to_string();
    if retry {
        let message = "retrying";
        tracing::warn!(message);
    }
    (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "error": message })))
}
`,
      lines: [7],
      messageIncludes: '`message` (from `err.to_string()`)',
    },
    {
      name: 'message bound first, then put in a 503 tuple',
      code: `fn unavailable(err: redis::RedisError) -> (StatusCode, Json<Value>) {
    let message = err.to_string();
    (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "error": message })))
}
`,
      lines: [3],
      messageIncludes: '`message` (from `err.to_string()`) puts the error text into a 503',
    },
    {
      name: 'Response::builder().status(500).body(..)',
      code: `fn fail(e: io::Error) -> Response<Body> {
    Response::builder()
        .status(StatusCode::INTERNAL_SERVER_ERROR)
        .body(Body::from(format!("io failure: {e}")))
        .unwrap()
}
`,
      lines: [4],
      messageIncludes: '500',
    },
    {
      name: 'ResponseError impl: Debug of self in internal arms, status from status_code()',
      code: `impl ResponseError for StoreError {
    fn status_code(&self) -> StatusCode {
        match self {
            StoreError::Missing(_) => StatusCode::NOT_FOUND,
            StoreError::Pool(_) | StoreError::Remote(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
    fn error_response(&self) -> HttpResponse {
        let detail = match self {
            StoreError::Missing(_) => self.to_string(),
            StoreError::Pool(_) | StoreError::Remote(_) => format!("{:?}", self),
        };
        HttpResponse::build(self.status_code()).json(json!({ "detail": detail }))
    }
}
`,
      lines: [11],
      messageIncludes: '500',
    },
    {
      name: 'IntoResponse impl: arm-bound inner error rendered, status from a separate match',
      code: `impl IntoResponse for AppFailure {
    fn into_response(self) -> Response {
        let status = match &self {
            AppFailure::BadInput(_) => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let text = match &self {
            AppFailure::BadInput(msg) => msg.clone(),
            AppFailure::Storage(inner) => inner.to_string(),
        };
        (status, text).into_response()
    }
}
`,
      lines: [9],
      messageIncludes: 'inner.to_string()',
    },
    {
      name: 'ResponseError impl without status_code(): internal-named variant rendered with {self}',
      code: `impl ResponseError for SyncError {
    fn error_response(&self) -> HttpResponse {
        match self {
            SyncError::Conflict(_) => HttpResponse::Conflict().body(self.to_string()),
            SyncError::Upstream(_) => HttpResponse::build(self.status_code()).body(format!("sync failed: {self}")),
        }
    }
}
`,
      lines: [5],
    },
    {
      name: 'ResponseError impl: Display of self where a 5xx variant shows its source',
      code: `#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("item {0} not found")]
    NotFound(String),
    #[error("catalog storage: {0}")]
    Storage(#[from] sqlx::Error),
}
impl ResponseError for CatalogError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Storage(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code()).json(json!({ "error": self.to_string() }))
    }
}
`,
      lines: [16],
      messageIncludes: 'self.to_string()',
    },
  ],
});

/**
 * A helper whose text parameter the caller chooses (`S: ToString`, `impl Into<String>`) renders a
 * message, not an error, whatever the parameter is called; a parameter bound by an error trait is an error.
 */
testFileRule(rule, {
  valid: [
    {
      name: 'a 500 helper that renders the message each caller passes',
      code: `pub fn server_error<S: ToString>(error: S) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, error.to_string())
}
pub fn unavailable(err: impl Into<String>) -> (StatusCode, String) {
    (StatusCode::SERVICE_UNAVAILABLE, format!("try later: {}", err.into()))
}
`,
    },
  ],
  invalid: [
    {
      name: 'a 500 helper generic over an error type still renders an error',
      code: `pub fn server_error<E>(error: E) -> (StatusCode, String)
where
    E: std::error::Error,
{
    (StatusCode::INTERNAL_SERVER_ERROR, error.to_string())
}
`,
      lines: [5],
    },
  ],
});

/**
 * A handler that takes a parameter only the crate's own extractor fills, through an impl that can
 * turn the request away (a session, a role): a note, since only the callers it admits see the text.
 */
const GUARD = `pub struct Operator(pub String);
impl<S: Send + Sync> FromRequestParts<S> for Operator {
    type Rejection = StatusCode;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.headers.get("x-operator") {
            Some(v) if v == "on-call" => Ok(Self(v.to_str().unwrap_or_default().into())),
            _ => Err(StatusCode::FORBIDDEN),
        }
    }
}
pub struct Visitor;
impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = Infallible;
    async fn from_request_parts(_: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Visitor)
    }
}
`;
testFileRule(rule, {
  valid: [],
  invalid: [
    {
      name: 'behind a rejecting extractor of the crate (another file): a note that names it',
      files: { 'src/guard.rs': GUARD },
      path: 'src/ops.rs',
      code: `pub async fn purge(_op: Operator, State(db): State<Db>) -> Result<(), (StatusCode, String)> {
    db.purge().await.map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, format!("purge failed: {e}")))
}
`,
      lines: [2],
      messageId: 'leakGuarded',
      messageIncludes: '`Operator` extractor',
      severity: 'info',
    },
    {
      name: 'an extractor of the crate that admits every request guards nothing; nor does an optional one',
      files: { 'src/guard.rs': GUARD },
      path: 'src/ops.rs',
      code: `pub async fn stats(_v: Visitor, State(db): State<Db>) -> Result<String, (StatusCode, String)> {
    db.stats().await.map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}
pub async fn peek(op: Option<Operator>, State(db): State<Db>) -> Result<String, (StatusCode, String)> {
    db.peek().await.map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}
`,
      lines: [2, 5],
      messageId: 'leak',
      severity: 'error',
    },
  ],
});

/** The rejection of an extractor run by hand describes the client's request, not the service. */
testFileRule(rule, {
  valid: [
    {
      name: "an extractor's rejection text in the error closure of running it",
      code: `impl<S: Sync> FromRequestParts<S> for Paging {
    type Rejection = (StatusCode, String);
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Query(q) = parts
            .extract::<Query<RawPaging>>()
            .await
            .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, format!("bad paging: {e}")))?;
        Ok(q.into())
    }
}
`,
    },
  ],
  invalid: [
    {
      name: 'a database error in the same extractor impl still leaks',
      code: `impl FromRequestParts<AppState> for Tenant {
    type Rejection = (StatusCode, String);
    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        let Query(q) = parts.extract::<Query<TenantId>>().await.map_err(|e| (StatusCode::BAD_REQUEST, e.to_string()))?;
        s.db.tenant(q.id).await.map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, format!("lookup: {e}")))
    }
}
`,
      lines: [5],
    },
  ],
});
