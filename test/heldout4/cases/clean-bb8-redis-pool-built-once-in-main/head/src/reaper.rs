use std::time::Duration;

use redis::AsyncCommands;
use tokio::time::{interval, MissedTickBehavior};
use tracing::warn;

use crate::RedisPool;

/// Every `every`, trims the `sessions:active` sorted set of members whose
/// expiry score has passed (the keys themselves expire through their TTL).
pub async fn run(pool: RedisPool, every: Duration) {
    let mut ticker = interval(every);
    ticker.set_missed_tick_behavior(MissedTickBehavior::Skip);
    loop {
        ticker.tick().await;
        let mut conn = match pool.get().await {
            Ok(conn) => conn,
            Err(e) => {
                warn!(error = %e, "reaper could not check out a redis connection");
                continue;
            }
        };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        let removed: Result<u64, _> = conn.zrembyscore("sessions:active", 0, now).await;
        if let Err(e) = removed {
            warn!(error = %e, "reaper could not trim sessions:active");
        }
    }
}
