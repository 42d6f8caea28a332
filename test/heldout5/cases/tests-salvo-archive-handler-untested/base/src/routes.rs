use salvo::prelude::*;

use crate::handlers::projects;

pub fn router() -> Router {
    Router::with_path("projects")
        .get(projects::list_projects)
        .push(Router::with_path("<id>").get(projects::get_project))
}
