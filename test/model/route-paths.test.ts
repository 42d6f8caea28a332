import { describe, expect, it } from 'vitest';
import { looksLikeRequestPath, routeStaticSegments, testUrlSegments, urlHitsRoute } from '../../src/model/route-paths.js';

describe('whether a request path is one a registered route serves', () => {
  it('parameters in every framework\'s syntax match any segment; static segments must match', () => {
    expect(urlHitsRoute('/orders/42/items', '/orders/{id}/items')).toBe(true); // axum 0.7+, actix
    expect(urlHitsRoute('/orders/42/items', '/orders/:id/items')).toBe(true); // axum 0.6
    expect(urlHitsRoute('/orders/42/items', '/orders/<id>/items')).toBe(true); // rocket
    expect(urlHitsRoute('/orders/42/lines', '/orders/{id}/items')).toBe(false);
    expect(urlHitsRoute('/orders/42', '/orders/{id}/items')).toBe(false);
  });
  it('reads a test\'s URL without scheme, host, query or fragment, and allows a prefix the router nests it under', () => {
    expect(urlHitsRoute('http://{addr}/health?verbose=1', '/health')).toBe(true);
    expect(urlHitsRoute('https://localhost:8080/health#top', '/health')).toBe(true);
    expect(urlHitsRoute('/api/v1/orders/7', '/orders/{id}')).toBe(true);
    expect(urlHitsRoute('/orders/7/extra', '/orders/{id}')).toBe(false);
  });
  it('a trailing wildcard takes the rest; a route of parameters only has nothing to match on', () => {
    expect(urlHitsRoute('/static/css/site.css', '/static/*path')).toBe(true);
    expect(urlHitsRoute('/static/css/site.css', '/static/{*path}')).toBe(true);
    expect(urlHitsRoute('/anything', '/{slug}')).toBe(false);
    expect(routeStaticSegments('/{slug}')).toEqual([]);
  });
  it('names the static segments a request must hold, and a URL\'s segments to look them up by', () => {
    expect(routeStaticSegments('/orders/{id}/items')).toEqual(['orders', 'items']);
    expect(testUrlSegments('http://{addr}/orders/9/items?page=2')).toEqual(['orders', '9', 'items']);
  });
  it('tells a request path or URL from other strings', () => {
    for (const t of ['/orders/{id}', 'http://{addr}/health', 'https://api.example.com/v1', '{base}/orders', '/']) expect(looksLikeRequestPath(t), t).toBe(true);
    for (const t of ['orders', 'not found: /x', 'mailto:a@b', 'C:\\tmp']) expect(looksLikeRequestPath(t), t).toBe(false);
  });
});
