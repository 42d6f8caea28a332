// A `PathBuf` / `OsString` cloned only to be handed to a std or tokio fn whose parameter is
// `impl AsRef<Path>` / `impl AsRef<OsStr>` (`fs::File::open`, `tokio::fs::read_to_string`,
// `Command::new`): the callee only views it, and `&path` views the same bytes. A parameter that takes
// ownership (`PathBuf::from`, a crate fn's `PathBuf`, a struct field) keeps the copy.
import rule from '../../../src/rules/ownership/to-owned-then-borrow.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: 'the path is lent, not cloned',
      code: `use std::{fs, io, path::PathBuf};

pub fn read_key(path: PathBuf) -> io::Result<Vec<u8>> {
    let bytes = fs::read(&path)?;
    fs::remove_file(path)?;
    Ok(bytes)
}
`,
    },
    {
      name: 'a clone handed to a crate fn that keeps a PathBuf, and to a struct field',
      code: `use std::path::PathBuf;

pub struct Job { path: PathBuf }

pub fn enqueue(queue: &mut Queue, path: PathBuf) -> Job {
    queue.remember(path.clone());
    Job { path: path.clone() }
}

impl Queue {
    fn remember(&mut self, path: PathBuf) { self.seen.push(path); }
}
`,
    },
    {
      name: 'PathBuf::from takes ownership (`From`), it does not only view',
      code: `use std::path::PathBuf;

pub fn backup_of(original: PathBuf) -> PathBuf {
    let mut backup = PathBuf::from(original.clone());
    backup.set_extension("bak");
    backup
}
`,
    },
  ],
  invalid: [
    {
      name: 'a PathBuf field cloned for tokio::fs::read_to_string (impl AsRef<Path>)',
      code: `use std::path::PathBuf;

pub struct Settings { config_path: PathBuf }

impl Settings {
    pub async fn reload(&self) -> std::io::Result<String> {
        tokio::fs::read_to_string(self.config_path.clone()).await
    }
}
`,
      lines: [7],
      messageIncludes: 'AsRef<Path>',
    },
    {
      name: 'an OsString parameter cloned for Command::new (impl AsRef<OsStr>)',
      code: `use std::ffi::OsString;
use std::process::Command;

pub fn run_twice(program: OsString) {
    let _ = Command::new(program.clone()).status();
    let _ = Command::new(program).status();
}
`,
      lines: [5],
      messageIncludes: 'pass `&program`',
    },
    {
      name: 'both paths of std::fs::copy cloned from `&PathBuf` parameters',
      code: `use std::fs;
use std::path::PathBuf;

pub fn mirror(from: &PathBuf, to: &PathBuf) -> std::io::Result<u64> {
    fs::copy(from.clone(),
             to.clone())
}
`,
      lines: [5, 6],
    },
  ],
});
