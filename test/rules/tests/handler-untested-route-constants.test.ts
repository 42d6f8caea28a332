/**
 * Handlers a project's own attribute macro registers under a route constant's field
 * (`#[routes::post(path = "crate::API_ROUTES.notes.archive")]`), requested by tests through the same
 * constant under another name (`use crate::api::ROUTES`): the request covers the handler, and the
 * helpers it calls.
 */
import rule from '../../../src/rules/tests/handler-untested.js';
import { testChangeRule } from './change-rule-cases.js';
import { API_MOD, dedent, lib, notesTests, routeTable } from './notes-route-table.js';

const LIB = lib();
const ROUTE_TABLE = routeTable('/api/notes/archive');

const CREATE = dedent(`
use crate::AppData;

#[routes::post(path = "crate::API_ROUTES.notes.create")]
async fn create(data: AppData, payload: web::Json<NewNote>) -> ServiceResult<impl Responder> {
    let id = create_runner(&data, payload.into_inner()).await?;
    Ok(HttpResponse::Ok().json(id))
}

pub async fn create_runner(data: &AppData, note: NewNote) -> ServiceResult<u64> {
    let id = data.db.insert_note(&note.title, &note.body).await?;
    data.index.add(id, &note.title).await?;
    Ok(id)
}

pub fn title_of(note: &NewNote) -> String {
    note.title.trim().to_string()
}
`);
const ARCHIVE = dedent(`

#[routes::post(path = "crate::API_ROUTES.notes.archive")]
async fn archive(data: AppData, payload: web::Json<NoteId>) -> ServiceResult<impl Responder> {
    archive_runner(&data, payload.id).await?;
    Ok(HttpResponse::Ok())
}

pub async fn archive_runner(data: &AppData, id: u64) -> ServiceResult<()> {
    data.db.archive_note(id).await?;
    data.index.remove(id).await?;
    Ok(())
}
`);
/** Where `archive` and `archive_runner` are declared in CREATE + ARCHIVE. */
const CREATE_LINES = CREATE.split('\n').length - 1;
const ARCHIVE_RUNNER_LINE = CREATE_LINES + 8;

const tests = (...requests: string[]) => notesTests(...requests.map((r) => `        let resp = test::call_service(&app, post_request!(&payload(), ${r}).to_request()).await;`));

const P = 'src/api/notes.rs';
const crate = { 'src/lib.rs': LIB, 'src/api/mod.rs': API_MOD, 'src/api/routes.rs': ROUTE_TABLE };

testChangeRule(rule, {
  valid: [
    {
      name: 'the tests request the route constant the new handler is registered under, through another name for it',
      fx: {
        files: { [P]: { base: CREATE + tests('ROUTES.notes.create'), head: CREATE + ARCHIVE + tests('ROUTES.notes.create', 'ROUTES.notes.archive') } },
        unchanged: crate,
      },
    },
  ],
  invalid: [
    {
      // The private handler itself is not commented on: its route is known only by the constant, and a
      // test may build that URL in ways the model does not follow.
      name: 'the tests request only the other field of the route constant: the helper the handler calls is untested',
      fx: {
        files: { [P]: { base: CREATE + tests('ROUTES.notes.create'), head: CREATE + ARCHIVE + tests('ROUTES.notes.create') } },
        unchanged: crate,
      },
      at: [`${P}:${ARCHIVE_RUNNER_LINE}`],
      messageIncludes: '`archive_runner`',
    },
  ],
});
