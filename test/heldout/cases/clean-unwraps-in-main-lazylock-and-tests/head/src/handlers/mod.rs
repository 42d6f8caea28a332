pub mod workspaces;

pub async fn health() -> &'static str {
    "ok"
}
