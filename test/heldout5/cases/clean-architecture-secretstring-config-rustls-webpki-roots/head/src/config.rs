use std::env;

use secrecy::SecretString;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("missing environment variable {0}")]
    Missing(&'static str),
}

/// `Debug` is derived: the `SecretString` fields print as `[REDACTED]`.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen_addr: String,
    pub psp_base_url: String,
    pub psp_api_key: SecretString,
    pub webhook_secret: SecretString,
}

fn required(name: &'static str) -> Result<String, ConfigError> {
    env::var(name).map_err(|_| ConfigError::Missing(name))
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Ok(Self {
            listen_addr: env::var("LISTEN_ADDR").unwrap_or_else(|_| "0.0.0.0:8080".to_owned()),
            psp_base_url: required("PSP_BASE_URL")?,
            psp_api_key: SecretString::from(required("PSP_API_KEY")?),
            webhook_secret: SecretString::from(required("PSP_WEBHOOK_SECRET")?),
        })
    }
}
