/**
 * Web frameworks (axum, actix-web, rocket, poem, warp, hyper / tower): how a fn becomes a request
 * handler. The model of the crate (src/model/context.ts) asks these to find where requests enter
 * the code; rules ask the model, not these lists.
 */

/** Attributes (path as written) that register a fn as a route or mark it as one (actix, rocket, poem, axum, utoipa). */
export const ROUTE_ATTRIBUTES: readonly string[] = [
  'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'route', 'routes', 'handler', 'debug_handler',
  'actix_web::get', 'actix_web::post', 'actix_web::put', 'actix_web::patch', 'actix_web::delete', 'actix_web::route', 'actix_web::head',
  'rocket::get', 'rocket::post', 'rocket::put', 'rocket::patch', 'rocket::delete', 'poem::handler', 'axum::debug_handler', 'utoipa::path',
];

/**
 * OpenAPI attributes (path as written) that state the method and path a handler serves:
 * `#[utoipa::path(post, path = "/p")]` (with utoipa-axum's `routes!(handler)` it is also what
 * registers the route), poem-openapi's `#[oai(path = "/p", method = "post")]`.
 */
export const ROUTE_DOC_ATTRIBUTES: readonly string[] = ['utoipa::path', 'oai', 'poem_openapi::oai'];

/** Actix-web's `web::Data<T>`: an extractor that is an `Arc<T>` inside (cloning it is a count bump). */
export const SHARED_STATE_POINTERS: readonly string[] = ['Data'];
/**
 * Extractors that hand the handler the application's shared state, not request data (axum `State`,
 * `Extension`, actix `web::Data`): the type that matters is the one inside (`State<AppState>` -> `AppState`).
 */
export const SHARED_STATE_EXTRACTORS: readonly string[] = ['State', 'Extension', ...SHARED_STATE_POINTERS];
const sharedStateExtractors = new Set(SHARED_STATE_EXTRACTORS);
/** A shared-state extractor by its last path segment (`State`, `web::Data` -> `Data`). */
export const isSharedStateExtractor = (name: string): boolean => sharedStateExtractors.has(name.slice(name.lastIndexOf(':') + 1));

/** Types that are the request itself (actix's `HttpRequest` / `ServiceRequest`, http's and axum's `Request`). */
export const REQUEST_TYPES: readonly string[] = ['HttpRequest', 'ServiceRequest', 'Request'];
/** The request's head without its body (`http::request::Parts`), which `FromRequestParts` impls and middleware read. */
export const REQUEST_HEAD_TYPES: readonly string[] = ['Parts'];
/** What the server recorded about the connection and the routing (the peer's address, the URI before nesting, the matched route template). */
export const CONNECTION_AND_ROUTING_EXTRACTORS: readonly string[] = ['ConnectInfo', 'OriginalUri', 'MatchedPath'];


/**
 * Extractors that hand the handler an owned, deserialised body or parameter set (`Json(body): Json<T>`,
 * `web::Form(f)`, `Query(q)`, `Path(p)`; validating wrappers `Valid*` / `Validated*` too): fields of
 * what they destructure into can be moved out.
 */
export const BODY_EXTRACTORS: readonly string[] = ['Json', 'Form', 'Query', 'Path'];

/** Parameter types (last path segment, before generics) that only a framework fills from a request: extractors. */
export const EXTRACTOR_TYPES: readonly string[] = [
  ...SHARED_STATE_EXTRACTORS, ...BODY_EXTRACTORS, 'Multipart', 'TypedHeader', 'HeaderMap', ...CONNECTION_AND_ROUTING_EXTRACTORS, 'Payload',
  ...REQUEST_TYPES, 'RawQuery', 'CookieJar', 'PrivateCookieJar', 'SignedCookieJar', 'WebSocketUpgrade',
];

/** Parts of a request handled outside an extractor (`http::request::Parts`, `http::Uri`) and tower-cookies' `Cookies`. */
export const REQUEST_PART_TYPES: readonly string[] = [...REQUEST_HEAD_TYPES, 'Uri', 'Cookies'];
/**
 * Types whose contents the client controls (axum, actix-web, http): every extractor but those of
 * shared state and of what the server recorded, and the parts of a request.
 */
export const REQUEST_DATA_TYPES: readonly string[] = [
  ...EXTRACTOR_TYPES.filter((t) => !SHARED_STATE_EXTRACTORS.includes(t) && !CONNECTION_AND_ROUTING_EXTRACTORS.includes(t)),
  ...REQUEST_PART_TYPES,
];
const requestDataType = new RegExp(String.raw`^(&\s*)?(mut\s+)?(([a-z_]+)::)*(${REQUEST_DATA_TYPES.join('|')})\b`);
/** A parameter type as written (`Json<Order>`, `&HttpRequest`, `axum::http::HeaderMap`) that holds data the client sent. */
export const isRequestDataType = (type: string): boolean => requestDataType.test(type);

/**
 * Request messages of protocol-server libraries, by the crate and the type names it decodes a client's
 * request into: a server written on them (an LDAP directory, a DNS server) hands each operation's
 * handler what the client sent, as a web framework's extractor does.
 */
export const PROTOCOL_REQUEST_TYPES: readonly { crate: string; types: RegExp }[] = [
  { crate: 'ldap3_proto', types: /^(LdapMsg|LdapOp|Ldap\w+Request|SearchRequest)$/ },
  { crate: 'hickory_server', types: /^Request$/ },
  { crate: 'trust_dns_server', types: /^Request$/ },
];
/** A type path, resolved through the file's imports (`ldap3_proto::proto::LdapPasswordModifyRequest`), that is a protocol library's request message. */
export function isProtocolRequestType(resolved: string): boolean {
  const segs = resolved.replace(/^::/, '').split('::');
  const name = segs[segs.length - 1]!;
  return segs.length > 1 && PROTOCOL_REQUEST_TYPES.some((p) => p.crate === segs[0] && p.types.test(name));
}

/** Methods of a request (actix `HttpRequest`, `http::Request`, `ServiceRequest`) that read what the client sent: headers, cookies, the URI, the body. */
export const REQUEST_ACCESSORS: readonly string[] = ['headers', 'headers_mut', 'header', 'match_info', 'query_string', 'cookie', 'cookies', 'uri', 'connection_info', 'peer_addr', 'body'];
/** Methods of a request that reach the server's own state attached to it (`req.extensions()`, actix `req.app_data::<T>()`, `req.state()`). */
export const REQUEST_STATE_ACCESSORS: readonly string[] = ['extensions', 'extensions_mut', 'app_data', 'state'];
const requestAccessors = new Set(REQUEST_ACCESSORS);
const requestStateAccessors = new Set(REQUEST_STATE_ACCESSORS);
export const isRequestAccessor = (method: string): boolean => requestAccessors.has(method);
export const isRequestStateAccessor = (method: string): boolean => requestStateAccessors.has(method);
/** `State::from_request_parts(..)`, `Extension::<T>::from_request(..)`: extracting shared state by hand. */
const sharedStateExtraction = new RegExp(String.raw`(^|::)(${SHARED_STATE_EXTRACTORS.join('|')})(::<[^>]*>)?::from_request(_parts)?$`);
export const isSharedStateExtraction = (callee: string): boolean => sharedStateExtraction.test(callee);

/**
 * Extractors whose rejection is `Infallible` (axum, axum-extra): extracting one cannot fail, so
 * `parts.extract::<Uri>().await.unwrap()` never panics. `Result<T, _>` is one too, whatever `T`.
 */
export const INFALLIBLE_EXTRACTORS: readonly string[] = ['HeaderMap', 'Method', 'Uri', 'Extensions', 'OriginalUri', 'RawQuery', 'CookieJar', 'PrivateCookieJar', 'SignedCookieJar', 'Result'];

/** Methods that run an extractor by hand (`parts.extract::<T>()`, `Json::from_request(req, &state)`): their error is the extractor's rejection. */
export const EXTRACT_METHODS: readonly string[] = ['extract', 'extract_with_state', 'from_request', 'from_request_parts'];

/** The traits through which a framework extracts an `Option<T>` from `T` (axum 0.8): `T`'s impl decides whether it can fail. */
export const OPTIONAL_EXTRACTOR_TRAITS: readonly string[] = ['OptionalFromRequestParts', 'OptionalFromRequest'];

/**
 * Method routers and route attributes named for the HTTP method a route answers: axum's `get(list)` /
 * `routing::any(h)`, actix's `web::post()` and `#[get("/")]`, rocket's and poem's attributes.
 */
export const METHOD_ROUTERS: readonly string[] = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace', 'any'];
const methodRouters = new Set(METHOD_ROUTERS);
/** A method router (last path segment): its name is the route's HTTP method. */
export const isMethodRouter = (name: string): boolean => methodRouters.has(name);

/** HTTP methods as a route states them in a value (axum `MethodFilter::POST`, actix `Method::PUT`). */
export const HTTP_METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'];
const httpMethodNamed = new RegExp(`(${HTTP_METHODS.join('|')})`);
/** The first HTTP method a text names (`MethodFilter::GET`, `Method::POST`), or null. */
export const httpMethodIn = (text: string): string | null => httpMethodNamed.exec(text)?.[1] ?? null;

/**
 * How routers give a handler its path, its method and a prefix (axum, actix-web). The model of the
 * crate (src/model/routes.ts) reads route registrations with these.
 */
export const ROUTER_CALLS = {
  /** `.route("/p", get(h))` (axum, actix) and actix's `#[route("/p", method = "GET")]`: the path the handlers in it serve. */
  route: ['route'],
  /** actix `web::resource("/p")`: the path the `.route(..)` / `.to(..)` chained on it serve. */
  resource: ['resource'],
  /** actix `web::get().to(handler)`: binds the handler under the method of the chain's root. */
  bindHandler: ['to'],
  /** axum `on(MethodFilter::POST, handler)`: binds the handler under the method the filter names. */
  bindWithFilter: ['on'],
  /** actix `web::method(Method::PATCH)`: a method router whose method is its argument. */
  methodByValue: ['method'],
  /** actix `web::scope("/p")`: a prefix for everything registered on the chain it roots. */
  scope: ['scope'],
  /** axum `.nest("/p", routes())` (a router) and `.nest_service("/p", svc)`: a prefix for what is nested. */
  nest: ['nest', 'nest_service'],
  /** axum `.nest("/p", module::routes())`: mounts the routes a router fn registers. */
  nestRouter: ['nest'],
  /** actix `.service(handler)`: mounts a handler routed by its attribute (`#[get("/p")]`). */
  mountHandler: ['service'],
  /** actix `.configure(config_fn)`: mounts the routes a config fn registers. */
  mountFn: ['configure'],
} as const satisfies Record<string, readonly string[]>;
/** Whether `name` (a method or a last path segment) is a router call of this kind. */
export const isRouterCall = (kind: keyof typeof ROUTER_CALLS, name: string | null | undefined): boolean => !!name && (ROUTER_CALLS[kind] as readonly string[]).includes(name);

/**
 * Calls that register a handler handed to them by name: axum's method routers (`get(list)`,
 * `.post(create)`, `on(..)`), `.route(..)` / `.to(..)` / `.service(..)` of axum and actix, hyper's
 * `service_fn(..)`, middleware from a fn (`from_fn(auth)`).
 */
export const ROUTING_CALLS: readonly string[] = [
  ...METHOD_ROUTERS, 'on', 'route', 'to', 'service', 'service_fn', 'handler_fn',
  'from_fn', 'from_fn_with_state', 'from_extractor', 'route_service', 'fallback', 'default_service', 'wrap_fn',
];

/**
 * Routing calls only as free fns: `axum::routing::any(handler)`. As a method the name is std's
 * (`iter.any(|x| ..)`), whose closure runs where its caller does.
 */
export const ROUTING_FUNCTIONS_ONLY: readonly string[] = ['any'];

/** Traits that turn a value (an error type, most often) into the response sent to the client: axum's `IntoResponse` / `IntoResponseParts`, actix's `ResponseError`. */
export const RESPONSE_CONVERSION_TRAITS: readonly string[] = ['IntoResponse', 'IntoResponseParts', 'ResponseError'];
const responseConversionTraits = new Set(RESPONSE_CONVERSION_TRAITS);
/** A response-conversion trait by its path as written (`IntoResponse`, `axum::response::IntoResponse`). */
export const isResponseConversionTrait = (path: string): boolean => responseConversionTraits.has(path.slice(path.lastIndexOf(':') + 1));

/** Traits whose methods run once per request (or response): extractors, responders, services, handlers, endpoints. */
export const PER_REQUEST_TRAITS: readonly string[] = [
  'FromRequest', 'FromRequestParts', 'OptionalFromRequest', 'OptionalFromRequestParts', ...RESPONSE_CONVERSION_TRAITS, 'Responder',
  'Service', 'Handler', 'Endpoint', 'FromRequestRef',
];
/** Middleware factories: their method builds the per-request service once (actix's `Transform::new_transform`, poem's `Middleware::transform`). */
export const SERVICE_FACTORY_TRAITS: readonly string[] = ['Transform', 'Middleware'];
/** Traits whose methods a framework calls to serve requests: the per-request ones and the middleware factories. */
export const REQUEST_TRAITS: readonly string[] = [...PER_REQUEST_TRAITS, ...SERVICE_FACTORY_TRAITS];

/**
 * The traits through which a framework builds a handler's parameter from the request (axum, actix-web):
 * a crate's impl that can return `Err` turns the request away before the handler body runs.
 */
export const EXTRACTOR_TRAITS: readonly string[] = ['FromRequest', 'FromRequestParts'];

/** Methods that take the next connection of a listener: the tasks a loop around them spawns serve requests. */
export const ACCEPT_METHODS: readonly string[] = ['accept', 'accept_with', 'poll_accept'];

const routeAttributes = new Set(ROUTE_ATTRIBUTES);
const routeDocAttributes = new Set(ROUTE_DOC_ATTRIBUTES);
const extractorTypes = new Set(EXTRACTOR_TYPES);
const bodyExtractors = new Set(BODY_EXTRACTORS);
const routingCalls = new Set(ROUTING_CALLS);
const routingFunctionsOnly = new Set(ROUTING_FUNCTIONS_ONLY);
const requestTraits = new Set(REQUEST_TRAITS);
const acceptMethods = new Set(ACCEPT_METHODS);
const infallibleExtractors = new Set(INFALLIBLE_EXTRACTORS);
const extractMethods = new Set(EXTRACT_METHODS);
const optionalExtractorTraits = new Set(OPTIONAL_EXTRACTOR_TRAITS);
const extractorTraits = new Set(EXTRACTOR_TRAITS);

export const isRouteAttribute = (path: string): boolean => routeAttributes.has(path);
export const isRouteDocAttribute = (path: string): boolean => routeDocAttributes.has(path);
export const isRoutingCall = (name: string): boolean => routingCalls.has(name);
/** A method call (`.post(create)`, `.to(index)`) that registers a handler. */
export const isRoutingMethod = (name: string): boolean => routingCalls.has(name) && !routingFunctionsOnly.has(name);
export const isRequestTrait = (name: string): boolean => requestTraits.has(name);
const perRequestTraits = new Set(PER_REQUEST_TRAITS);
/** A trait (last path segment) whose methods run once per request, not once per service built. */
export const isPerRequestTrait = (name: string): boolean => perRequestTraits.has(name);
export const isAcceptMethod = (name: string): boolean => acceptMethods.has(name);
export const isExtractMethod = (name: string): boolean => extractMethods.has(name);
export const isOptionalExtractorTrait = (name: string): boolean => optionalExtractorTraits.has(name);
export const isExtractorTrait = (name: string): boolean => extractorTraits.has(name);
/** An extractor type (last path segment, before generics) whose extraction cannot fail. */
export const isInfallibleExtractor = (name: string): boolean => infallibleExtractors.has(name);

/** An extractor (last path segment) that hands over an owned body, incl. the `Valid*` / `Validated*` wrappers. */
export const isBodyExtractor = (name: string): boolean => bodyExtractors.has(name) || /^Valid\w*$/.test(name);
/** A parameter type an extractor fills (`State<AppState>`, `web::Json<T>`, `axum::extract::Path<(..)>`, `&HttpRequest`). */
export function isExtractorType(type: string): boolean {
  const head = type.replace(/^&\s*(mut\s+)?/, '').split('<')[0]!.trim();
  return extractorTypes.has(head.slice(head.lastIndexOf(':') + 1));
}

/**
 * Connections a server reads its requests from (the last path segment of a parameter's or binding's
 * type): an accepted TCP / Unix socket, a TLS stream over one. A protocol server (LDAP, IMAP, a
 * Postgres pooler) has no extractors: what it knows of its client comes from such a value.
 */
export const CONNECTION_TYPES: readonly string[] = ['TcpStream', 'UnixStream', 'TlsStream', 'SslStream'];

/**
 * Methods of a connection that ask the OS about the peer and fail once it has gone away
 * (`ENOTCONN`): a client that disconnects right after connecting makes them return `Err`.
 */
export const PEER_QUERY_METHODS: readonly string[] = ['peer_addr', 'peer_cred', 'peer_certificates'];

const connectionTypes = new Set(CONNECTION_TYPES);
const peerQueryMethods = new Set(PEER_QUERY_METHODS);

/** A connection's type as written (`TcpStream`, `&mut tokio::net::TcpStream`, `TlsStream<TcpStream>`). */
export function isConnectionType(type: string): boolean {
  const head = type.replace(/^&\s*(mut\s+)?/, '').replace(/^mut\s+/, '').split('<')[0]!.trim();
  return connectionTypes.has(head.slice(head.lastIndexOf(':') + 1));
}
export const isPeerQueryMethod = (name: string): boolean => peerQueryMethods.has(name);

/**
 * std's and tokio's own socket types, the request's accessors and parts (`body`, `headers`, `state`, `Uri`)
 * and HTTP's method names (`DELETE` is SQL's too), the segments of warp's filter paths (`body`, `json`,
 * `cookie`, `clone`): counted as API names, they would mark any list of std I/O types or common words as
 * a web-framework list (see http.ts).
 */
export const STD_VOCABULARY: readonly string[] = ['CONNECTION_TYPES', 'PEER_QUERY_METHODS', 'REQUEST_ACCESSORS', 'REQUEST_STATE_ACCESSORS', 'REQUEST_PART_TYPES', 'HTTP_METHODS', 'FILTER_CHAINS'];

/** A handler return type that answers with a JSON list (`Json<Vec<..>>`, `Result<web::Json<Vec<..>>, E>`), spaces removed. */
export const JSON_RESPONSE_TYPES: readonly string[] = ['Json', 'web::Json', 'axum::Json'];
const jsonList = new RegExp(`^(Result<)?\\s*(${JSON_RESPONSE_TYPES.join('|')})<\\s*Vec<`);
export const answersJsonList = (returnType: string): boolean => jsonList.test(returnType.replace(/\s+/g, ''));

/** Server-error statuses (5xx) by the names `http::StatusCode` gives them, with their codes. */
export const SERVER_ERROR_STATUS_CODES: Readonly<Record<string, string>> = { INTERNAL_SERVER_ERROR: '500', NOT_IMPLEMENTED: '501', BAD_GATEWAY: '502', SERVICE_UNAVAILABLE: '503', GATEWAY_TIMEOUT: '504', INSUFFICIENT_STORAGE: '507', LOOP_DETECTED: '508' };
/** The same statuses as actix-web names its response builders (`HttpResponse::InternalServerError()`) and error fns (`error::ErrorInternalServerError(e)`, whose body is `e`'s Display text). */
export const ACTIX_SERVER_ERROR_NAMES: Readonly<Record<string, string>> = { InternalServerError: '500', NotImplemented: '501', BadGateway: '502', ServiceUnavailable: '503', GatewayTimeout: '504' };
/** tonic's server-fault status constructors (`Status::internal(msg)`): their message reaches the gRPC client. */
export const TONIC_SERVER_FAULTS: readonly string[] = ['internal', 'unknown', 'data_loss'];

/**
 * 5xx status constants (axum / http / actix share `StatusCode`), written out or by code
 * (`StatusCode::from_u16(503).unwrap()`); rocket's `Status` consts carry actix's builder names
 * (`Status::InternalServerError`).
 */
const serverErrorStatus = new RegExp(
  `(^|::)StatusCode::(${Object.keys(SERVER_ERROR_STATUS_CODES).join('|')})$|(^|::)StatusCode::from_u16\\(5\\d\\d\\)(\\.unwrap\\(\\)|\\.expect\\([^)]*\\))?$|(^|::)Status::(${Object.keys(ACTIX_SERVER_ERROR_NAMES).join('|')})$`,
);
/** Any status constant written out (`StatusCode::NOT_FOUND`, `StatusCode::from_u16(418)`, rocket's `Status::NotFound`). */
const statusLiteral = /(^|::)StatusCode::([A-Z][A-Z_]+|from_u16\(\d{3}\)(\.unwrap\(\)|\.expect\([^)]*\))?)$|(^|::)Status::[A-Z][a-z]+(?:[A-Z][a-z]+)*$/;
/** `text` (spaces removed) is a 5xx status constant. */
export const isServerErrorStatus = (text: string): boolean => serverErrorStatus.test(text);
/** `text` (spaces removed) is a status constant, of any class. */
export const isStatusLiteral = (text: string): boolean => statusLiteral.test(text);

/** Error-enum variant names that, by convention, name a client's mistake (a 4xx): `NotFound`, `InvalidInput`, `Unauthorized`. */
const clientMistakeVariant =
  /^(NotFound|\w+NotFound|NotFound\w+|BadRequest|Unauthori[sz]ed|Unauthenticated|Forbidden|Conflict|Validation\w*|\w+Validation|Invalid\w*|\w+Invalid|Missing\w*|Duplicate\w*|\w*AlreadyExists|Exists|TooManyRequests|RateLimit\w*|PayloadTooLarge|Unprocessable\w*|Gone|PermissionDenied|\w*Denied|Expired\w*|Malformed\w*|Bad\w+|Unsupported\w*|PreconditionFailed|\w*NotAllowed|Auth|Authentication|Authorization|Client\w*|UserInput|Input)$/;
export const namesClientMistake = (variant: string): boolean => clientMistakeVariant.test(variant);

/** The code of the 5xx status `text` names: a code written out (`from_u16(503)`), else one of `names`' (the StatusCode constants by default), else `5xx`. */
export function serverErrorCode(text: string, names: Readonly<Record<string, string>> = SERVER_ERROR_STATUS_CODES): string {
  const code = /\b(5\d\d)\b/.exec(text)?.[1];
  if (code) return code;
  for (const [name, c] of Object.entries(names)) if (text.includes(name)) return c;
  return '5xx';
}

/**
 * Middleware that bounds the whole handling of a request: when its timeout fires, the handler's future
 * is dropped, and every await inside it (an outbound call included) with it. tower-http's and tower's
 * `TimeoutLayer` (what axum applies with `.layer(..)`); not `RequestBodyTimeoutLayer`, which bounds
 * only the reading of the body.
 */
export const REQUEST_TIMEOUT_LAYERS: readonly string[] = ['tower_http::timeout::TimeoutLayer::new', 'tower_http::timeout::TimeoutLayer::with_status_code', 'tower::timeout::TimeoutLayer::new'];
export const isRequestTimeoutLayer = (resolved: string): boolean => REQUEST_TIMEOUT_LAYERS.includes(resolved.replace(/^::/, ''));

/**
 * Filter-combinator routing (warp): filters joined by `.and(..)` extract values in order, and the fn
 * that `.and_then(h)` / `.map(h)` / `.then(h)` names receives them as its parameters, in that order.
 * Filters are known by their resolved path; a chain none of whose filters is known is not one.
 */
export const FILTER_CHAINS = {
  /** Methods that hand what the chain extracted to a fn (its parameters), and extract that fn's one value. */
  handlerMethods: ['and_then', 'map', 'then'],
  /** Joins two filters: the values of both, left first. */
  joinMethods: ['and'],
  /** Methods that keep what a filter extracts (`.boxed()`, `.with(warp::log("api"))`). */
  passThroughMethods: ['boxed', 'with', 'clone'],
  /** Filters extracting one value from the request: its query, body, a header, a path segment, a cookie. */
  requestValueFilters: [
    'warp::query', 'warp::query::query', 'warp::query::raw', 'warp::filters::query::query', 'warp::filters::query::raw',
    'warp::body::json', 'warp::body::form', 'warp::body::bytes', 'warp::body::stream', 'warp::body::aggregate',
    'warp::header', 'warp::header::header', 'warp::header::optional', 'warp::header::headers_cloned',
    'warp::path::param', 'warp::path::tail', 'warp::path::full', 'warp::path::peek',
    'warp::cookie', 'warp::cookie::cookie', 'warp::cookie::optional', 'warp::multipart::form',
    // The same filters by their defining module's path (`warp::filters::body::bytes()`).
    'warp::filters::body::json', 'warp::filters::body::form', 'warp::filters::body::bytes', 'warp::filters::body::stream', 'warp::filters::body::aggregate',
    'warp::filters::header::header', 'warp::filters::header::optional', 'warp::filters::header::headers_cloned',
    'warp::filters::path::param', 'warp::filters::path::tail', 'warp::filters::path::full', 'warp::filters::path::peek',
    'warp::filters::cookie::cookie', 'warp::filters::cookie::optional', 'warp::filters::multipart::form',
  ],
  /** Filters that match or reject a request and extract nothing. */
  matchOnlyFilters: [
    'warp::path', 'warp::path::end', 'warp::any', 'warp::get', 'warp::post', 'warp::put', 'warp::delete', 'warp::patch', 'warp::head', 'warp::options',
    'warp::header::exact', 'warp::header::exact_ignore_case', 'warp::body::content_length_limit', 'warp::host::exact',
    'warp::filters::path::end', 'warp::filters::any::any', 'warp::filters::method::get', 'warp::filters::method::post', 'warp::filters::method::put',
    'warp::filters::method::delete', 'warp::filters::method::patch', 'warp::filters::body::content_length_limit', 'warp::filters::header::exact',
  ],
  /** Macros (resolved path) that match a path and extract each of its typed segments (`warp::path!("users" / u64)`). */
  pathMacros: ['warp::path'],
  /** Types (resolved path) a helper fn returns a filter as: `impl Filter<Extract = (Db,), ..>`, `BoxedFilter<(Item,)>`. */
  filterTypes: ['warp::Filter', 'warp::filter::Filter', 'warp::filters::BoxedFilter', 'warp::filter::BoxedFilter'],
} as const satisfies Record<string, readonly string[]>;
const filterSets = Object.fromEntries(Object.entries(FILTER_CHAINS).map(([k, v]) => [k, new Set<string>(v)])) as Record<keyof typeof FILTER_CHAINS, Set<string>>;
/** Whether `name` (a method, or a resolved path) is of this kind of filter-chain call. */
export const isFilterChain = (kind: keyof typeof FILTER_CHAINS, name: string | null | undefined): boolean => !!name && filterSets[kind].has(name.replace(/^::/, ''));
