use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    pub listen_addr: String,
    pub upstream_timeout: Duration,
}

impl Config {
    pub fn from_env() -> Self {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Self {
        let listen_addr = get("LISTEN_ADDR").unwrap_or_else(|| "0.0.0.0:8080".to_string());
        let upstream_timeout = get("UPSTREAM_TIMEOUT_MS")
            .and_then(|v| v.parse().ok())
            .map(Duration::from_millis)
            .unwrap_or(Duration::from_secs(5));
        Self { listen_addr, upstream_timeout }
    }

    pub fn port(&self) -> u16 {
        let (_, port) = self.listen_addr.rsplit_once(':').expect("LISTEN_ADDR has a port");
        port.parse().expect("LISTEN_ADDR port is numeric")
    }
}
