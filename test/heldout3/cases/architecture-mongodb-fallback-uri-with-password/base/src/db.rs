use std::time::Duration;

use mongodb::options::ClientOptions;
use mongodb::{Client, Database};

pub struct MongoSettings {
    pub uri: String,
    pub database: String,
}

impl MongoSettings {
    pub fn from_env() -> Result<Self, std::env::VarError> {
        Ok(Self {
            uri: std::env::var("REPORTING_MONGO_URI")?,
            database: std::env::var("REPORTING_MONGO_DB").unwrap_or_else(|_| "reporting".to_owned()),
        })
    }
}

pub async fn connect(settings: &MongoSettings) -> mongodb::error::Result<Database> {
    let mut options = ClientOptions::parse(&settings.uri).await?;
    options.app_name = Some("reporting-api".to_owned());
    options.connect_timeout = Some(Duration::from_secs(5));
    options.server_selection_timeout = Some(Duration::from_secs(5));
    let client = Client::with_options(options)?;
    Ok(client.database(&settings.database))
}
