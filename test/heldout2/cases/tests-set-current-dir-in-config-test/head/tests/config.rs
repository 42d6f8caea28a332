use std::io::Write;

use billing_api::config::Settings;
use tempfile::{NamedTempFile, TempDir};

fn write_config(contents: &str) -> NamedTempFile {
    let mut file = NamedTempFile::new().expect("temp file");
    file.write_all(contents.as_bytes()).expect("write config");
    file
}

#[test]
fn loads_explicit_config_file() {
    let file = write_config(
        r#"
        [server]
        port = 8081

        [database]
        url = "postgres://localhost/billing_test"
        max_connections = 4
        "#,
    );

    let settings = Settings::from_file(file.path()).expect("valid config");

    assert_eq!(settings.server.port, 8081);
    assert_eq!(settings.database.max_connections, 4);
}

#[test]
fn rejects_zero_pool_size() {
    let file = write_config(
        r#"
        [server]
        port = 8081

        [database]
        url = "postgres://localhost/billing_test"
        max_connections = 0
        "#,
    );

    assert!(Settings::from_file(file.path()).is_err());
}

#[test]
fn discovers_config_toml_in_working_directory() {
    let dir = TempDir::new().expect("temp dir");
    std::fs::write(
        dir.path().join("config.toml"),
        "[server]\nport = 9090\n\n[database]\nurl = \"postgres://localhost/x\"\nmax_connections = 2\n",
    )
    .expect("write config");
    std::env::set_current_dir(dir.path()).expect("chdir");

    let settings = Settings::discover().expect("config found in cwd");

    assert_eq!(settings.server.port, 9090);
}
