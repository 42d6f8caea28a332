use tokio::time::{Duration, Instant};

/// Per-client token bucket used by the rate-limit middleware.
#[derive(Debug)]
pub struct TokenBucket {
    capacity: f64,
    tokens: f64,
    refill_per_sec: f64,
    last: Instant,
}

impl TokenBucket {
    pub fn new(capacity: u32, refill_per_sec: f64) -> Self {
        Self {
            capacity: f64::from(capacity),
            tokens: f64::from(capacity),
            refill_per_sec,
            last: Instant::now(),
        }
    }

    pub fn try_take(&mut self) -> bool {
        self.refill();
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// How long until the next token is available (for a `Retry-After` header).
    pub fn retry_after(&mut self) -> Option<Duration> {
        self.refill();
        if self.tokens >= 1.0 {
            None
        } else {
            Some(Duration::from_secs_f64((1.0 - self.tokens) / self.refill_per_sec))
        }
    }

    fn refill(&mut self) {
        let now = Instant::now();
        let elapsed = now.duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.refill_per_sec).min(self.capacity);
        self.last = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn starts_full() {
        let mut bucket = TokenBucket::new(3, 1.0);
        assert!(bucket.try_take());
        assert!(bucket.try_take());
        assert!(bucket.try_take());
    }

    #[tokio::test]
    async fn refills_one_token_per_second() {
        tokio::time::pause();
        let mut bucket = TokenBucket::new(2, 1.0);
        assert!(bucket.try_take());
        assert!(bucket.try_take());
        assert!(!bucket.try_take());

        tokio::time::advance(Duration::from_secs(1)).await;
        assert!(bucket.try_take());
        assert!(!bucket.try_take());
    }

    #[tokio::test]
    async fn never_refills_past_capacity() {
        tokio::time::pause();
        let mut bucket = TokenBucket::new(2, 10.0);
        tokio::time::advance(Duration::from_secs(60)).await;
        assert!(bucket.try_take());
        assert!(bucket.try_take());
        assert!(!bucket.try_take());
    }

    #[tokio::test]
    async fn retry_after_counts_down_on_the_paused_clock() {
        tokio::time::pause();
        let mut bucket = TokenBucket::new(1, 4.0);
        assert!(bucket.try_take());
        assert_eq!(bucket.retry_after(), Some(Duration::from_millis(250)));

        tokio::time::advance(Duration::from_millis(250)).await;
        assert_eq!(bucket.retry_after(), None);
    }
}
