/**
 * callWithRetry's account of why it gave up: what the summary tells the user when the model was unavailable.
 */
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, test } from 'vitest';
import { callWithRetry, LlmCallError } from '../../src/llm/call.js';

function clientThrowing(errors: (() => Error)[], clock: { t: number }, spendPerAttempt: number): Anthropic {
  let i = 0;
  return {
    messages: {
      create: async () => {
        clock.t += spendPerAttempt;
        throw errors[Math.min(i++, errors.length - 1)]();
      },
    },
  } as unknown as Anthropic;
}

const overloaded = () => Anthropic.APIError.generate(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 'Overloaded', new Headers({ 'retry-after-ms': '10' }));
const timedOut = () => new Anthropic.APIConnectionTimeoutError();

async function failure(client: Anthropic, clock: { t: number }, deadlineIn: number, attemptTimeoutMs: number): Promise<LlmCallError> {
  const params = { model: 'm', max_tokens: 1, messages: [] };
  const e = await callWithRetry(client, params, { deadline: clock.t + deadlineIn, attemptTimeoutMs, retryBaseMs: 10, now: () => clock.t, sleep: async (ms) => void (clock.t += ms) }).catch((err) => err);
  expect(e).toBeInstanceOf(LlmCallError);
  return e as LlmCallError;
}

describe('why the LLM call gave up', () => {
  test('an overloaded API whose last attempt the deadline cut short is reported as overloaded, not as a timeout', async () => {
    const clock = { t: 0 };
    // Three overloaded answers, then an attempt that runs into the deadline.
    const client = clientThrowing([overloaded, overloaded, overloaded, timedOut], clock, 5);
    const e = await failure(client, clock, 100, 1_000);
    expect(e.kind).toBe('deadline');
    expect(e.message).toMatch(/last: the API is overloaded \(529/);
  });

  test('a hung API (every attempt times out on its own timeout) is reported as timing out', async () => {
    const clock = { t: 0 };
    const client = clientThrowing([timedOut], clock, 20);
    const e = await failure(client, clock, 100, 20);
    expect(e.message).toMatch(/last: the request timed out/);
  });
});
