use std::time::Duration;

use serde::Deserialize;

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
    #[serde(with = "humantime_serde", default = "default_mail_timeout")]
    pub timeout: Duration,
}

fn default_port() -> u16 {
    8080
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
