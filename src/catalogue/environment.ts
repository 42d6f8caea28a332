/**
 * APIs that change the process environment (variables, working directory): shared by every thread,
 * so a test calling one races the tests running beside it. Each name once, here.
 */

/** Free functions, by resolved path. */
export const ENV_MUTATING_FUNCTIONS: readonly string[] = ['std::env::set_var', 'std::env::remove_var', 'std::env::set_current_dir'];

/**
 * Sandboxes handed to a closure whose methods still change the real process environment: figment's
 * `Jail::expect_with(|jail| jail.set_env(..))` sets process variables. `serialises`: the sandbox
 * takes a process-wide lock, so its users run one at a time, and restores the environment and the
 * working directory when the closure returns (figment's Jail does both); tests outside a sandbox
 * are not serialised against it.
 */
export const ENV_MUTATING_SANDBOXES: readonly { enter: readonly string[]; methods: readonly string[]; serialises: boolean }[] = [
  { enter: ['figment::Jail::expect_with', 'figment::Jail::try_with'], methods: ['set_env', 'clear_env', 'change_dir'], serialises: true },
];

/** Last segments of every mutating name, for a rule's `requires` and a cheap first test. */
export const ENV_MUTATING_TEXT = new RegExp(
  [...ENV_MUTATING_FUNCTIONS.map((p) => p.split('::').pop()!), ...ENV_MUTATING_SANDBOXES.flatMap((s) => s.methods)].join('|'),
);

/** Whether a call of `enter` (a resolved path) runs its closure in a sandbox that serialises its users and restores the environment. */
export function isSerialisingSandbox(enter: string): boolean {
  const path = enter.replace(/^::/, '');
  return ENV_MUTATING_SANDBOXES.some((s) => s.serialises && s.enter.includes(path));
}

/** Whether `method` called on the parameter of a closure handed to `enter` (a resolved path) changes the environment. */
export function sandboxMutates(enter: string, method: string): boolean {
  return ENV_MUTATING_SANDBOXES.some((s) => s.enter.includes(enter.replace(/^::/, '')) && s.methods.includes(method));
}
