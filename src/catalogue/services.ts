/**
 * Other services a backend talks to (payments, mail, queues, object storage, HTTP APIs): how code
 * names their clients and the calls that reach them, and the library calls that wait on something
 * other than the database. The database rules ask these to tell a remote call from a query (an
 * awaited payment or e-mail while a transaction is open holds its connection and row locks).
 */
import { REQUEST_METHODS, SEND_METHODS } from './http.js';

/**
 * Words in a receiver's or argument's text that make it a client of another service (`self.payments`,
 * `state.mailer`, `stripe`, `sqs_client`): vendors, protocols, and the roles such clients play. A
 * `*_client` counts unless a database or cache word comes right before it (`db_client`, `redis_client`).
 */
export const SERVICE_CLIENT_NAMES = /((?<!db|pg|postgres|sql|database|redis|cache)_client\b|payment|payments|stripe|paypal|braintree|adyen|billing_client|http|reqwest|mailer|mail|email|smtp|sendgrid|postmark|ses|sms|twilio|notifier|push|publisher|producer|queue|kafka|nats|rabbit|amqp|sqs|sns|pubsub|webhook|s3|storage|bucket|blob|search_client|elastic|api_client|gateway|grpc|slack|provider|partner)/i;

/** Methods that call another service whatever the receiver is named (`.send_email(..)`, `.charge(..)`, `.put_object(..)`). */
export const REMOTE_CALL_METHODS: readonly string[] = ['send', 'send_email', 'send_mail', 'send_message', 'publish', 'charge', 'capture', 'refund', 'put_object', 'get_object', 'upload', 'post_message', 'produce', 'notify', 'deliver', 'dispatch_webhook'];

/** Callees (resolved path) that wait on something other than the database: an HTTP request, a sleep, a spawned task. */
export const NON_DATABASE_WAITS = /^(reqwest::(get|Client)|hyper::|tokio::time::sleep|sleep$|tokio::spawn$)/;

/** Words of a binding that sends requests to another service (`http_client`, `self.client`, `mailer`). */
export const REQUEST_SENDER_WORDS: readonly string[] = ['http', 'client', 'mailer'];
const outboundRequestText = new RegExp(String.raw`reqwest::|\.send\(\)\s*\.await|\b\w*(${REQUEST_SENDER_WORDS.join('|')})\w*\s*\.\s*(${[...REQUEST_METHODS, ...SEND_METHODS].join('|')})\s*\(`);

const remoteCallMethods = new Set(REMOTE_CALL_METHODS);
export const isServiceClientText = (text: string): boolean => SERVICE_CLIENT_NAMES.test(text);
export const isRemoteCallMethod = (method: string): boolean => remoteCallMethods.has(method);
export const isNonDatabaseWait = (resolved: string): boolean => NON_DATABASE_WAITS.test(resolved);
/** Whether a fn body's text sends an HTTP request or a message (`reqwest::..`, `.send().await`, `self.http.post(..)`). */
export const mentionsOutboundRequest = (text: string): boolean => outboundRequestText.test(text);

/** Words, not API paths (`mail`, `push`, `send`, `client`): counted as API names they would mark any list of common words (see catalogue/index.ts). */
export const STD_VOCABULARY: readonly string[] = ['SERVICE_CLIENT_NAMES', 'REMOTE_CALL_METHODS', 'REQUEST_SENDER_WORDS'];
