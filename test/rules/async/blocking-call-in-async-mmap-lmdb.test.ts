// Blocking work the catalogue knows beyond std: a memory-mapped file (memmap2: its pages are read
// from disk on the thread that touches them) and an LMDB write transaction (heed's `write_txn` waits
// for any other writer, `commit` syncs to disk), known by the resolved path or the receiver's
// declared type, directly in async code or through a crate fn that does it.
import rule from '../../../src/rules/async/blocking-call-in-async.js';
import { testFileRule } from '../../helpers/rule-tester.js';

const STORE = `use heed::{Env, RwTxn};

pub struct Store { env: Env, notifier: Notifier }
`;

testFileRule(rule, {
  valid: [
    {
      name: 'the mapped file is parsed inside spawn_blocking',
      code: `use memmap2::Mmap;
use std::fs::File;

pub async fn count_lines(file: File) -> usize {
    tokio::task::spawn_blocking(move || {
        let map = unsafe { Mmap::map(&file).unwrap() };
        map.iter().filter(|b| **b == b'\\n').count()
    })
    .await
    .unwrap()
}
`,
    },
    {
      name: 'an anonymous map reads no file, and a read transaction waits on nothing',
      code: `${STORE}
impl Store {
    pub async fn peek(&self, key: &str) -> Option<String> {
        let scratch = memmap2::MmapMut::map_anon(4096).ok()?;
        let rtxn = self.env.read_txn().ok()?;
        self.notifier.seen(key, scratch.len()).await;
        lookup(&rtxn, key)
    }
}
`,
    },
    {
      name: 'the crate\'s own type with a `write_txn` method is not heed',
      code: `pub struct Journal { entries: Vec<String> }

impl Journal {
    fn write_txn(&mut self) -> usize { self.entries.len() }
}

pub async fn note(journal: &mut Journal, bus: &Bus) {
    let n = journal.write_txn();
    bus.publish(n).await;
}
`,
    },
  ],
  invalid: [
    {
      name: 'an LMDB write transaction opened on a heed Env field in an async method',
      code: `${STORE}
impl Store {
    pub async fn enqueue(&self, task: Task) -> heed::Result<()> {
        let mut wtxn = self.env.write_txn()?;
        put_task(&mut wtxn, &task)?;
        wtxn.commit()?;
        self.notifier.wake().await;
        Ok(())
    }
}
`,
      lines: [7],
      messageIncludes: 'heed::Env::write_txn',
    },
    {
      name: 'a crate fn of another file maps and parses an upload; the async handler calls it directly',
      path: 'src/routes.rs',
      files: {
        'src/main.rs': 'mod formats;\nmod routes;\n',
        'src/formats.rs': `use memmap2::Mmap;
use std::fs::File;

pub fn count_records(input: &File) -> std::io::Result<u64> {
    let bytes = unsafe { Mmap::map(input)? };
    Ok(bytes.split(|b| *b == b'\\n').count() as u64)
}
`,
      },
      code: `use crate::formats::count_records;

pub async fn upload(file: std::fs::File, queue: &Queue) -> std::io::Result<()> {
    let n = count_records(&file)?;
    queue.push(n).await;
    Ok(())
}
`,
      lines: [4],
      messageIncludes: 'memmap2::Mmap::map',
    },
    {
      name: 'a map built with MmapOptions in an async fn',
      code: `use memmap2::MmapOptions;

pub async fn checksum(file: std::fs::File, out: &Sink) {
    let map = unsafe { MmapOptions::new().populate().map(&file).unwrap() };
    out.send(crc(&map)).await;
}
`,
      lines: [4],
    },
  ],
});
