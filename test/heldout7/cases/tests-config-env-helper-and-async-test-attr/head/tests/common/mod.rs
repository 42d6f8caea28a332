//! Helpers shared by the integration tests.

/// Points the service at a scratch configuration for the duration of a test.
pub fn use_env(vars: &[(&str, &str)]) {
    for (key, value) in vars {
        std::env::set_var(key, value);
    }
}

pub fn clear_env(keys: &[&str]) {
    for key in keys {
        std::env::remove_var(key);
    }
}
