use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::flags::FlagError;

const STALE_AFTER: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Deserialize)]
pub struct Flag {
    pub key: String,
    pub enabled: bool,
    pub rollout_percent: u8,
    #[serde(skip)]
    pub etag: Option<String>,
}

struct Entry {
    flag: Flag,
    fetched_at: Instant,
}

pub struct FlagClient {
    http: reqwest::Client,
    base_url: String,
    entries: std::sync::Mutex<HashMap<String, Entry>>,
}

impl FlagClient {
    pub async fn get(&self, key: &str) -> Result<Flag, FlagError> {
        if let Some(entry) = self.entries.lock().unwrap().get_mut(key) {
            if entry.fetched_at.elapsed() > STALE_AFTER {
                entry.flag = self.revalidate(&entry.flag).await?;
                entry.fetched_at = Instant::now();
            }
            return Ok(entry.flag.clone());
        }
        let flag = self.fetch(key, None).await?;
        self.entries.lock().unwrap().insert(
            key.to_owned(),
            Entry { flag: flag.clone(), fetched_at: Instant::now() },
        );
        Ok(flag)
    }

    async fn revalidate(&self, current: &Flag) -> Result<Flag, FlagError> {
        self.fetch(&current.key, current.etag.as_deref()).await
    }

    async fn fetch(&self, key: &str, etag: Option<&str>) -> Result<Flag, FlagError> {
        let mut req = self.http.get(format!("{}/flags/{}", self.base_url, key));
        if let Some(etag) = etag {
            req = req.header(reqwest::header::IF_NONE_MATCH, etag);
        }
        let flag = req.send().await?.error_for_status()?.json::<Flag>().await?;
        Ok(flag)
    }
}
