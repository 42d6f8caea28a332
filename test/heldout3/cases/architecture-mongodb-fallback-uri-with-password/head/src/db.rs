use std::time::Duration;

use mongodb::options::ClientOptions;
use mongodb::{Client, Database};

pub struct MongoSettings {
    pub uri: String,
    pub database: String,
}

impl MongoSettings {
    /// Falls back to the shared reporting replica set so new services boot without extra config.
    pub fn from_env() -> Self {
        Self {
            uri: std::env::var("REPORTING_MONGO_URI").unwrap_or_else(|_| {
                "mongodb://reporting_rw:Qm7vX2kLp9sT4wRz@mongo-0.data.internal:27017,mongo-1.data.internal:27017/?replicaSet=rs0&authSource=admin"
                    .to_owned()
            }),
            database: std::env::var("REPORTING_MONGO_DB").unwrap_or_else(|_| "reporting".to_owned()),
        }
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
