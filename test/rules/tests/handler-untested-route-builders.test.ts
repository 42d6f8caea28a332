/**
 * Handlers registered under a route constant's field whose tests build the request URL with a fn:
 * a method of the route table formatting the field (`ROUTES.notes.archive_url(id)`), or a helper in
 * another module formatting the constant (`urls::archive_url(id)`). The request covers the handler;
 * a URL built from another field does not.
 */
import rule from '../../../src/rules/tests/handler-untested.js';
import { testChangeRule } from './change-rule-cases.js';
import { API_MOD, dedent, lib, notesTests, routeTable } from './notes-route-table.js';

const LIB = lib('urls');
const ROUTE_TABLE = routeTable(
  '/api/notes/{id}/archive',
  dedent(`
impl Notes {
    pub fn archive_url(&self, id: u64) -> String {
        self.archive.replace("{id}", &id.to_string())
    }
    pub fn create_url(&self, draft: bool) -> String {
        format!("{}?draft={}", self.create, draft)
    }
}
`),
);
const URLS = dedent(`
pub fn archive_url(id: u64) -> String {
    format!("{}?notify={}", crate::API_ROUTES.notes.archive.replace("{id}", &id.to_string()), false)
}
`);

const CREATE = dedent(`
use crate::AppData;

#[routes::post(path = "crate::API_ROUTES.notes.create")]
async fn create(data: AppData, payload: web::Json<NewNote>) -> ServiceResult<impl Responder> {
    let id = data.db.insert_note(&payload.title, &payload.body).await?;
    Ok(HttpResponse::Ok().json(id))
}

pub fn title_of(note: &NewNote) -> String {
    note.title.trim().to_string()
}
`);
const ARCHIVE = dedent(`

#[routes::post(path = "crate::API_ROUTES.notes.archive")]
pub async fn archive(data: AppData, id: web::Path<u64>) -> ServiceResult<impl Responder> {
    data.db.archive_note(id.into_inner()).await?;
    data.index.remove(id.into_inner()).await?;
    Ok(HttpResponse::Ok())
}
`);
/** Where `archive` is declared in CREATE + ARCHIVE. */
const ARCHIVE_LINE = CREATE.split('\n').length - 1 + 3;

const tests = (...uris: string[]) => notesTests(...uris.map((u) => `        let uri = ${u};\n        let resp = test::call_service(&app, test::TestRequest::post().uri(&uri).to_request()).await;`));

const P = 'src/api/notes.rs';
const crate = { 'src/lib.rs': LIB, 'src/api/mod.rs': API_MOD, 'src/api/routes.rs': ROUTE_TABLE, 'src/urls.rs': URLS };
const change = (...uris: string[]) => ({ files: { [P]: { base: CREATE + tests('ROUTES.notes.create_url(true)'), head: CREATE + ARCHIVE + tests('ROUTES.notes.create_url(true)', ...uris) } }, unchanged: crate });

testChangeRule(rule, {
  valid: [
    { name: "the test's URL comes from the route table's method formatting the handler's field", fx: change('ROUTES\n            .notes\n            .archive_url(7)') },
    { name: "the test's URL comes from a helper in another module formatting the handler's route constant", fx: change('crate::urls::archive_url(7)') },
  ],
  invalid: [
    {
      name: "the test's only URL comes from the route table's method for the other field",
      fx: change('ROUTES.notes.create_url(false)'),
      at: [`${P}:${ARCHIVE_LINE}`],
      messageIncludes: '`archive`',
    },
  ],
});
