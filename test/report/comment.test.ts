import { describe, expect, it } from 'vitest';
import { escapeMentions, renderComment } from '../../src/report/comment.js';
import { FINGERPRINT_MARKER } from '../../src/review/fingerprint.js';
import { finding } from './fixtures.js';

describe('renderComment', () => {
  it('renders a rule finding with help', async () => {
    await expect(renderComment(finding(), '0123456789abcdef')).toMatchFileSnapshot('__snapshots__/comment-rule.md');
  });

  it('renders a suggestion block', async () => {
    const body = renderComment(finding({ ruleId: 'ownership/ptr-arg', role: 'ownership', severity: 'warning', help: undefined, suggestion: 'pub fn greet(name: &str) -> String {' }), 'fedcba9876543210');
    await expect(body).toMatchFileSnapshot('__snapshots__/comment-suggestion.md');
    expect(body).toContain('```suggestion\npub fn greet(name: &str) -> String {\n```');
  });

  it('renders an LLM finding without a docs link and without pinging anyone', async () => {
    const body = renderComment(finding({ source: 'llm', ruleId: 'async/llm-review', severity: 'info', message: 'ask @alice about this', help: 'see @org/team' }), 'aaaaaaaaaaaaaaaa');
    await expect(body).toMatchFileSnapshot('__snapshots__/comment-llm.md');
    expect(body).not.toMatch(/(^|[^\w`])@[A-Za-z]/m);
    expect(body).not.toContain('rule docs');
  });

  it('carries the hidden fingerprint on its last line', () => {
    const body = renderComment(finding(), '0123456789abcdef');
    expect(body.split('\n').at(-1)).toBe('<!-- rust-review:fp=0123456789abcdef -->');
    expect(FINGERPRINT_MARKER.exec(body)?.[1]).toBe('0123456789abcdef');
  });
});

describe('escapeMentions', () => {
  it('breaks @mentions but not e-mail addresses or code', () => {
    expect(escapeMentions('@alice and (@bob)')).toBe('@\u200balice and (@\u200bbob)');
    expect(escapeMentions('mail dev@example.com')).toBe('mail dev@example.com');
    expect(escapeMentions('`@attr`')).toBe('`@attr`');
  });
});
