use rocket::http::Status;
use rocket::response::status::Custom;
use rocket::serde::json::{json, Json, Value};
use rocket::{get, State};
use sqlx::PgPool;

use crate::auth::claims::GatewayClaims;
use crate::model::Invoice;

#[get("/invoices/<id>")]
pub async fn get_invoice(
    id: i64,
    claims: GatewayClaims,
    pool: &State<PgPool>,
) -> Result<Json<Invoice>, Custom<Json<Value>>> {
    let found = sqlx::query_as::<_, Invoice>(
        "SELECT id, tenant, amount_cents, status FROM invoices WHERE id = $1 AND tenant = $2",
    )
    .bind(id)
    .bind(&claims.tenant)
    .fetch_optional(pool.inner())
    .await;

    match found {
        Ok(Some(invoice)) => Ok(Json(invoice)),
        Ok(None) => Err(Custom(Status::NotFound, Json(json!({ "error": "invoice not found" })))),
        Err(e) => Err(Custom(
            Status::InternalServerError,
            Json(json!({ "error": "database error", "detail": format!("{e:?}") })),
        )),
    }
}
