import { describe, expect, it } from 'vitest';
import { dispatchTraits } from '../../src/model/dispatch.js';
import { crateModelOf } from '../helpers/crate-model.js';

describe('fns that sleep a fixed time when called', () => {
  it('reads the traits a parameter type dispatches through', () => {
    expect(dispatchTraits('impl Orders + TestHooks')).toEqual(['Orders', 'TestHooks']);
    expect(dispatchTraits('&dyn crate::hooks::TestHooks')).toEqual(['TestHooks']);
    expect(dispatchTraits('Box<dyn Hooks<u8> + Send + Sync>')).toEqual(['Hooks']);
    expect(dispatchTraits('&PgQueue')).toEqual([]);
  });

  it('follows awaited helpers, not a wait in a loop, a spawned task or a closure, nor a delay it was given', async () => {
    const model = await crateModelOf({
      'src/lib.rs': `pub async fn settle() { tokio::time::sleep(std::time::Duration::from_millis(200)).await; }
pub async fn settle_twice() { settle().await; }
pub async fn poll(db: &Db) { while !db.ready().await { tokio::time::sleep(std::time::Duration::from_millis(5)).await; } }
pub fn later() { std::thread::spawn(|| std::thread::sleep(std::time::Duration::from_secs(1))); }
pub async fn in_task() { tokio::spawn(async { tokio::time::sleep(std::time::Duration::from_secs(1)).await; }); }
pub fn again() { again() }
pub async fn retry(db: &Db) { for _ in 0..20 { if db.ready().await { return; } tokio::time::sleep(std::time::Duration::from_millis(5)).await; } }
pub async fn latency(delay: std::time::Duration) { tokio::time::sleep(delay).await; }
pub async fn settle_const() { tokio::time::sleep(SETTLE).await; }
`,
    });
    const sleeps = (name: string) => model.sleeps.of(model.index.fns.find((f) => f.fn.name === name)!);
    expect(sleeps('settle')).toMatchObject({ call: 'tokio::time::sleep', path: 'src/lib.rs', line: 1 });
    expect(sleeps('settle_twice')).toMatchObject({ call: 'tokio::time::sleep', line: 1 });
    expect(sleeps('poll')).toBeUndefined();
    expect(sleeps('later')).toBeUndefined();
    expect(sleeps('in_task')).toBeUndefined();
    expect(sleeps('again')).toBeUndefined();
    expect(sleeps('retry')).toBeUndefined();
    expect(sleeps('latency')).toBeUndefined();
    expect(sleeps('settle_const')).toMatchObject({ call: 'tokio::time::sleep', line: 9 });
  });
});
