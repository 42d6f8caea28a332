import { describe, expect, it } from 'vitest';
import { routeConstantKeys, routeRequestedThrough } from '../../src/model/route-constants.js';
import { factsOf, crateModelOf } from '../helpers/crate-model.js';

/** What each fn of one file builds the URL of (facts.ts `buildsRoute`), by name. */
async function builtBy(source: string): Promise<Record<string, string | undefined>> {
  const [facts] = await factsOf({ 'src/routes.rs': source });
  return Object.fromEntries(facts!.fns.map((f) => [f.name, f.buildsRoute]));
}

describe('model/route-builders: fns that return the URL of one route', () => {
  it('reads a route table method formatting or deriving one of its fields', async () => {
    const built = await builtBy(`
impl Survey {
    pub fn get_download_route(&self, id: &str, page: usize) -> String {
        format!("{}?page={}", self.download.replace("{survey_id}", id), page)
    }
    pub fn view(&self, key: &str) -> String { self.view.replace("{key}", key) }
    pub fn joined(&self) -> String { self.base.to_string() + "/x" }
}
`);
    expect(built).toEqual({ get_download_route: 'self.download', view: 'self.view', joined: undefined });
  });

  it('reads a helper formatting a route constant, a path constant or a written path', async () => {
    const built = await builtBy(`
pub fn archive_url(id: u64) -> String { format!("{}?id={}", crate::API_ROUTES.notes.archive, id) }
pub fn edit_url(id: u64) -> String { API_ROUTES.notes.edit.replace("{id}", &id.to_string()) }
pub fn items_url(page: u32) -> String { format!("{}?page={}", ITEMS, page) }
pub fn order_url(id: u64) -> String { format!("/api/orders/{}", id) }
`);
    expect(built).toEqual({ archive_url: 'crate::API_ROUTES.notes.archive', edit_url: 'API_ROUTES.notes.edit', items_url: 'ITEMS', order_url: '"/api/orders/{}"' });
  });

  it('reads nothing from two sources, a call it cannot read, a non-string return, or text that is not a path', async () => {
    const built = await builtBy(`
pub fn both(&self) -> String { format!("{}{}", self.base, self.download) }
pub fn prefixed(&self) -> String { format!("{}/items/{}", self.base, 3) }
pub fn looked_up(&self, k: &str) -> String { format!("{}", self.lookup(k)) }
pub fn count(&self) -> usize { self.items.len() }
pub fn message(&self, n: u32) -> String { format!("{} items", n) }
pub fn only_placeholders(a: &str, b: &str) -> String { format!("{}/{}", a, b) }
pub fn sub_route(&self, id: u64) -> String { format!("{}/{}", self.items, id) }
pub fn sub_path(&self) -> String { self.items.to_string() + "/all" }
`);
    expect(Object.values(built).every((v) => v === undefined)).toBe(true);
  });
});

describe('model/route-constants: a route requested through a fn that builds its URL', () => {
  const files = {
    'src/lib.rs': 'pub mod api;\npub mod pages;\npub use api::ROUTES as API_ROUTES;\n',
    'src/api.rs': `
pub struct Notes { pub create: &'static str, pub archive: &'static str }
pub struct Routes { pub notes: Notes }
pub const ROUTES: Routes = Routes { notes: Notes { create: "/api/notes/new", archive: "/api/notes/{id}/archive" } };
pub const ORDERS: &str = "/api/orders";
impl Notes {
    pub fn archive_url(&self, id: u64) -> String { self.archive.replace("{id}", &id.to_string()) }
}
pub fn create_url() -> String { format!("{}?draft=1", crate::API_ROUTES.notes.create) }
pub fn order_url(page: u32) -> String { format!("{}?page={}", ORDERS, page) }
`,
    // Another table with a method of the same name formatting another field.
    'src/pages.rs': `
pub struct Notes { pub list: &'static str }
pub struct Pages { pub notes: Notes }
pub const PAGES: Pages = Pages { notes: Notes { list: "/notes" } };
impl Notes {
    pub fn archive_url(&self, id: u64) -> String { format!("{}#{}", self.list, id) }
}
`,
  };

  it('keys a route table method called on the table as the field it formats, by the table type', async () => {
    const model = await crateModelOf(files);
    const key = (module: string[], chain: string) => routeConstantKeys(model.index, 'src/api.rs', module, chain)[0];
    expect(key(['api'], 'ROUTES.notes.archive_url')).toBe(key(['api'], 'ROUTES.notes.archive'));
    expect(key(['pages'], 'PAGES.notes.archive_url')).toBe(routeConstantKeys(model.index, 'src/pages.rs', ['pages'], 'PAGES.notes.list')[0]);
  });

  it('gives the constant field or the path a helper builds', async () => {
    const model = await crateModelOf(files);
    const fn = (name: string) => model.index.fnsNamed(model.index.crateOf('src/api.rs'), name)[0]!;
    expect(routeRequestedThrough(model.index, fn('create_url')).keys).toEqual(routeConstantKeys(model.index, 'src/api.rs', ['api'], 'ROUTES.notes.create'));
    expect(routeRequestedThrough(model.index, fn('order_url'))).toEqual({ keys: [], urls: ['/api/orders'] });
  });
});
