/**
 * HTTP clients and their timeout knobs: how a `reqwest` client is built, which builder or request
 * methods set a timeout, the convenience functions that use a fresh timeout-less client, and the
 * connect calls (TCP, tonic) that wait for the OS connect timeout unless wrapped.
 */

/** `reqwest::Client::new()` / `::default()`: a client with reqwest's defaults (no timeout). */
export const DEFAULT_CLIENT_CONSTRUCTORS: readonly string[] = ['reqwest::Client::new', 'reqwest::Client::default'];
/** Builder entry points: the client is what `.build()` returns, with the knobs set on the way. */
export const CLIENT_BUILDERS: readonly string[] = ['reqwest::Client::builder', 'reqwest::ClientBuilder::new', 'reqwest::ClientBuilder::default'];
/** Builders that wrap a client they are given (reqwest-middleware): the timeout of the inner client counts. */
export const WRAPPING_CLIENT_BUILDERS: readonly string[] = ['reqwest_middleware::ClientBuilder::new'];
/** Methods (on a client builder or a request builder) that bound how long a request may take. */
export const TIMEOUT_METHODS: readonly string[] = ['timeout', 'read_timeout'];
/** Methods of a connect chain that bound the connect (tonic `Endpoint`). */
export const CONNECT_TIMEOUT_METHODS: readonly string[] = ['timeout', 'connect_timeout'];
/** Request-builder methods of a client that start a request (`client.post(url)`). */
export const REQUEST_METHODS: readonly string[] = ['get', 'post', 'put', 'patch', 'delete', 'head', 'request'];
/** Free functions that send through a fresh client with no timeout. */
export const CONVENIENCE_REQUESTS: readonly string[] = ['reqwest::get'];
/** Connects that wait for the OS connect timeout (minutes) unless wrapped in `tokio::time::timeout`. */
export const UNBOUNDED_CONNECTS: readonly string[] = ['tokio::net::TcpStream::connect', 'tokio::net::UnixStream::connect'];
/** TLS connectors whose `.connect(name, stream)` is a handshake with the peer: it waits as long as the peer stalls. */
export const UNBOUNDED_HANDSHAKE_TYPES: readonly string[] = ['tokio_rustls::TlsConnector', 'tokio_native_tls::TlsConnector', 'async_native_tls::TlsConnector'];
/** tonic endpoints: `Endpoint::from_static(..).connect()` without `.timeout` / `.connect_timeout`. */
export const GRPC_ENDPOINTS: readonly string[] = ['tonic::transport::Endpoint::from_static', 'tonic::transport::Endpoint::from_shared', 'tonic::transport::Endpoint::new', 'tonic::transport::Channel::from_static', 'tonic::transport::Channel::from_shared', 'tonic::transport::Channel::new'];
/** Future adaptors / functions that bound an await (`tokio::time::timeout(d, fut)`, `fut.timeout(d)`). */
export const TIMEOUT_WRAPPERS: readonly string[] = ['timeout', 'timeout_at'];
/** Smart-pointer constructors and clones whose argument is the client itself. */
export const SHARING_CONSTRUCTORS: readonly string[] = ['Arc::new', 'Rc::new', 'Box::new', 'clone'];

/** Crates whose clients send HTTP requests to another service: a `Result` of their sends fails for the remote's reasons. */
export const HTTP_CLIENT_CRATES: readonly string[] = ['reqwest', 'reqwest_middleware', 'ureq', 'surf', 'isahc', 'awc'];
/** Request-builder methods that send the request built by a request method (`client.get(url).send()`, ureq's `.call()`). */
export const SEND_METHODS: readonly string[] = ['send', 'call'];

/** Methods of an HTTP response that read its body into an owned value (reqwest's `.json::<T>()`, `.text()`, `.bytes()`). */
export const RESPONSE_BODY_METHODS: readonly string[] = ['json', 'text', 'bytes'];

const has = (list: readonly string[]) => {
  const set = new Set(list);
  return (name: string): boolean => set.has(name);
};
export const isDefaultClientConstructor = has(DEFAULT_CLIENT_CONSTRUCTORS);
export const isClientBuilder = has(CLIENT_BUILDERS);
export const isWrappingClientBuilder = has(WRAPPING_CLIENT_BUILDERS);
export const isTimeoutMethod = has(TIMEOUT_METHODS);
export const isConnectTimeoutMethod = has(CONNECT_TIMEOUT_METHODS);
export const isRequestMethod = has(REQUEST_METHODS);
export const isConvenienceRequest = has(CONVENIENCE_REQUESTS);
export const isSendMethod = has(SEND_METHODS);
export const isResponseBodyMethod = has(RESPONSE_BODY_METHODS);
/** A path (`reqwest::Client::new`, `ureq::get`) in a crate that sends HTTP requests. */
export const isHttpClientPath = (path: string): boolean => HTTP_CLIENT_CRATES.some((c) => path === c || path.startsWith(`${c}::`));
export const isUnboundedConnect = has(UNBOUNDED_CONNECTS);
export const isGrpcEndpoint = has(GRPC_ENDPOINTS);
export const isUnboundedHandshakeType = has(UNBOUNDED_HANDSHAKE_TYPES);
/** A resolved path (or its last segment) that bounds an await. */
export const isTimeoutWrapper = (path: string): boolean => TIMEOUT_WRAPPERS.includes(path.slice(path.lastIndexOf(':') + 1));
/** `Arc::new`, `std::sync::Arc::new`, `Clone::clone`: the argument is the value. */
export const isSharingConstructor = (path: string): boolean => SHARING_CONSTRUCTORS.some((s) => path === s || path.endsWith(`::${s}`));
/** Any construction of a client: default constructor or builder. */
export const isClientConstruction = (path: string): boolean => isDefaultClientConstructor(path) || isClientBuilder(path);

/** std's and HTTP's own vocabulary, too common to mark a list elsewhere as a list of library API names (see locks.ts). */
// The paths' last segments (`get`, `connect`, `default`, `new`) are verbs every crate uses: counted, they would mark any
// list holding `get` as an HTTP API list.
export const STD_VOCABULARY: readonly string[] = ['RESPONSE_BODY_METHODS', 'REQUEST_METHODS', 'TIMEOUT_METHODS', 'CONNECT_TIMEOUT_METHODS', 'TIMEOUT_WRAPPERS', 'SHARING_CONSTRUCTORS', 'CONVENIENCE_REQUESTS', 'UNBOUNDED_CONNECTS', 'GRPC_ENDPOINTS', 'DEFAULT_CLIENT_CONSTRUCTORS', 'CLIENT_BUILDERS', 'SEND_METHODS'];
