use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub database_url: String,
    pub request_timeout: Duration,
    pub max_connections: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("missing environment variable {0}")]
    Missing(&'static str),
    #[error("invalid value for {0}")]
    Invalid(&'static str),
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let database_url =
            std::env::var("DATABASE_URL").map_err(|_| ConfigError::Missing("DATABASE_URL"))?;
        let request_timeout = std::env::var("REQUEST_TIMEOUT_MS")
            .ok()
            .map(|v| v.parse::<u64>().map_err(|_| ConfigError::Invalid("REQUEST_TIMEOUT_MS")))
            .transpose()?
            .map(Duration::from_millis)
            .unwrap_or(Duration::from_secs(10));
        let max_connections = std::env::var("DB_MAX_CONNECTIONS")
            .ok()
            .map(|v| v.parse::<u32>().map_err(|_| ConfigError::Invalid("DB_MAX_CONNECTIONS")))
            .transpose()?
            .unwrap_or(10);
        Ok(Config { database_url, request_timeout, max_connections })
    }
}
