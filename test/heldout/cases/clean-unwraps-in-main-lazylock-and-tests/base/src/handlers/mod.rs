pub async fn health() -> &'static str {
    "ok"
}
