/** The App's environment: documented where the code reads it, checked at start-up, secrets never logged. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { APP_ENV, CLI_ENV, effectiveSettings, EnvError, loadDotEnv, TEST_ENV, validateEnv } from '../../src/config/env.js';

const root = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Variables read by src/ (`process.env.X`, `env.X`, `env[X_ENV]` with X_ENV a string constant). */
function variablesReadBySource(): Set<string> {
  const names = new Set<string>();
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\benv\??\.([A-Z][A-Z0-9_]+)\b/g)) names.add(m[1]!);
    for (const m of text.matchAll(/_ENV = '([A-Z][A-Z0-9_]+)'/g)) names.add(m[1]!);
  }
  return names;
}

describe('every variable the code reads is documented', () => {
  const known = new Set([...APP_ENV.map((v) => v.name), ...CLI_ENV, ...TEST_ENV]);
  const example = fs.readFileSync(path.join(root, '.env.example'), 'utf8');

  test('in config/env.ts (checked at start-up) and in .env.example', () => {
    const read = [...variablesReadBySource()].sort();
    expect(read.length).toBeGreaterThan(10);
    expect(read.filter((n) => !known.has(n))).toEqual([]);
    const inExample = (n: string) => new RegExp(`^#? ?${n}=`, 'm').test(example);
    expect([...APP_ENV.map((v) => v.name), ...CLI_ENV].filter((n) => !inExample(n))).toEqual([]);
  });

  test("Probot's own variables too (read by probot's run(), not by src/)", () => {
    const probot = fs.readFileSync(path.join(root, 'node_modules/probot/lib/bin/read-env-options.js'), 'utf8');
    const read = new Set([...probot.matchAll(/env\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!));
    expect(read.size).toBeGreaterThan(10);
    expect([...read].filter((n) => !known.has(n))).toEqual([]);
  });
});

describe('validateEnv', () => {
  const ok = { APP_ID: '12', PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\\nabc\\n-----END RSA PRIVATE KEY-----', WEBHOOK_SECRET: 's' };
  const problems = (env: NodeJS.ProcessEnv) => {
    try {
      validateEnv(env);
      return [];
    } catch (e) {
      expect(e).toBeInstanceOf(EnvError);
      return (e as EnvError).problems.map((p) => `${p.name}: ${p.message}`);
    }
  };

  test('a usable environment passes, and so does none (setup mode)', () => {
    expect(problems(ok)).toEqual([]);
    expect(problems({})).toEqual([]);
  });

  test('names each variable at fault, with what it is and what it got (never a secret)', () => {
    const found = problems({ ...ok, SHUTDOWN_GRACE_MS: '8s', ORPHANS: 'resume', PUBLIC_URL: 'review.example', REDIS_URL: 'localhost:6379', PORT: '70000', PRIVATE_KEY: 'not a key' });
    expect(found).toEqual([
      expect.stringMatching(/^PRIVATE_KEY: must be a PEM private key .*got a value that is not shown\)$/),
      expect.stringMatching(/^PUBLIC_URL: must be a URL \(http or https\).*got "review\.example"/),
      expect.stringMatching(/^PORT: must be a port number/),
      expect.stringMatching(/^REDIS_URL: must be a (URL|redis or rediss URL)/),
      expect.stringMatching(/^SHUTDOWN_GRACE_MS: must be a whole number of milliseconds above 0/),
      expect.stringMatching(/^ORPHANS: must be one of requeue, mark, off/),
    ]);
    expect(found.join('\n')).not.toContain('not a key');
  });

  test('credentials that cannot work together', () => {
    expect(problems({ APP_ID: '12' })).toEqual([expect.stringMatching(/^PRIVATE_KEY: APP_ID is set but neither/), expect.stringMatching(/^WEBHOOK_SECRET: APP_ID is set but/)]);
    expect(problems({ NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^APP_ID: required with NODE_ENV=production/)]);
  });
});

test('effective settings hide secrets and Redis passwords', () => {
  const s = effectiveSettings({ APP_ID: '12', PRIVATE_KEY: 'pem', WEBHOOK_SECRET: 'hush', ANTHROPIC_API_KEY: 'sk-1', REDIS_URL: 'redis://user:pw@redis:6379/0', PORT: '3000', UNRELATED: 'x' });
  expect(s).toEqual({ APP_ID: '12', PRIVATE_KEY: '(set)', WEBHOOK_SECRET: '(set)', ANTHROPIC_API_KEY: '(set)', REDIS_URL: '(set)', PORT: '3000' });
});

test('.env fills what the real environment leaves unset, and never overrides it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rr-env-'));
  fs.writeFileSync(path.join(dir, '.env'), 'PORT=4000\nAPP_ID=7\n# comment\nWEBHOOK_SECRET="quoted value"\n');
  const env: NodeJS.ProcessEnv = { PORT: '5000' };
  expect(loadDotEnv(path.join(dir, '.env'), env)).toEqual({ loaded: ['APP_ID', 'WEBHOOK_SECRET'], overridden: ['PORT'] });
  expect(env).toEqual({ PORT: '5000', APP_ID: '7', WEBHOOK_SECRET: 'quoted value' });
  expect(loadDotEnv(path.join(dir, 'missing'), env)).toEqual({ loaded: [], overridden: [] });
});
