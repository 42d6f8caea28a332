use std::num::NonZeroUsize;
use std::sync::Mutex;

use bb8_redis::bb8::{Pool, RunError};
use bb8_redis::redis::{AsyncCommands, RedisError};
use bb8_redis::RedisConnectionManager;
use lru::LruCache;

use crate::model::Profile;

const TTL_SECS: u64 = 300;
const LOCAL_ENTRIES: usize = 4096;

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("redis pool exhausted")]
    Pool(#[from] RunError<RedisError>),
    #[error("redis command failed")]
    Redis(#[from] RedisError),
    #[error("cached profile is not valid JSON")]
    Decode(#[from] serde_json::Error),
}

/// Two-level cache: a small in-process LRU in front of redis.
pub struct ProfileCache {
    pool: Pool<RedisConnectionManager>,
    local: Mutex<LruCache<u64, Profile>>,
}

impl ProfileCache {
    pub fn new(pool: Pool<RedisConnectionManager>) -> Self {
        let capacity = NonZeroUsize::new(LOCAL_ENTRIES).expect("LOCAL_ENTRIES is non-zero");
        Self { pool, local: Mutex::new(LruCache::new(capacity)) }
    }

    fn key(user_id: u64) -> String {
        format!("profile:v2:{user_id}")
    }

    pub async fn get(&self, user_id: u64) -> Result<Option<Profile>, CacheError> {
        match self.local.lock().unwrap().get(&user_id) {
            Some(hit) => Ok(Some(hit.clone())),
            None => {
                let mut conn = self.pool.get().await?;
                let raw: Option<String> = conn.get(Self::key(user_id)).await?;
                let profile: Option<Profile> = raw.map(|s| serde_json::from_str(&s)).transpose()?;
                if let Some(p) = &profile {
                    self.local.lock().unwrap().put(user_id, p.clone());
                }
                Ok(profile)
            }
        }
    }

    pub async fn put(&self, profile: &Profile) -> Result<(), CacheError> {
        let mut conn = self.pool.get().await?;
        let raw = serde_json::to_string(profile)?;
        conn.set_ex::<_, _, ()>(Self::key(profile.user_id), raw, TTL_SECS).await?;
        self.local.lock().unwrap().put(profile.user_id, profile.clone());
        Ok(())
    }
}
