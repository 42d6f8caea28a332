import { beforeAll, describe, expect, it } from 'vitest';
import { ImportMap } from '../../src/rust/imports.js';
import { loadRustParser, withRustTree } from '../../src/rust/parser.js';

const mapOf = (code: string) => withRustTree(code, (root) => ImportMap.fromRoot(root));

describe('ImportMap: names resolved through use items', () => {
  beforeAll(() => loadRustParser());

  it('resolves plain, aliased, grouped and nested group imports', () => {
    const map = mapOf(`
use std::sync::Mutex as StdMutex;
use tokio::sync::{RwLock, mpsc::{self, unbounded_channel as unbounded}};
use std::{fs, thread::sleep};
use crate::db::Pool;
`);
    expect(map.resolve('StdMutex::new')).toBe('std::sync::Mutex::new');
    expect(map.resolve('RwLock')).toBe('tokio::sync::RwLock');
    expect(map.resolve('mpsc::channel')).toBe('tokio::sync::mpsc::channel');
    expect(map.resolve('unbounded')).toBe('tokio::sync::mpsc::unbounded_channel');
    expect(map.resolve('fs::read_to_string')).toBe('std::fs::read_to_string');
    expect(map.resolve('sleep')).toBe('std::thread::sleep');
    expect(map.resolve('Pool')).toBe('crate::db::Pool');
  });

  it('leaves unknown heads alone and strips turbofish and leading ::', () => {
    const map = mapOf('use std::fs;');
    expect(map.resolve('reqwest::Client::new')).toBe('reqwest::Client::new');
    expect(map.resolve('::std::thread::sleep')).toBe('std::thread::sleep');
    expect(map.resolve('Vec::<u8>::new')).toBe('Vec::new');
  });

  it('records glob imports and matches through them', () => {
    const map = mapOf('use std::sync::*;\nfn f() { use std::thread::sleep as nap; }');
    expect(map.globs).toEqual(['std::sync']);
    expect(map.mayName('Mutex', 'std::sync::Mutex')).toBe(true);
    expect(map.mayName('Mutex', 'tokio::sync::Mutex')).toBe(false);
    expect(map.resolve('nap')).toBe('std::thread::sleep');
  });
  it('resolves a name from where it is written: a block\'s own `use` shadows the module\'s only inside that block', () => {
    const code = 'use tokio::fs;\nasync fn f() {\n    {\n        use std::fs;\n        fs::read("a");\n    }\n    fs::read("b").await;\n}\n';
    const [inner, outer, flat] = withRustTree(code, (root) => {
      const map = ImportMap.fromRoot(root);
      const calls = root.descendantsOfType('call_expression');
      return [map.resolveAt('fs::read', calls[0]!), map.resolveAt('fs::read', calls[1]!), map.resolve('fs::read')];
    });
    expect(inner).toBe('std::fs::read');
    expect(outer).toBe('tokio::fs::read');
    expect(flat).toBe('tokio::fs::read');
  });
});
