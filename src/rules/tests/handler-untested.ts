import { defineRule } from '../define-rule.js';
import { analyseCoverage, isUntestedHandler } from './support/coverage.js';
import { ChangeSources } from './support/sources.js';

/** Service modules: their entry points are called, not routed to. */
const SERVICE_MODULE = /(^|\/)services?(\/|\.rs$)/;

export default defineRule({
  id: 'tests/handler-untested',
  role: 'tests',
  category: 'suspicious',
  docs: {
    summary: 'A new or changed HTTP handler or service entry point that no test in the PR or the crate mentions, in a crate that tests its other handlers.',
    why: 'Handlers are where request parsing, authorisation and the database meet; when the rest of the module is tested, an untested new handler is the part most likely to ship a wrong status code or a missing ownership check.',
    bad: `pub async fn get_project(State(db): State<PgPool>, Path(id): Path<Uuid>) -> Result<Json<Project>, ApiError> {
    Ok(Json(repo::find(&db, id).await?))
}

pub async fn archive_project(State(db): State<PgPool>, Path(id): Path<Uuid>) -> Result<StatusCode, ApiError> {
    repo::archive(&db, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[sqlx::test(fixtures("projects"))]
    async fn get_project_returns_it(pool: PgPool) {
        let Json(p) = get_project(State(pool), Path(PROJECT)).await.unwrap();
        assert_eq!(p.id, PROJECT);
    }
}
`,
    good: `pub async fn get_project(State(db): State<PgPool>, Path(id): Path<Uuid>) -> Result<Json<Project>, ApiError> {
    Ok(Json(repo::find(&db, id).await?))
}

pub async fn archive_project(State(db): State<PgPool>, Path(id): Path<Uuid>) -> Result<StatusCode, ApiError> {
    repo::archive(&db, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[sqlx::test(fixtures("projects"))]
    async fn get_project_returns_it(pool: PgPool) {
        let Json(p) = get_project(State(pool), Path(PROJECT)).await.unwrap();
        assert_eq!(p.id, PROJECT);
    }

    #[sqlx::test(fixtures("projects"))]
    async fn archive_project_is_204(pool: PgPool) {
        assert_eq!(archive_project(State(pool), Path(PROJECT)).await.unwrap(), StatusCode::NO_CONTENT);
    }
}
`,
    path: 'src/handlers/projects.rs',
    anchor: 'The Rust Book ch. 11 "Writing Automated Tests"; sqlx::test docs',
  },
  messages: {
    added: 'new {{kind}} `{{name}}` has no test: no test in this PR or in the crate calls it{{route}}{{context}}',
    changed: '{{kind}} `{{name}}` changes here but no test calls it{{route}}{{context}}',
  },
  help: 'Add a test for it next to the others (e.g. `#[sqlx::test]` calling the handler, or a request through the router): the success case and the main refusal (not found / not owner / invalid input).',
  async check(ctx) {
    // A whole tree has no change: the summary counts its untested handlers (see changeCoverage).
    if (ctx.wholeTree) return;
    const sources = await ChangeSources.open(ctx);
    const rows = await analyseCoverage(sources);
    for (const row of rows.filter(isUntestedHandler)) {
      const context = row.moduleTestsNeighbours ? ', while the other public functions of this module are tested' : '';
      const isHandler = row.routes.length > 0 || !SERVICE_MODULE.test(row.path);
      const data = { name: row.name, context, kind: isHandler ? 'handler' : 'service function', route: isHandler ? ' or requests its route' : '' };
      ctx.report({ path: row.path, line: row.line, messageId: row.fn.change, data });
    }
  },
});
