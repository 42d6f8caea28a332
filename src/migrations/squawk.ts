/**
 * The bridge to squawk (npm `squawk-cli`), a real Postgres migration linter. The npm package ships one
 * binary per platform as optional dependencies (`@squawk-cli/linux-x64`, ...); its JS launcher is only a
 * `spawn` wrapper, so we resolve the platform package's binary directly and need no install script.
 * When there is no binary for this platform (or it does not run), callers get the reason instead of
 * findings, and the review goes on without squawk.
 */
import { execFile, spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';

/** One squawk violation, positions converted to 1-based lines. */
export interface SquawkViolation {
  /** The path as given to squawk (relative to its working directory). */
  file: string;
  rule: string;
  message: string;
  help: string | null;
  /** 1-based first and last line of the flagged span. */
  line: number;
  endLine: number;
  /** 0-based columns of the span, as squawk reports them. */
  column: number;
  endColumn: number;
}

export type SquawkAvailability = { available: true; binary: string; version: string } | { available: false; reason: string };

/** Set this to a squawk binary to use instead of the npm platform package (e.g. on an unsupported platform). */
export const SQUAWK_PATH_ENV = 'RUST_REVIEW_SQUAWK_PATH';

const PLATFORM_PACKAGES: Record<string, string> = {
  'darwin-x64': '@squawk-cli/darwin-x64',
  'darwin-arm64': '@squawk-cli/darwin-arm64',
  'linux-x64': '@squawk-cli/linux-x64',
  'linux-arm64': '@squawk-cli/linux-arm64',
  'win32-x64': '@squawk-cli/win32-x64',
};

const RUN_TIMEOUT_MS = 30_000;

/** Where the binary should be, or why there is none. Does not run it. */
export function locateSquawk(): { binary: string } | { reason: string } {
  const override = process.env[SQUAWK_PATH_ENV];
  if (override) return { binary: override };
  const key = `${process.platform}-${process.arch}`;
  const pkg = PLATFORM_PACKAGES[key];
  if (!pkg) return { reason: `no squawk binary is published for ${key} (set ${SQUAWK_PATH_ENV} to a squawk binary)` };
  const exe = process.platform === 'win32' ? 'squawk.exe' : 'squawk';
  let binary: string;
  try {
    binary = createRequire(import.meta.url).resolve(`${pkg}/bin/${exe}`);
  } catch {
    return { reason: `the optional dependency ${pkg} is not installed (npm install --include=optional)` };
  }
  try {
    if (process.platform !== 'win32') accessSync(binary, constants.X_OK);
  } catch {
    return { reason: `${binary} is not executable` };
  }
  return { binary };
}

/**
 * Names the squawk this process would run without running it (a cache key's part): the binary's path,
 * size and mtime (another binary or another version of it is another identity), or why there is none.
 * `squawkAvailability` runs `squawk --version`: a process start that a review without SQL does not need.
 */
export function squawkIdentity(): string {
  const located = locateSquawk();
  if ('reason' in located) return `none: ${located.reason}`;
  try {
    const s = statSync(located.binary);
    return `${located.binary}\0${s.size}\0${s.mtimeMs}`;
  } catch {
    return `unreadable: ${located.binary}`;
  }
}

let availability: SquawkAvailability | undefined;

/** Whether squawk can run here (checked once per process: locate, then `squawk --version`). */
export function squawkAvailability(): SquawkAvailability {
  if (availability) return availability;
  const located = locateSquawk();
  if ('reason' in located) return (availability = { available: false, reason: located.reason });
  const run = spawnSync(located.binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (run.error || run.status !== 0) {
    const why = run.error?.message ?? (run.stderr.trim().split('\n')[0] || `exit status ${run.status}`);
    return (availability = { available: false, reason: `${located.binary} does not run: ${why}` });
  }
  return (availability = { available: true, binary: located.binary, version: run.stdout.trim().replace(/^squawk\s+/, '') });
}

/** For tests: forget the cached availability (e.g. after changing the override variable). */
export function resetSquawkAvailability(): void {
  availability = undefined;
}

interface RawViolation {
  file: string;
  line: number;
  line_end?: number;
  column: number;
  column_end?: number;
  message: string;
  help?: string | null;
  rule_name: string;
}

export interface SquawkRunOptions {
  /** Working directory holding the files (paths are relative to it). */
  cwd: string;
  files: string[];
  /** `--assume-in-transaction`: the migration tool wraps each file in a transaction. */
  assumeInTransaction: boolean;
  pgVersion?: string;
}

export type SquawkRunResult = { ok: true; violations: SquawkViolation[] } | { ok: false; reason: string };

/** Runs squawk with JSON output. Exit status 1 only means "violations found". */
export function runSquawk(binary: string, opts: SquawkRunOptions): Promise<SquawkRunResult> {
  const args = ['--reporter', 'json', opts.assumeInTransaction ? '--assume-in-transaction' : '--no-assume-in-transaction'];
  if (opts.pgVersion) args.push(`--pg-version=${opts.pgVersion}`);
  args.push(...opts.files);
  return new Promise((resolve) => {
    execFile(binary, args, { cwd: opts.cwd, timeout: RUN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      // A string code (ENOENT, EACCES) means it never started; a number is just its exit status.
      if (error && typeof (error as { code?: unknown }).code === 'string') {
        resolve({ ok: false, reason: `squawk failed to start: ${error.message}` });
        return;
      }
      if (error?.killed) {
        resolve({ ok: false, reason: `squawk timed out after ${RUN_TIMEOUT_MS / 1000}s` });
        return;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(stdout.trim() || '[]');
      } catch {
        const why = stderr.trim().split('\n')[0] || stdout.trim().slice(0, 120) || `exit status ${error?.code ?? 0}`;
        resolve({ ok: false, reason: `squawk gave no JSON report: ${why}` });
        return;
      }
      if (!Array.isArray(raw)) {
        resolve({ ok: false, reason: 'squawk gave an unexpected JSON report' });
        return;
      }
      resolve({ ok: true, violations: (raw as RawViolation[]).map(toViolation) });
    });
  });
}

function toViolation(v: RawViolation): SquawkViolation {
  return {
    file: v.file,
    rule: v.rule_name,
    message: v.message,
    help: v.help ?? null,
    line: v.line + 1,
    endLine: (v.line_end ?? v.line) + 1,
    column: v.column,
    endColumn: v.column_end ?? v.column,
  };
}
