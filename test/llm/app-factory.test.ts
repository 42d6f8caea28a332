/** The factory the App receives: one client, cache and pause per process; a pass per review. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateLlmPass } from '../../src/handlers/review-job.js';
import { createLlmPassFactory, MemoryCache } from '../../src/llm/index.js';
import { findingsReply, startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic/server.js';
import { ORDERS_RS } from './fixtures.js';
import { addedFile, config } from './helpers.js';

let fake: FakeAnthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic(() => findingsReply([]));
});
afterAll(() => fake.close());

describe('createLlmPassFactory', () => {
  it('fits the App and shares the result cache between reviews', async () => {
    expect(createLlmPassFactory({ env: {} })).toBeUndefined();
    const factory: CreateLlmPass | undefined = createLlmPassFactory({ apiKey: 'k', baseURL: fake.baseURL, cache: new MemoryCache() });
    const input = { files: [addedFile('src/o.rs', ORDERS_RS)], contents: new Map([['src/o.rs', ORDERS_RS]]), ruleFindings: [], config: config() };
    const logs: string[] = [];
    const log = { debug: (_: object, msg?: string) => logs.push(msg ?? ''), warn: () => {}, info: () => {}, error: () => {}, child: () => log } as never;
    await factory!({ pr: {} as never, config: config(), log })!(input);
    const calls = fake.calls.length;
    const second = await factory!({ pr: {} as never, config: config(), log })!(input);
    expect(fake.calls.length).toBe(calls);
    expect(second.status.reason).toContain('answered from the cache');
    expect(logs).toContain('llm: done');
  });
});
