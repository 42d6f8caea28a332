use std::env;
use std::net::SocketAddr;

#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    pub listen: SocketAddr,
    pub max_connections: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("missing environment variable {0}")]
    Missing(&'static str),
    #[error("invalid value for {0}")]
    Invalid(&'static str),
}

impl Settings {
    pub fn from_env() -> Result<Self, ConfigError> {
        let database_url = env::var("APP_DATABASE_URL").map_err(|_| ConfigError::Missing("APP_DATABASE_URL"))?;
        let port: u16 = env::var("APP_PORT")
            .unwrap_or_else(|_| "8080".into())
            .parse()
            .map_err(|_| ConfigError::Invalid("APP_PORT"))?;
        let max_connections = env::var("APP_DB_MAX_CONNECTIONS")
            .ok()
            .map(|v| v.parse().map_err(|_| ConfigError::Invalid("APP_DB_MAX_CONNECTIONS")))
            .transpose()?
            .unwrap_or(10);
        Ok(Self { database_url, listen: SocketAddr::from(([0, 0, 0, 0], port)), max_connections })
    }
}
