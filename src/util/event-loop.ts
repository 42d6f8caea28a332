/**
 * Lets the event loop run what is waiting (a `/ping`, a webhook) before the caller goes on: the App's
 * review steps are synchronous spans of work over every finding, each bounded, and one step must not
 * run straight into the next as one long span (a promise that is already resolved does not yield).
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
