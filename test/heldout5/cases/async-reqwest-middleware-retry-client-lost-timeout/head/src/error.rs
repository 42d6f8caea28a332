#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    #[error("geocoder request failed")]
    Http(#[from] reqwest::Error),
    #[error("geocoder request failed")]
    Middleware(#[from] reqwest_middleware::Error),
}
