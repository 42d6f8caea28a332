/**
 * Webhook deliveries to `/` are handled like those to Probot's webhook path (`/api/github/webhooks`).
 * Probot's setup flow (the manifest at `/`, used when APP_ID is missing) registers the App with
 * WEBHOOK_PROXY_URL as its webhook URL when that is set (a smee.io channel for local development),
 * else with `<the address the setup page was opened at>/`: with this, both work as registered.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Probot } from 'probot';

type Handler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export function rootWebhookHandler(probot: Pick<Probot, 'getNodeMiddleware'>): Handler {
  let middleware: Promise<Handler> | undefined;
  return async (req, res) => {
    if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== '/' || !req.headers['x-github-event']) return false;
    middleware ??= probot.getNodeMiddleware({ path: '/' }) as Promise<Handler>;
    return (await middleware)(req, res);
  };
}
