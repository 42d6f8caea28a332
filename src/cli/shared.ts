/** What the CLI's commands share: their streams, usage errors, option parsing, the progress line. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where the CLI writes (tests pass in-memory streams). */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export class UsageError extends Error {}

export function parseCommandArgs(args: string[], options: NonNullable<ParseArgsConfig['options']>): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
}

export function isTty(stream: NodeJS.WritableStream): boolean {
  return (stream as NodeJS.WriteStream).isTTY === true;
}

/** A progress line on stderr, only on a TTY and only once a review has taken more than a second. */
export function startProgress(stderr: NodeJS.WritableStream) {
  const tty = isTty(stderr);
  const started = Date.now();
  let shown = false;
  let step = 'starting';
  const draw = () => {
    shown = true;
    stderr.write(`\r\x1b[2Krust-review: ${step} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  };
  const timer = tty ? setInterval(draw, 1000) : undefined;
  timer?.unref();
  return {
    update: (s: string) => {
      step = s;
      if (shown) draw();
    },
    stop: () => {
      if (timer) clearInterval(timer);
      if (shown) stderr.write('\r\x1b[2K');
    },
  };
}
