/**
 * GitHub's answers are parsed with the native JSON parser (issue 20, the event loop stays free):
 * Octokit's own (json-with-bigint) runs a regular expression over the whole text on the thread that
 * answers webhooks, about 130 ms for one 800 KB file in a blob query. The retry and throttling
 * plugins still read what they read in a body (GraphQL errors).
 */
import { describe, expect, it } from 'vitest';
import { resilientOctokit } from '../../src/github/resilience.js';

function octokitAnswering(bodies: string | string[], contentType = 'application/json; charset=utf-8') {
  const Octokit = resilientOctokit({ retries: 2, retryBaseMs: 1 });
  const queue = Array.isArray(bodies) ? [...bodies] : undefined;
  const calls: string[] = [];
  const fetch = async (url: string | URL | Request) => {
    calls.push(String(url));
    const body = queue ? queue.shift()! : (bodies as string);
    return new Response(body, { status: 200, headers: { 'content-type': contentType } });
  };
  return { octokit: new Octokit({ request: { fetch }, throttle: { enabled: false } }), calls };
}

describe('GitHub answers', () => {
  it('are parsed as plain JSON: an integer beyond 2^53 is a number, not the BigInt json-with-bigint makes', async () => {
    const { data } = await octokitAnswering('{"id": 12345678901234567890, "n": 7}').octokit.request('GET /x');
    expect(typeof data.id).toBe('number');
    expect(data.n).toBe(7);
  });

  it('keep their text when it is large and full of escapes, in GraphQL answers too', async () => {
    const text = `let s = "${'\\\\'.repeat(50_000)}";`;
    const { octokit } = octokitAnswering(JSON.stringify({ data: { repository: { f0: { text } } } }));
    const data = await octokit.graphql<{ repository: { f0: { text: string } } }>('query RustReviewBlobs { repository { f0 } }');
    expect(data.repository.f0.text).toBe(text);
  });

  it('still show GraphQL errors to the retry plugin (retried) and to the caller (thrown)', async () => {
    const broken = JSON.stringify({ errors: [{ message: 'Something went wrong while executing your query. This may be the result of a timeout.' }] });
    const { octokit, calls } = octokitAnswering([broken, JSON.stringify({ data: { ok: 1 } })]);
    expect(await octokit.graphql('query Q { ok }')).toEqual({ ok: 1 });
    expect(calls).toHaveLength(2);
    const failing = octokitAnswering(JSON.stringify({ errors: [{ type: 'NOT_FOUND', message: 'no such thing' }] })).octokit;
    await expect(failing.graphql('query Q { ok }')).rejects.toThrow(/no such thing/);
  });

  it('are decoded by content type as Octokit does: text stays text, bytes stay bytes', async () => {
    expect((await octokitAnswering('not json', 'application/json').octokit.request('GET /x')).data).toBe('not json');
    expect((await octokitAnswering('plain', 'text/plain').octokit.request('GET /x')).data).toBe('plain');
    const bytes = (await octokitAnswering('\u0001\u0002', 'application/octet-stream').octokit.request('GET /x')).data;
    expect(new Uint8Array(bytes as ArrayBuffer)).toEqual(new Uint8Array([1, 2]));
  });

  it('are left as a stream when the caller asks for one', async () => {
    const { data } = await octokitAnswering('{"a":1}').octokit.request('GET /x', { request: { parseSuccessResponseBody: false } });
    expect(await new Response(data as ReadableStream).json()).toEqual({ a: 1 });
  });
});
