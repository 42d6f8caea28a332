use bb8_redis::bb8::{Pool, RunError};
use bb8_redis::redis::{AsyncCommands, RedisError};
use bb8_redis::RedisConnectionManager;

use crate::model::Profile;

const TTL_SECS: u64 = 300;

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("redis pool exhausted")]
    Pool(#[from] RunError<RedisError>),
    #[error("redis command failed")]
    Redis(#[from] RedisError),
    #[error("cached profile is not valid JSON")]
    Decode(#[from] serde_json::Error),
}

pub struct ProfileCache {
    pool: Pool<RedisConnectionManager>,
}

impl ProfileCache {
    pub fn new(pool: Pool<RedisConnectionManager>) -> Self {
        Self { pool }
    }

    fn key(user_id: u64) -> String {
        format!("profile:v2:{user_id}")
    }

    pub async fn get(&self, user_id: u64) -> Result<Option<Profile>, CacheError> {
        let mut conn = self.pool.get().await?;
        let raw: Option<String> = conn.get(Self::key(user_id)).await?;
        Ok(raw.map(|s| serde_json::from_str(&s)).transpose()?)
    }

    pub async fn put(&self, profile: &Profile) -> Result<(), CacheError> {
        let mut conn = self.pool.get().await?;
        let raw = serde_json::to_string(profile)?;
        conn.set_ex::<_, _, ()>(Self::key(profile.user_id), raw, TTL_SECS).await?;
        Ok(())
    }
}
