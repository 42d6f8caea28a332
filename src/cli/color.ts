/**
 * `--color auto|always|never`. `auto` follows the conventions (https://no-color.org,
 * https://force-color.org): a non-empty NO_COLOR turns colour off, a FORCE_COLOR other than `0` or
 * `false` turns it on, otherwise colour only on a terminal. An explicit `always` / `never` wins.
 */
export type ColorChoice = 'auto' | 'always' | 'never';
export const COLOR_CHOICES: readonly ColorChoice[] = ['auto', 'always', 'never'];

export function useColor(choice: ColorChoice, env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  if (choice !== 'auto') return choice === 'always';
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return isTty;
}
