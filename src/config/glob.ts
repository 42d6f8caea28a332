/** Path globs in the config are checked when it loads, so a typo is an error, not a silently empty match. */
import picomatch from 'picomatch';
import { z } from 'zod';

/** Why a glob is unusable, or undefined when it is fine. */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'an empty glob matches nothing';
  if (glob.startsWith('/')) return `globs are relative to the repository root: write \`${glob.replace(/^\/+/, '') || '**'}\`, not \`${glob}\``;
  if (glob.startsWith('./')) return `globs are relative to the repository root: write \`${glob.slice(2)}\`, not \`${glob}\``;
  if (glob.includes('\\')) return 'use forward slashes (`\\` escapes the next character in a glob)';
  try {
    picomatch.makeRe(glob, { strictBrackets: true, dot: true });
  } catch (e) {
    return `bad glob syntax: ${(e as Error).message.split(' - ')[0]}`;
  }
  return undefined;
}

export const globSchema = z.string().superRefine((glob, ctx) => {
  const problem = globProblem(glob);
  if (problem) ctx.addIssue({ code: 'custom', message: `\`${glob}\`: ${problem}` });
});
