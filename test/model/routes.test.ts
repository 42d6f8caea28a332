import { beforeAll, describe, expect, it } from 'vitest';
import { applyMounts, mountsIn, routesIn } from '../../src/model/routes.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

const rootOf = (source: string) => parseRust(source).rootNode;
const routes = (source: string) => routesIn(rootOf(source)).map(({ method, path, handler }) => `${method} ${path} ${handler}`);
const served = (source: string) => applyMounts(routesIn(rootOf(source)), mountsIn(rootOf(source))).map(({ method, path, handler }) => `${method} ${path} ${handler}`);

beforeAll(loadRustParser);

describe('model/routes: the routes a crate registers', () => {
  it('reads axum method routers, chained and filtered', () => {
    expect(routes(`
fn app() -> Router {
    Router::new()
        .route("/invoices", get(invoices::list).post(invoices::create))
        .route("/invoices/{id}", routing::delete(remove_invoice))
        .route("/hooks", on(MethodFilter::PATCH, receive_hook))
}
`)).toEqual(['POST /invoices create', 'GET /invoices list', 'DELETE /invoices/{id} remove_invoice', 'PATCH /hooks receive_hook']);
  });

  it('reads actix routes, resources and attribute-routed handlers', () => {
    expect(routes(`
#[get("/parcels/{id}")]
async fn show_parcel() -> impl Responder { "" }

#[route("/parcels", method = "PUT")]
async fn replace_parcels() -> impl Responder { "" }

fn config(cfg: &mut web::ServiceConfig) {
    cfg.route("/depots", web::post().to(add_depot))
        .service(web::resource("/depots/{id}").route(web::method(Method::PATCH).to(edit_depot)));
}
`)).toEqual(['GET /parcels/{id} show_parcel', 'PUT /parcels replace_parcels', 'POST /depots add_depot', 'PATCH /depots/{id} edit_depot']);
  });

  it('reads the path an OpenAPI attribute states', () => {
    expect(routes(`
#[utoipa::path(post, path = "/tickets", responses((status = 201)))]
async fn open_ticket() {}

#[oai(path = "/tickets/:id", method = "delete")]
async fn close_ticket() {}
`)).toEqual(['POST /tickets open_ticket', 'DELETE /tickets/:id close_ticket']);
  });

  it('puts scope and nest prefixes in front, written around the route or mounted from elsewhere', () => {
    expect(routes(`
fn app() -> Router {
    Router::new().nest("/api", Router::new().route("/ping", get(ping)))
}
`)).toEqual(['GET /api/ping ping']);
    expect(served(`
fn api() -> Router { Router::new().route("/ledgers", get(ledgers)) }
fn app() -> Router { Router::new().nest("/v2", api()) }
`)).toEqual(['GET /ledgers ledgers', 'GET /v2/ledgers ledgers']);
    expect(served(`
#[get("/{id}")]
async fn shipment() -> impl Responder { "" }
fn shipments(cfg: &mut web::ServiceConfig) { cfg.route("/recent", web::get().to(recent)); }
fn app() { App::new().service(web::scope("/shipments").service(shipment).configure(shipments)); }
`)).toEqual(['GET /{id} shipment', 'GET /shipments/{id} shipment', 'GET /recent recent', 'GET /shipments/recent recent']);
  });

  it('has no route for a call that only looks like one', () => {
    expect(routes(`
fn f(items: Vec<u8>, map: HashMap<String, u8>) {
    let any = items.iter().any(|x| *x > 1);
    let v = map.get("/not-a-route");
    router.route(path_from_config, get(handler));
}
`)).toEqual([]);
    expect(mountsIn(rootOf(`fn app() -> Router { Router::new().nest_service("/assets", ServeDir::new("dist")) }`))).toEqual([]);
  });
});

describe('model/routes: routes registered under a route constant', () => {
  it('reads the constant field chain an attribute names, in a string or bare, and leaves written paths as they were', () => {
    const found = routesIn(rootOf(`
#[my_codegen::post(path = "crate::V1_ROUTES.account.delete")]
async fn delete_account() -> impl Responder { "" }

#[get(ROUTES.pages.home, wrap = "Auth")]
async fn home() -> impl Responder { "" }

#[get("/health")]
async fn health() -> impl Responder { "" }

#[get("relative/{id}")]
async fn relative() -> impl Responder { "" }
`));
    expect(found.map(({ method, path, handler, constant }) => `${method} ${constant ?? path} ${handler}`)).toEqual([
      'POST crate::V1_ROUTES.account.delete delete_account',
      'GET ROUTES.pages.home home',
      'GET /health health',
    ]);
  });

  it('keeps a constant route out of a scope prefix (the constant holds the path as served)', () => {
    expect(served(`
#[post(path = "crate::ROUTES.auth.login")]
async fn login() -> impl Responder { "" }
fn config(cfg: &mut web::ServiceConfig) { cfg.service(web::scope("/api").service(login)); }
`)).toEqual(['POST  login']);
  });
});
