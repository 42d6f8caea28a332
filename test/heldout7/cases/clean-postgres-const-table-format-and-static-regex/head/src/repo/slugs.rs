use once_cell::sync::Lazy;
use regex::Regex;
use tokio_postgres::Client;

/// Both the live table and its archive share one schema; the name is picked
/// at compile time per feature, never from input.
#[cfg(feature = "archive")]
const SLUG_TABLE: &str = "slugs_archive";
#[cfg(not(feature = "archive"))]
const SLUG_TABLE: &str = "slugs";

static SLUG_RE: Lazy<Regex> = Lazy::new(|| Regex::new(r"^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])?$").unwrap());

pub fn is_valid_slug(slug: &str) -> bool {
    SLUG_RE.is_match(slug)
}

pub async fn resolve_many(client: &Client, slugs: &[String]) -> Result<Vec<(String, i64)>, tokio_postgres::Error> {
    let sql = format!("SELECT slug, target_id FROM {SLUG_TABLE} WHERE slug = ANY($1)");
    let rows = client.query(sql.as_str(), &[&slugs]).await?;
    Ok(rows.into_iter().map(|r| (r.get(0), r.get(1))).collect())
}
