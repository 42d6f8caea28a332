/**
 * The crate both route-constant tests of handler-untested stand on: a library re-exporting a route
 * table (`crate::API_ROUTES`, also `crate::api::ROUTES`) of one `notes` group, and the `tests` module
 * of `src/api/notes.rs` whose one async test sends the requests it is given.
 */
export const dedent = (s: string) => s.replace(/^\n/, '');

/** `src/lib.rs`, with any further `pub mod` lines. */
export const lib = (...mods: string[]) => dedent(`
pub mod api;
${mods.map((m) => `pub mod ${m};\n`).join('')}pub use api::ROUTES as API_ROUTES;
`);

export const API_MOD = dedent(`
pub mod notes;
mod routes;
pub use routes::ROUTES;
`);

/** `src/api/routes.rs`: the table, with the archive route at `archive` and any code after it. */
export const routeTable = (archive: string, after = '') => dedent(`
pub struct Notes {
    pub create: &'static str,
    pub archive: &'static str,
}
pub struct Routes {
    pub notes: Notes,
}
pub const ROUTES: Routes = Routes {
    notes: Notes { create: "/api/notes/new", archive: "${archive}" },
};
`) + after;

/** The `tests` module: a unit test, and one async test sending each request statement given. */
export const notesTests = (...requests: string[]) => `
#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ROUTES;

    #[test]
    fn trims_titles() {
        assert_eq!(title_of(&NewNote::titled(" a ")), "a");
    }

    #[actix_rt::test]
    async fn notes_work() {
        let app = test_app().await;
${requests.map((r) => `${r}\n        assert_eq!(resp.status(), StatusCode::OK);`).join('\n')}
    }
}
`;
