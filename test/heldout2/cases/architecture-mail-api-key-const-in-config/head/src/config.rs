use std::time::Duration;

use serde::Deserialize;

/// Used when `APP__MAIL__API_KEY` is not set (local runs and the staging box).
const SENDGRID_API_KEY: &str = "SG.q9Zt4XvLkR2mYbN8wH1cUe.Jf3sKd7PqL0aVx5RmT2nYh8GwZc4BbE1uIo6SyDeFk";

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub database_url: String,
    #[serde(default = "default_port")]
    pub port: u16,
    pub mail: MailSettings,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MailSettings {
    pub from_address: String,
    #[serde(default = "default_mail_api_key")]
    pub api_key: String,
    #[serde(with = "humantime_serde", default = "default_mail_timeout")]
    pub timeout: Duration,
}

fn default_port() -> u16 {
    8080
}

fn default_mail_api_key() -> String {
    SENDGRID_API_KEY.to_owned()
}

fn default_mail_timeout() -> Duration {
    Duration::from_secs(10)
}

impl Settings {
    pub fn load() -> Result<Self, config::ConfigError> {
        config::Config::builder()
            .add_source(config::File::with_name("config/default"))
            .add_source(config::Environment::with_prefix("APP").separator("__"))
            .build()?
            .try_deserialize()
    }
}
