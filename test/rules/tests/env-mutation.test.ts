import rule from '../../../src/rules/tests/env-mutation.js';
import { testFileRule } from '../../helpers/rule-tester.js';

/** A loader reading the environment, and a jailed unit test of it. */
const JAILED_LOADER = `pub fn load() -> Result<Settings, figment::Error> {
    Figment::new().merge(Toml::file("app.toml")).merge(Env::prefixed("APP_")).extract()
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::Jail;

    #[test]
    fn port_from_env() {
        Jail::expect_with(|sandbox| {
            sandbox.create_file("app.toml", "port = 1")?;
            sandbox.clear_env();
            sandbox.set_env("APP_PORT", "7000");
            assert_eq!(load()?.port, 7000);
            Ok(())
        });
    }
}
`;
/** Another module whose unit test calls the same loader, outside a jail. */
const CACHE_TESTED_WITH_LOADER = `pub fn connect(url: &str) -> Cache { Cache::open(url) }

#[cfg(test)]
mod tests {
    #[test]
    fn connects() {
        let settings = crate::settings::loader::load().unwrap();
        assert!(super::connect(&settings.cache_url).ping());
    }
}
`;
/** Every test of the module takes the same static lock before touching the variable. */
const LOCKED_TESTS = `pub fn flag(name: &str) -> bool { std::env::var(name).is_ok_and(|v| v == "1") }

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{LazyLock, Mutex};

    const VAR: &str = "APP_TEST_FLAG";
    static LOCK: LazyLock<Mutex<()>> = LazyLock::new(|| Mutex::new(()));

    #[test]
    fn on() {
        let _guard = LOCK.lock().unwrap();
        unsafe { std::env::set_var(VAR, "1") };
        assert!(flag(VAR));
    }

    #[test]
    fn off() {
        let _guard = LOCK.lock().unwrap();
        unsafe { std::env::set_var(VAR, "") };
        assert!(!flag(VAR));
    }
}
`;

testFileRule(rule, {
  valid: [
    { name: 'set_var in production start-up', path: 'src/main.rs', code: `fn main() {
    std::env::set_var("RUST_BACKTRACE", "1");
    run();
}
` },
    { name: 'child process env', path: 'tests/cli.rs', code: `#[test]
fn prints_version() {
    let out = Command::new(env!("CARGO_BIN_EXE_app")).env("APP_ENV", "test").output().unwrap();
    assert!(out.status.success());
}
` },
    { name: 'temp_env scoping', path: 'tests/settings.rs', code: `#[test]
fn reads_port() {
    temp_env::with_var("APP_PORT", Some("9090"), || {
        assert_eq!(Settings::from_env().unwrap().port, 9090);
    });
}
` },
    { name: 'serial tests', path: 'tests/settings.rs', code: `use serial_test::serial;

#[test]
#[serial]
fn reads_port() {
    std::env::set_var("APP_PORT", "9090");
    assert_eq!(Settings::from_env().unwrap().port, 9090);
}
` },
    { name: 'reading env is fine', path: 'tests/db.rs', code: `#[tokio::test]
async fn connects() {
    let url = std::env::var("DATABASE_URL").unwrap();
    assert!(PgPool::connect(&url).await.is_ok());
}
` },
    { name: 'harness=false main', path: 'tests/e2e/main.rs', code: `fn main() {
    std::env::set_var("APP_ENV", "e2e");
    run_all();
}
` },
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
    { name: 'a figment jail (in a tests/ binary of its own)', path: 'tests/config.rs', code: `#[test]
fn jail() {
    figment::Jail::expect_with(|jail| {
        jail.set_env("APP_PORT", "9090");
        assert_eq!(Config::load()?.port, 9090);
        Ok(())
    });
}
` },
    {
      name: 'figment Jail in a unit test, no test runs the loader outside a jail (the jail serialises them all)',
      path: 'src/settings/loader.rs',
      code: JAILED_LOADER,
      files: { 'src/cache.rs': CACHE_TESTED_WITH_LOADER.replace('crate::settings::loader::load().unwrap()', 'Settings::for_tests()') },
    },
    { name: 'every test takes the same static lock before touching the environment', path: 'src/vars.rs', code: LOCKED_TESTS },
    { name: 'a guard of a static lock named by its path', path: 'tests/vars.rs', code: `#[test]
fn on() {
    let _g = crate::ENV_LOCK.lock().await;
    std::env::set_var("X", "1");
}
` },
  ],
  invalid: [
    {
      name: 'a lock whose guard is dropped at once (`let _ = ..`) does not serialise',
      path: 'tests/vars.rs',
      code: `#[test]
fn on() {
    let _ = ENV_LOCK.lock().unwrap();
    std::env::set_var("X", "1");
    assert!(flag("X"));
}
`,
      lines: [4],
    },
    {
      name: 'figment Jail in a unit test while another unit test runs the same loader outside a jail',
      path: 'src/settings/loader.rs',
      code: JAILED_LOADER,
      files: { 'src/cache.rs': CACHE_TESTED_WITH_LOADER },
      lines: [14, 15],
      messageIncludes: '`Jail::clear_env()` changes the process environment: the sandbox serialises only the tests inside one, and `src/cache.rs: connects` runs the same code',
    },
    {
      name: 'a static lock held by some tests, not by this one',
      path: 'src/vars.rs',
      code: LOCKED_TESTS.replace('        let _guard = LOCK.lock().unwrap();\n        unsafe { std::env::set_var(VAR, "")', '        unsafe { std::env::set_var(VAR, "")'),
      lines: [20],
    },
    {
      name: 'set_var in a test',
      path: 'tests/settings.rs',
      code: `#[test]
fn reads_port_from_env() {
    std::env::set_var("APP_PORT", "9090");
    assert_eq!(Settings::from_env().unwrap().port, 9090);
}
`,
      lines: [3],
      messageIncludes: 'env::set_var("APP_PORT", ..)',
    },
    {
      name: 'imported remove_var inside unsafe in a test module',
      path: 'src/config.rs',
      code: `use std::env;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_without_env() {
        unsafe { env::remove_var("APP_PORT") };
        assert_eq!(Settings::from_env().unwrap().port, 8080);
    }
}
`,
      lines: [9],
      messageIncludes: 'env::remove_var("APP_PORT")',
    },
    {
      name: 'helper in a test module',
      path: 'src/config.rs',
      code: `#[cfg(test)]
mod tests {
    use std::env::set_var;

    fn with_db_url() {
        set_var("DATABASE_URL", "postgres://localhost/test");
    }
}
`,
      lines: [6],
      messageIncludes: 'DATABASE_URL',
    },
  ],
});
