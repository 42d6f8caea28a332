import rule from '../../../src/rules/tests/env-mutation.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: 'set_var in production start-up', path: 'src/main.rs', code: 'fn main() {\n    std::env::set_var("RUST_BACKTRACE", "1");\n    run();\n}\n' },
    { name: 'child process env', path: 'tests/cli.rs', code: '#[test]\nfn prints_version() {\n    let out = Command::new(env!("CARGO_BIN_EXE_app")).env("APP_ENV", "test").output().unwrap();\n    assert!(out.status.success());\n}\n' },
    { name: 'temp_env scoping', path: 'tests/settings.rs', code: '#[test]\nfn reads_port() {\n    temp_env::with_var("APP_PORT", Some("9090"), || {\n        assert_eq!(Settings::from_env().unwrap().port, 9090);\n    });\n}\n' },
    { name: 'serial tests', path: 'tests/settings.rs', code: 'use serial_test::serial;\n\n#[test]\n#[serial]\nfn reads_port() {\n    std::env::set_var("APP_PORT", "9090");\n    assert_eq!(Settings::from_env().unwrap().port, 9090);\n}\n' },
    { name: 'reading env is fine', path: 'tests/db.rs', code: '#[tokio::test]\nasync fn connects() {\n    let url = std::env::var("DATABASE_URL").unwrap();\n    assert!(PgPool::connect(&url).await.is_ok());\n}\n' },
    { name: 'harness=false main', path: 'tests/e2e/main.rs', code: 'fn main() {\n    std::env::set_var("APP_ENV", "e2e");\n    run_all();\n}\n' },
    {
      name: 'a method named like a sandbox\'s on another closure parameter',
      path: 'src/settings.rs',
      code: `#[cfg(test)]
mod tests {
    #[test]
    fn overrides() {
        Overrides::scoped(|o| {
            o.set_env("LOG_LEVEL", "debug");
            assert_eq!(o.get("LOG_LEVEL"), Some("debug"));
        });
    }
}
`,
    },
    { name: 'a figment jail (in a tests/ binary of its own)', path: 'tests/config.rs', code: '#[test]\nfn jail() {\n    figment::Jail::expect_with(|jail| {\n        jail.set_env("APP_PORT", "9090");\n        assert_eq!(Config::load()?.port, 9090);\n        Ok(())\n    });\n}\n' },
  ],
  invalid: [
    {
      name: 'figment Jail in a unit test of the crate (its variables are the process\'s, seen by every parallel unit test)',
      path: 'src/settings/loader.rs',
      code: `#[cfg(test)]
mod tests {
    use figment::Jail;

    #[test]
    fn port_from_env() {
        Jail::expect_with(|sandbox| {
            sandbox.create_file("app.toml", "port = 1")?;
            sandbox.set_env("APP_PORT", "7000");
            assert_eq!(super::load()?.port, 7000);
            Ok(())
        });
    }
}
`,
      lines: [9],
      messageIncludes: 'Jail::set_env',
    },
    {
      name: 'set_var in a test',
      path: 'tests/settings.rs',
      code: '#[test]\nfn reads_port_from_env() {\n    std::env::set_var("APP_PORT", "9090");\n    assert_eq!(Settings::from_env().unwrap().port, 9090);\n}\n',
      lines: [3],
      messageIncludes: 'env::set_var("APP_PORT", ..)',
    },
    {
      name: 'imported remove_var inside unsafe in a test module',
      path: 'src/config.rs',
      code: 'use std::env;\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn defaults_without_env() {\n        unsafe { env::remove_var("APP_PORT") };\n        assert_eq!(Settings::from_env().unwrap().port, 8080);\n    }\n}\n',
      lines: [9],
      messageIncludes: 'env::remove_var("APP_PORT")',
    },
    {
      name: 'helper in a test module',
      path: 'src/config.rs',
      code: '#[cfg(test)]\nmod tests {\n    use std::env::set_var;\n\n    fn with_db_url() {\n        set_var("DATABASE_URL", "postgres://localhost/test");\n    }\n}\n',
      lines: [6],
      messageIncludes: 'DATABASE_URL',
    },
  ],
});
