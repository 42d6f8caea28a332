mod common;

use std::time::Duration;

use billing::config::{Config, ConfigError};
use billing::db::connect;

#[test]
fn reads_timeout_from_env() {
    common::use_env(&[
        ("DATABASE_URL", "postgres://localhost/billing_test"),
        ("REQUEST_TIMEOUT_MS", "2500"),
    ]);
    let cfg = Config::from_env().unwrap();
    assert_eq!(cfg.request_timeout, Duration::from_millis(2500));
}

#[test]
fn missing_database_url_is_an_error() {
    common::clear_env(&["DATABASE_URL"]);
    let err = Config::from_env().unwrap_err();
    assert!(matches!(err, ConfigError::Missing("DATABASE_URL")));
}

#[test]
fn default_pool_size_is_accepted() {
    common::use_env(&[("DATABASE_URL", "postgres://localhost/billing_test")]);
    common::clear_env(&["DB_MAX_CONNECTIONS"]);
    let _cfg = Config::from_env();
}

#[test]
async fn connects_with_env_config() {
    common::use_env(&[("DATABASE_URL", "postgres://localhost/billing_test")]);
    let cfg = Config::from_env().unwrap();
    let pool = connect(&cfg).await.unwrap();
    assert_eq!(pool.size(), 1);
}
