/**
 * A review parses each file once: the change rules and the coverage table read the trees the file
 * analysis made. With a cache, a review of the same change parses nothing and says the same thing.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Parser } from 'web-tree-sitter';
import { AnalysisCache } from '../../src/cache/analysis-cache.js';
import { MemoryStore } from '../../src/cache/store.js';
import { runReview } from '../../src/review/pipeline.js';
import { loadRustParser } from '../../src/rust/parser.js';
import { FakeSource } from './fake-source.js';

const HANDLERS = `use crate::notify::send_receipt;
use axum::{extract::State, Json};

pub async fn pay(State(state): State<AppState>, Json(p): Json<Payment>) -> StatusCode {
    tokio::spawn(send_receipt(state.clone(), p.id));
    let n = p.amount.parse::<u64>().unwrap();
    StatusCode::OK
}
`;
const NOTIFY = `pub async fn send_receipt(state: AppState, id: u64) -> Result<(), MailError> {
    state.mailer.send(id).await
}
`;
const TESTS = `#[tokio::test]
async fn pays() {
    assert_eq!(1, 1);
}
`;

const files = () => new FakeSource({ 'src/handlers.rs': { head: HANDLERS }, 'src/notify.rs': { head: NOTIFY }, 'tests/pay.rs': { head: TESTS } });
const comparable = (r: Awaited<ReturnType<typeof runReview>>) => ({ ...r, durationMs: 0 });

beforeAll(() => loadRustParser());

describe('parse once', () => {
  it('parses each file of the change once per review, and not at all when the cache has them', async () => {
    const parse = vi.spyOn(Parser.prototype, 'parse');
    const sources = new Set([HANDLERS, NOTIFY, TESTS]);
    const fileParses = () => parse.mock.calls.filter(([input]) => typeof input === 'string' && sources.has(input)).length;
    try {
      const plain = await runReview(files());
      expect(plain.inline.length).toBeGreaterThan(0);
      expect(fileParses()).toBe(3);

      const cache = new AnalysisCache(new MemoryStore());
      parse.mockClear();
      const cold = await runReview(files(), { analysis: { cache } });
      expect(fileParses()).toBe(3);
      await cache.flush();
      parse.mockClear();
      const warm = await runReview(files(), { analysis: { cache } });
      expect(fileParses()).toBe(0);
      expect(comparable(cold)).toEqual(comparable(plain));
      expect(comparable(warm)).toEqual(comparable(plain));
    } finally {
      parse.mockRestore();
    }
  });

  it('a warm review reads no tree: the crate model is built from cached facts, the outputs are cached', async () => {
    const cache = new AnalysisCache(new MemoryStore());
    const cold = await runReview(files(), { analysis: { cache } });
    await cache.flush();
    const getTree = vi.spyOn(cache, 'getTree');
    const warm = await runReview(files(), { analysis: { cache } });
    expect(getTree).not.toHaveBeenCalled();
    expect(comparable(warm)).toEqual(comparable(cold));
  });

  it('a change pass whose input file changed outside the change runs again (its cached output names what it read)', async () => {
    const cache = new AnalysisCache(new MemoryStore());
    const head = { 'src/handlers.rs': { head: HANDLERS, base: HANDLERS.replace('tokio::spawn', 'let _ = '), added: [5] } };
    // notify.rs is in the change with no added line: same change (paths, statuses, added lines), other text.
    const withNotify = (notify: string) => new FakeSource({ ...head, 'src/notify.rs': { head: notify, base: notify, added: [] } });
    const returnsResult = await runReview(withNotify(NOTIFY), { analysis: { cache } });
    await cache.flush();
    const returnsNothing = await runReview(withNotify(NOTIFY.replace('-> Result<(), MailError>', '').replace('state.mailer.send(id).await', 'state.mailer.send(id).await;')), { analysis: { cache } });
    const spawnFindings = (r: typeof returnsResult) => [...r.inline, ...r.outsideFilter].filter((f) => f.ruleId === 'async/spawn-handle-dropped').length;
    expect(spawnFindings(returnsResult)).toBe(1);
    expect(spawnFindings(returnsNothing)).toBe(0);
  });
});
